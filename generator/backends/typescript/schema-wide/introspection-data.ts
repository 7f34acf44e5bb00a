/**
 * `qmp-introspection.ts`: what `query-qmp-schema` returns for this schema, as data fixed at
 * generation time: the selected symbols decide the `if`s (none selected keeps everything,
 * like the rest of the package), type names are masked unless `unmask` is set.
 */
import { buildIntrospection } from '../../introspect/introspect.js';
import type { Schema } from '../../../schema/model.js';
import type { EmitContext } from '../context.js';
import { INTROSPECTION_ENTRY_TYPE } from './data-types.js';
import { DATA_TYPES_FILE, INTROSPECTION_FILE } from '../files/package-files.js';

const INTROSPECTION_NAME = 'qmpSchemaInfo';

export function generateIntrospectionData(schema: Schema, ctx: EmitContext): void {
  const file = ctx.packageFile(INTROSPECTION_FILE, 'query-qmp-schema of the schema');
  ctx.declare(INTROSPECTION_NAME, 'the introspection data', undefined);
  file.importType(DATA_TYPES_FILE, INTROSPECTION_ENTRY_TYPE);
  const entries = buildIntrospection(schema, { defined: ctx.definedSymbols, unmask: ctx.unmask });
  const symbols = ctx.definedSymbols === undefined ? 'none selected: every `if` holds' : [...ctx.definedSymbols].join(', ');
  const doc = [
    '/**',
    " * The `query-qmp-schema` reply (QEMU's SchemaInfo list) for this schema, keys in QEMU's wire order.",
    ` * Symbols: ${symbols}. Type names: ${ctx.unmask ? 'unmasked' : 'masked, as QEMU sends them'}.`,
    ' */',
  ].join('\n');
  const rows = entries.map((entry) => `  ${JSON.stringify(entry)},`);
  file.add(0, `${doc}\nexport const ${INTROSPECTION_NAME}: readonly ${INTROSPECTION_ENTRY_TYPE}[] = [\n${rows.join('\n')}\n];`);
}
