/**
 * `qmp-data-types.ts`: the types the generated data is written against, printed from qapi-ts's
 * own contracts (contracts/validation-tables.ts, contracts/schema-info.ts; the build copies
 * their text into contracts-text.ts with scripts/contracts-text.js), so that a generated
 * package type-checks without qapi-ts installed. It is not re-exported from `index.ts` (`SchemaInfo` may well be a schema type too).
 */
import type { Schema } from '../../../schema/model.js';
import type { EmitContext } from '../context.js';
import { CONTRACTS_TEXT } from '../contracts-text.js';
import { DATA_TYPES_FILE } from '../files/package-files.js';

export const INTROSPECTION_ENTRY_TYPE = 'SchemaInfo';

export function generateDataTypes(_schema: Schema, ctx: EmitContext): void {
  ctx.rawFiles.push({ path: DATA_TYPES_FILE, content: CONTRACTS_TEXT, exported: false });
}
