import type { QAPIDoc } from './doc/doc.js';
import { checkExpressions } from './expr/check-expressions.js';
import { parseSchema } from './parser/parser.js';
import type { FileReader } from './parser/read-source.js';
import { buildSchema } from './schema/build.js';
import type { Schema } from './schema/model.js';

export interface LoadedSchema {
  readonly schema: Schema;
  /** Every doc block, in parse order (the dump prints them after the entities). */
  readonly docs: readonly QAPIDoc[];
}

/**
 * The whole front end: text -> tokens -> expressions -> checked schema. Throws the first
 * QAPIError, as QEMU does.
 */
export function loadSchema(fname: string, readFile?: FileReader): LoadedSchema {
  const parsed = parseSchema(fname, readFile);
  const checked = checkExpressions(parsed);
  const schema = buildSchema(checked, parsed, fname);
  return { schema, docs: parsed.docs };
}
