import type { QAPIDoc } from '../doc/doc.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';

/**
 * The doc checks QEMU makes while checking an expression (step 5): an attached doc must be
 * for this definition and may hold `Returns:` only for commands; under pragma doc-required a
 * definition must have one.
 */
export function checkDefinitionDoc(
  doc: QAPIDoc | undefined,
  name: string,
  meta: string,
  info: SourceInfo,
  docRequired: boolean,
): void {
  if (doc) {
    if (doc.symbol !== name) throw semError(info, `documentation comment is for '${doc.symbol}'`);
    doc.checkExpr(meta);
  } else if (docRequired) {
    throw semError(info, 'documentation comment required');
  }
}
