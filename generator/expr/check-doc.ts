import type { QAPIDoc } from '../doc/doc.js';
import type { QAPIObject } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';

/**
 * The doc checks QEMU makes while checking an expression (step 5): an attached doc must be
 * for this definition, and its `Returns` (10.0: and `Errors`) sections must fit it; under pragma doc-required a
 * definition must have one.
 */
export function checkDefinitionDoc(
  doc: QAPIDoc | undefined,
  name: string,
  meta: string,
  expr: QAPIObject,
  info: SourceInfo,
  docRequired: boolean,
): void {
  if (doc) {
    if (doc.symbol !== name) throw semError(info, `documentation comment is for '${doc.symbol}'`);
    doc.checkExpr(meta, expr);
  } else if (docRequired) {
    throw semError(info, 'documentation comment required');
  }
}
