/**
 * The control queries of qapi/control.json over any generated package: query-version,
 * query-commands (the commands served, newest registration first, as QEMU's list) and
 * query-qmp-schema (the generated introspection). qmp_capabilities is the session's own.
 */
import type { QmpCommands } from '../../generated/qmp-commands.js';
import type { JsonValue } from '../../generated/builtin.js';
import type { QmpHandlersFor } from '../qmp/typed/server.js';
import type { QmpVersionInfo } from '../qmp/server/messages.js';

/** The handlers of query-version, query-commands and query-qmp-schema. */
export type ControlHandlers = Pick<QmpHandlersFor<QmpCommands>, 'query-version' | 'query-commands' | 'query-qmp-schema'>;

/** What the control queries answer with. */
export interface ControlCommandsOptions {
  readonly version: QmpVersionInfo;
  /** The commands the server answers, in schema order. */
  readonly commands: readonly string[];
  /** The generated `qmpSchemaInfo`. */
  readonly schemaInfo: readonly unknown[];
}

/** Handlers of the control queries of a server, for `createTypedDispatcher`: query-version, query-commands and query-qmp-schema (pass the generated `qmpSchemaInfo`). */
export function controlHandlers(options: ControlCommandsOptions): ControlHandlers {
  const version = { qemu: { ...options.version.qemu }, package: options.version.package };
  // QEMU prepends while walking its command list: the newest registration comes first.
  const names = [...options.commands].reverse();
  const schema = options.schemaInfo.map(toJson);
  return {
    'query-version': () => ({ qemu: { ...version.qemu }, package: version.package }),
    'query-commands': () => names.map((name) => ({ name })),
    'query-qmp-schema': () => schema,
  };
}

/** A checked copy of plain data as a JSON value (the introspection is plain data). */
function toJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, member] of Object.entries(value)) out[key] = toJson(member);
    return out;
  }
  throw new TypeError(`not JSON data: ${typeof value}`);
}
