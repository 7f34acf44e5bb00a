import type { Dialect } from './dialect/dialect.js';
import { QEMU_7_2 } from './dialect/qemu-7.2.js';
import type { QAPIDoc } from './doc/doc.js';
import { checkExpressions } from './expr/check-exprs.js';
import { parseSchema } from './parser/parser.js';
import type { FileReader } from './parser/read-source.js';
import { buildSchema } from './schema/build.js';
import type { Schema } from './schema/model.js';

export interface LoadedSchema {
  readonly schema: Schema;
  /** Every doc block, in parse order (the dump prints them after the entities). */
  readonly docs: readonly QAPIDoc[];
  /** The QEMU release whose dialect the schema was read in. */
  readonly dialect: Dialect;
}

/**
 * The whole front end: text -> tokens -> expressions -> checked schema, in the dialect of one
 * QEMU release (the library's default stays 7.2, what it always read; the command line
 * defaults to 10.0). Throws the first QAPIError, as QEMU does.
 */
export function loadSchema(fname: string, readFile?: FileReader, dialect: Dialect = QEMU_7_2): LoadedSchema {
  const parsed = parseSchema(fname, readFile, dialect);
  const checked = checkExpressions(parsed, dialect);
  const schema = buildSchema(checked, parsed, fname, dialect);
  return { schema, docs: parsed.docs, dialect };
}
