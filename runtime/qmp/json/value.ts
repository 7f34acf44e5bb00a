/**
 * The values the QMP JSON reader produces and the serializer accepts.
 *
 * Numbers follow QEMU's QNum kinds (json-parser.c parse_literal):
 * - a JSON integer that fits int64 is a JS `number` when it is a safe integer, else a `bigint`;
 * - a JSON integer above int64 that fits uint64 is a `bigint` (so a bigint >= 2^63 means uint64);
 * - everything else is a double (fraction or exponent written, or an integer beyond both):
 *   a plain `number` when it is not integral (1.5 cannot be mistaken for an integer), and a
 *   `QmpDouble` when it is integral or infinite (1.0, 1e3, 1e400), which a JS number could not
 *   tell apart from the integer QEMU would reject for an `int` parameter.
 * Objects have a null prototype, so `__proto__` and `constructor` are ordinary keys.
 */

/** A JSON number QEMU holds as a double although its value is integral (or infinite): `1.0`, `2e3`. */
export class QmpDouble {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }

  /** The number. */
  valueOf(): number {
    return this.value;
  }
}

/** A JSON number as QMP reads it: integers beyond 2^53 as bigint, numbers written with a fraction or exponent as QmpDouble. */
export type JsonNumber = number | bigint | QmpDouble;
/** A JSON value as QMP reads and writes it. */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
/** A JSON object as QMP reads it (member order kept). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** QEMU's QNum kind of a parsed number. */
export type JsonNumberKind = 'int64' | 'uint64' | 'double';

const INT64_MAX = 2n ** 63n - 1n;

export function jsonNumberKind(n: JsonNumber): JsonNumberKind {
  if (n instanceof QmpDouble) return 'double';
  if (typeof n === 'bigint') return n > INT64_MAX ? 'uint64' : 'int64';
  return Number.isInteger(n) ? 'int64' : 'double';
}

/** An empty object with no prototype: keys like `__proto__` stay plain data. */
export function newJsonObject(): JsonObject {
  return Object.create(null) as JsonObject;
}

/**
 * An object whose members are not yet known to be JSON values: a request before validation,
 * a handler's result before the return check.
 */
export interface UncheckedJsonObject {
  [key: string]: unknown;
}

/** A JSON object: not null, not an array, not a wrapped number. */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject;
export function isJsonObject(value: unknown): value is UncheckedJsonObject;
export function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof QmpDouble);
}
