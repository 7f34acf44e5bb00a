/**
 * QAPI's built-in types in TypeScript: the JSON type each travels as, and the range TSDoc of
 * the integer types (all of which are JSON numbers on the wire).
 */
import type { SchemaBuiltinType, SchemaType } from '../../schema/model.js';

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
export function primitiveType(builtin: SchemaBuiltinType): string {
  return PRIMITIVES[builtin.name] ?? 'number';
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

/** `any`: every JSON value, as QEMU's `QObject` can hold. */
export const JSON_VALUE_DECLARATION = [
  '/** Any JSON value: what QAPI\'s `any` type carries. */',
  `export type ${JSON_VALUE_NAME} = null | boolean | number | string | ${JSON_VALUE_NAME}[] | { [key: string]: ${JSON_VALUE_NAME} };`,
].join('\n');
