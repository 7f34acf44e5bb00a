/**
 * The reachability work list and name masking of QEMU's introspect.py (`_use_type`, `_name`).
 * Every type an entry refers to is queued here, in first-use order; only queued types are
 * introspected. Numbering happens at use time and ignores conditions, as QEMU fixes it when
 * generating C, so types later dropped by `#if` leave gaps in it.
 */
import type { Schema, SchemaType } from '../../schema/model.js';

export class TypeUse {
  readonly #schema: Schema;
  readonly #unmask: boolean;
  readonly #queue: SchemaType[] = [];
  /** Names of the queued types (types share one namespace, so a name identifies a type). */
  readonly #queued = new Set<string>();
  readonly #masks = new Map<string, string>();

  constructor(schema: Schema, unmask: boolean) {
    this.#schema = schema;
    this.#unmask = unmask;
  }

  /** Queues `type` (integer types collapsed to `int` / `intList`) and returns its wire name. */
  use(type: SchemaType): string {
    const used = this.#collapseInt(type);
    if (!this.#queued.has(used.name)) {
      this.#queued.add(used.name);
      this.#queue.push(used);
    }
    switch (used.kind) {
      case 'builtin':
        return used.name;
      // The array is queued before its element, as in QEMU.
      case 'array':
        return `[${this.use(used.elementType)}]`;
      default:
        return this.mask(used.name);
    }
  }

  /** The masked name: `"0"`, `"1"`, ... in order of first request; the real name when unmasked. */
  mask(name: string): string {
    if (this.#unmask) return name;
    let masked = this.#masks.get(name);
    if (masked === undefined) {
      masked = String(this.#masks.size);
      this.#masks.set(name, masked);
    }
    return masked;
  }

  /** The queued types in order, including those queued while iterating. */
  *queued(): Generator<SchemaType> {
    for (let i = 0; i < this.#queue.length; i++) yield this.#queue[i] as SchemaType;
  }

  /** Every integer type travels as `int`; clients need not tell int8 from uint64. */
  #collapseInt(type: SchemaType): SchemaType {
    if (type.jsonType === 'int') return this.#builtin('int');
    if (type.kind === 'array' && type.elementType.jsonType === 'int') return this.#builtin('intList');
    return type;
  }

  #builtin(name: string): SchemaType {
    const type = this.#schema.lookupType(name);
    if (type === undefined) throw new Error(`introspection: predefined type '${name}' is missing from the schema`);
    return type;
  }
}
