/**
 * QEMU's `SchemaInfo` (qapi/introspect.json) as the runtime reads it: the entries of a
 * `query-qmp-schema` reply, read-only. The generated package's `qmpSchemaInfo` has this shape,
 * and so does what a live QEMU answers; the drift tools (schema diff, the client's drift
 * check, capability probes) work on nothing else, so they need no schema sources.
 */

/** An object's member (`name`, `type`), an enum's value (`name`) or an alternate's arm (`type`). */
export interface SchemaInfoMemberEntry {
  readonly name?: string;
  readonly type?: string;
  /** `null` marks an optional object member; absent for mandatory ones. */
  readonly default?: null;
  readonly features?: readonly string[];
}

/** One `SchemaInfo` entry: any meta-type, its fields optional as the meta-type decides. */
export interface SchemaInfoEntry {
  /** Real for commands, events and builtins; `[E]` for arrays; else masked (`"0"`...) unless unmasked. */
  readonly name: string;
  readonly 'meta-type': string;
  readonly features?: readonly string[];
  /** builtin */
  readonly 'json-type'?: string;
  /** enum: each value with its features; object: the members (base first); alternate: the arms. */
  readonly members?: readonly SchemaInfoMemberEntry[];
  /** enum: the value names again (QEMU still sends them). */
  readonly values?: readonly string[];
  /** array */
  readonly 'element-type'?: string;
  /** union: the discriminator member and the branches. */
  readonly tag?: string;
  readonly variants?: readonly { readonly case: string; readonly type: string }[];
  /** command (`arg-type` also for events) */
  readonly 'arg-type'?: string;
  readonly 'ret-type'?: string;
  readonly 'allow-oob'?: boolean;
}

/** A reply that is not a SchemaInfo list; the message names the file or server it came from. */
export class SchemaInfoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaInfoError';
  }
}

/**
 * The entries of a saved or received `query-qmp-schema` reply: the bare array or the
 * `{"return": [...]}` envelope. Throws SchemaInfoError, naming `where`, for anything else.
 */
export function schemaInfoOf(reply: unknown, where: string): readonly SchemaInfoEntry[] {
  const list = isRecord(reply) && !Array.isArray(reply) && 'return' in reply ? reply['return'] : reply;
  if (!Array.isArray(list)) {
    throw new SchemaInfoError(`${where}: not a query-qmp-schema reply (expected a JSON array or {"return": [...]})`);
  }
  list.forEach((entry: unknown, i) => {
    if (!isRecord(entry) || typeof entry['name'] !== 'string' || typeof entry['meta-type'] !== 'string') {
      throw new SchemaInfoError(`${where}: entry ${i} is not a SchemaInfo object (it needs "name" and "meta-type" strings)`);
    }
  });
  return list as SchemaInfoEntry[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
