/**
 * QAPI's built-in types in TypeScript: the JSON type each travels as, and the range TSDoc of
 * the integer types (all of which are JSON numbers on the wire). The 64-bit integers are
 * `number` or `bigint` as the package is generated (`Int64Representation`); the runtime's typed
 * client and server hand them out accordingly, reading the choice from the validation tables.
 */
import type { Int64Representation } from '../../../contracts/validation-tables.js';
import type { SchemaBuiltinType, SchemaType } from '../../schema/model.js';

export type { Int64Representation } from '../../../contracts/validation-tables.js';

export const INT64_REPRESENTATIONS: readonly Int64Representation[] = ['number', 'bigint'];

/** The integer types whose values may exceed 2^53; the narrower ones are always safe numbers. */
const WIDE_INTEGERS: ReadonlySet<string> = new Set(['int', 'int64', 'uint64', 'size']);

/** The name of the type `any` maps to, declared in the builtin module when used. */
export const JSON_VALUE_NAME = 'JsonValue';

const PRIMITIVES: Readonly<Record<string, string>> = {
  str: 'string',
  number: 'number',
  bool: 'boolean',
  null: 'null',
};

const INTEGER_RANGES: Readonly<Record<string, string>> = {
  int: '-2^63 to 2^63 - 1',
  int8: '-128 to 127',
  int16: '-32768 to 32767',
  int32: '-2^31 to 2^31 - 1',
  int64: '-2^63 to 2^63 - 1',
  uint8: '0 to 255',
  uint16: '0 to 65535',
  uint32: '0 to 2^32 - 1',
  uint64: '0 to 2^64 - 1',
  size: '0 to 2^64 - 1',
};

/** The TypeScript type of a builtin other than `any` (which needs a declaration). */
export function primitiveType(builtin: SchemaBuiltinType, int64: Int64Representation): string {
  return PRIMITIVES[builtin.name] ?? (WIDE_INTEGERS.has(builtin.name) ? int64 : 'number');
}

/** `An integer from -128 to 127 (QAPI \`int8\`).` for integer types and arrays of them. */
export function integerRangeNote(type: SchemaType): string | undefined {
  const element = type.kind === 'array' ? type.elementType : type;
  const range = element.kind === 'builtin' ? INTEGER_RANGES[element.name] : undefined;
  if (range === undefined) return undefined;
  return type.kind === 'array'
    ? `Integers from ${range} (QAPI \`['${element.name}']\`).`
    : `An integer from ${range} (QAPI \`${element.name}\`).`;
}

/**
 * `any`: every JSON value, as QEMU's `QObject` can hold. With bigints, an integer beyond 2^53
 * inside it stays a bigint (the runtime's reader gives it so); with numbers it is converted.
 */
export function jsonValueDeclaration(int64: Int64Representation): string {
  const numbers = int64 === 'bigint' ? 'number | bigint' : 'number';
  const doc =
    int64 === 'bigint'
      ? "/** Any JSON value: what QAPI's `any` type carries (integers beyond 2^53 as bigints). */"
      : "/** Any JSON value: what QAPI's `any` type carries. */";
  return `${doc}\nexport type ${JSON_VALUE_NAME} = null | boolean | ${numbers} | string | ${JSON_VALUE_NAME}[] | { [key: string]: ${JSON_VALUE_NAME} };`;
}
