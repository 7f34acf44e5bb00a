/**
 * JSON integers as QEMU's QNum sees them, in the representation of json/value.ts: integers are
 * JS numbers (safe integers) or bigints; doubles are non-integral numbers or QmpDouble (integral
 * doubles such as 1.0 or 1e3). Doubles never pass as integers. A plain integral JS number
 * counts as an integer (the best guess for values that did not come from the QMP reader).
 */
import type { Int64Representation, ValidationTables } from '../../../contracts/validation-tables.js';

/** How a package's typed layers represent 64-bit integers (its `int64`; absent means number). */
export function int64Representation(tables: ValidationTables): Int64Representation {
  return tables.int64 ?? 'number';
}

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;
const BIG_TWO_63 = 2n ** 63n;
const BIG_TWO_64 = 2n ** 64n;

/** The value if it is an integer representable as int64, else undefined. */
export function toInt64(value: unknown): number | bigint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= -TWO_63 && value < TWO_63 ? value : undefined;
  if (typeof value === 'bigint') return value >= -BIG_TWO_63 && value < BIG_TWO_63 ? value : undefined;
  return undefined;
}

/**
 * The value as uint64 if it is representable as uint64 or int64 (negative values wrap modulo
 * 2^64, as qobject_input_type_uint64 does "for backward compatibility"), else undefined.
 * A wrapped JS number is rounded to the nearest double.
 */
export function toUint64(value: unknown): number | bigint | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < -TWO_63 || value >= TWO_64) return undefined;
    return value < 0 ? value + TWO_64 : value;
  }
  if (typeof value === 'bigint') {
    if (value < -BIG_TWO_63 || value >= BIG_TWO_64) return undefined;
    return value < 0n ? value + BIG_TWO_64 : value;
  }
  return undefined;
}

export interface IntRange {
  readonly min: number;
  readonly max: number;
  /** The C type QEMU names in its range message. */
  readonly cType: string;
}

export const SIGNED_RANGES: Readonly<Record<'int8' | 'int16' | 'int32', IntRange>> = {
  int8: { min: -128, max: 127, cType: 'int8_t' },
  int16: { min: -32768, max: 32767, cType: 'int16_t' },
  int32: { min: -2147483648, max: 2147483647, cType: 'int32_t' },
};

export const UNSIGNED_RANGES: Readonly<Record<'uint8' | 'uint16' | 'uint32', IntRange>> = {
  uint8: { min: 0, max: 255, cType: 'uint8_t' },
  uint16: { min: 0, max: 65535, cType: 'uint16_t' },
  uint32: { min: 0, max: 4294967295, cType: 'uint32_t' },
};

export function inRange(value: number | bigint, range: IntRange): boolean {
  return value >= range.min && value <= range.max;
}
