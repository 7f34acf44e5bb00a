/**
 * `qmp-events.ts`: the event map type (event name -> data type, `undefined` for events
 * without data) and the events' flags as an `as const` table. Events whose `if` is false
 * under the selected symbols are left out.
 */
import type { Schema, SchemaEvent } from '../../../schema/model.js';
import { featureList, payloadType } from './command-map.js';
import type { EmitContext } from '../context.js';
import { definitionDoc } from '../docs/declaration-doc.js';
import { eventDataName, propertyName } from '../naming.js';
import { EVENTS_FILE } from '../files/package-files.js';

export const EVENT_MAP_NAME = 'QmpEvents';
const EVENT_TABLE_NAME = 'qmpEvents';

const MAP_DOC = `/**
 * Every event of the schema, by name: the type of its \`data\` (\`undefined\` when it has none).
 * The runtime's typed subscription and emitter are generic over it.
 */`;

const TABLE_DOC = '/** The flags and features of every event, as data. */';
/** Annotated rather than `as const`, so that its declaration stays small. */
const TABLE_TYPE = `{ readonly [K in keyof ${EVENT_MAP_NAME}]: { readonly boxed: boolean; readonly features: readonly string[] } }`;

/** Each entry carries the event's whole doc (what editors show for `QmpEvents['NAME']`). */
export function generateEventMap(schema: Schema, ctx: EmitContext): void {
  const file = ctx.packageFile(EVENTS_FILE, 'the events of the schema');
  ctx.declare(EVENT_MAP_NAME, 'the QMP event map', undefined);
  ctx.declare(EVENT_TABLE_NAME, 'the QMP event table', undefined);
  const events = schema.entities.filter((e): e is SchemaEvent => e.kind === 'event' && ctx.keeps(e));
  const entries = events.map(
    (event) =>
      `${definitionDoc(event, ctx).render('  ')}  ${propertyName(event.name)}: ${payloadType(event, eventDataName(event.name), file, ctx)};\n`,
  );
  file.add(0, `${MAP_DOC}\nexport interface ${EVENT_MAP_NAME} {\n${entries.join('')}}`);
  const rows = events.map(
    (event) => `  ${propertyName(event.name)}: { boxed: ${String(event.boxed)}, features: ${featureList(event.features, ctx, '')} },`,
  );
  file.add(1, `${TABLE_DOC}\nexport const ${EVENT_TABLE_NAME}: ${TABLE_TYPE} = {\n${rows.join('\n')}\n};`);
}
