/**
 * Number tokens to values, as parse_literal() in QEMU's json-parser.c: an integer is int64
 * if it fits, else uint64 if it is non-negative and fits, else a double (strtod); a token
 * with a fraction or exponent is a double. See value.ts for the JS representation.
 */
import { QmpDouble } from './value.js';
import type { JsonNumber } from './value.js';

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
/** Up to 15 digits always fit a safe integer, the fast path. */
const SHORT_INTEGER = 16;
/**
 * "-9223372036854775808" and "18446744073709551615" are the longest texts that can fit; the
 * lexer allows no leading zeros, so anything longer is a double. BigInt() takes time growing
 * faster than the text, and Number() is linear: a 20 MB integer must not stall the server.
 */
const LONGEST_FITTING_INTEGER = 20;

export interface NumberOptions {
  /** Give integral doubles as plain numbers instead of QmpDouble (a client that does not care). */
  readonly plainDoubles: boolean;
}

export function integerTokenValue(text: string, options: NumberOptions): JsonNumber {
  if (text.length < SHORT_INTEGER) return Number(text) || 0; // "-0" is the int64 0
  if (text.length > LONGEST_FITTING_INTEGER) return doubleValue(Number(text), options);
  const big = BigInt(text);
  if (big >= INT64_MIN && big <= UINT64_MAX) {
    const small = Number(big);
    return Number.isSafeInteger(small) ? small : big;
  }
  return doubleValue(Number(text), options);
}

/**
 * An integer token of more digits than any finite double has (10^309 > DBL_MAX) is strtod's
 * HUGE_VAL with its sign, whatever the digits: no need to make a string of a 60 MB token.
 */
export const LONGEST_FINITE_INTEGER = 310;

export function hugeIntegerValue(negative: boolean, options: NumberOptions): JsonNumber {
  return doubleValue(negative ? -Infinity : Infinity, options);
}

export function floatTokenValue(text: string, options: NumberOptions): JsonNumber {
  return doubleValue(Number(text), options);
}

function doubleValue(value: number, options: NumberOptions): JsonNumber {
  if (options.plainDoubles) return value;
  return Number.isFinite(value) && !Number.isInteger(value) ? value : new QmpDouble(value);
}
