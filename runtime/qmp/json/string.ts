/**
 * parse_string() of QEMU's json-parser.c: a string token's bytes to its value, or the exact
 * error detail. Escapes `\" \' \\ \/ \b \f \n \r \t \uXXXX` (with surrogate pairs); raw bytes
 * must be valid modified UTF-8.
 */
import { decodeLossy, isValidCodepoint, lastSequenceEnd, latin1, modUtf8Codepoint } from './utf8.js';

export type StringResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

/** The code unit of each one-character escape, by the byte after the backslash (0: none). */
const SIMPLE_ESCAPES = new Uint16Array(128);
for (const [byte, unit] of [
  [0x22, 0x22],
  [0x27, 0x27],
  [0x5c, 0x5c],
  [0x2f, 0x2f],
  [0x62, 0x08],
  [0x66, 0x0c],
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
] as const) {
  SIMPLE_ESCAPES[byte] = unit;
}

/** Parses a whole string token (quotes included). */
function parseStringToken(bytes: Uint8Array, length: number): StringResult {
  const plain = plainAscii(bytes, length);
  if (plain !== undefined) return { ok: true, value: plain };
  return parseCodeUnits(bytes, length);
}

/** A buffer for the code units of small strings, reused; a string never has more units than bytes. */
const shared = new Uint16Array(4096);

/**
 * Escapes and UTF-8, decoded into UTF-16 code units and made a string once: appending to a
 * string character by character took a second for 16 MB, long enough to starve other clients.
 */
function parseCodeUnits(bytes: Uint8Array, length: number): StringResult {
  const units = length <= shared.length ? shared : new Uint16Array(length);
  const n = decodeRange(bytes, 1, length, length, units);
  if (rangeError !== undefined) return rangeError;
  return { ok: true, value: unitsToString(units, n) };
}

/** Where the last decodeRange() stopped, and the error it stopped at. */
let rangeEnd = 0;
let rangeError: StringResult | undefined;

/**
 * Decodes the characters and escapes of a string token that start in [from, stop), each of
 * which may read up to `end`, into `units`; returns how many units. Stops at the closing quote.
 */
function decodeRange(bytes: Uint8Array, from: number, stop: number, end: number, units: Uint16Array): number {
  const quote = bytes[0] ?? 0x22;
  rangeError = undefined;
  let n = 0;
  let i = from;
  while (i < stop && bytes[i] !== quote) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0x20 && byte < 0x7f && byte !== 0x5c) {
      units[n++] = byte;
      i++;
      continue;
    }
    let cp: number;
    if (byte === 0x5c) {
      const kind = bytes[i + 1] ?? 0;
      const simple = kind < 0x80 ? (SIMPLE_ESCAPES[kind] ?? 0) : 0;
      if (simple !== 0) {
        units[n++] = simple;
        i += 2;
        continue;
      }
      const escaped =
        kind === 0x75 ? parseUnicodeEscape(bytes, i, end) : ({ ok: false, error: 'invalid escape sequence in string' } as const);
      if (typeof escaped !== 'number') {
        rangeError = escaped;
        break;
      }
      cp = escaped;
      i = escapeEnd;
    } else {
      cp = modUtf8Codepoint(bytes, i, end);
      if (cp < 0) {
        rangeError = { ok: false, error: 'invalid UTF-8 sequence in string' };
        break;
      }
      i = lastSequenceEnd();
    }
    if (cp < 0x10000) {
      units[n++] = cp;
    } else {
      units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
      units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    }
  }
  rangeEnd = i;
  return n;
}

/** The longest character or escape: a surrogate pair of two `\\uXXXX`. */
const LONGEST_SEQUENCE = 12;

/**
 * A long string token decoded while it arrives (advance() after each read), so that reading
 * its last bytes costs no more than reading any others: a 60 MB string decoded at once would
 * hold the server for most of a second. finish() gives what parseStringToken() would.
 */
export class StringTokenDecoder {
  /** Bytes of the token decoded so far; 0 when nothing was. */
  private decoded = 0;
  private text = '';
  private error: StringResult | undefined;
  private units = new Uint16Array(0);

  /** The token's first `length` bytes are here and more will come: decode what is surely whole. */
  advance(bytes: Uint8Array, length: number): void {
    if (this.error !== undefined) return;
    const from = this.decoded === 0 ? 1 : this.decoded;
    const stop = length - LONGEST_SEQUENCE;
    if (stop <= from) return;
    const plain = plainAsciiRange(bytes, from, stop);
    if (plain !== undefined) {
      this.text += plain;
      this.decoded = stop;
      return;
    }
    if (this.units.length < length - from) this.units = new Uint16Array(length - from);
    const n = decodeRange(bytes, from, stop, length, this.units);
    if (rangeError !== undefined) {
      this.error = rangeError;
      return;
    }
    this.text += unitsToString(this.units, n);
    this.decoded = rangeEnd;
  }

  /** The whole token is here. */
  finish(bytes: Uint8Array, length: number): StringResult {
    if (this.decoded === 0 && this.error === undefined) return parseStringToken(bytes, length);
    let result = this.error;
    if (result === undefined) {
      const units = length - this.decoded <= shared.length ? shared : new Uint16Array(length - this.decoded);
      const n = decodeRange(bytes, this.decoded, length, length, units);
      result = rangeError ?? { ok: true, value: this.text + unitsToString(units, n) };
    }
    this.reset();
    return result;
  }

  /** Characters decoded ahead (memory the server-wide input cap counts). */
  get decodedLength(): number {
    return this.text.length;
  }

  /** The token ended some other way (cut at the size limit, refused, ignored). */
  reset(): void {
    this.decoded = 0;
    this.text = '';
    this.error = undefined;
    if (this.units.length > 0) this.units = new Uint16Array(0);
  }
}

/** Below the argument-count limits of apply(), in slices. */
const SLICE = 8192;

function unitsToString(units: Uint16Array, count: number): string {
  let out = '';
  for (let at = 0; at < count; at += SLICE) {
    out += String.fromCharCode.apply(null, units.subarray(at, Math.min(count, at + SLICE)) as unknown as number[]);
  }
  return out;
}

/** The common case, a string of printable ASCII without escapes, in one slice. */
function plainAscii(bytes: Uint8Array, length: number): string | undefined {
  return plainAsciiRange(bytes, 1, length - 1);
}

function plainAsciiRange(bytes: Uint8Array, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0x80 || byte === 0x5c) return undefined;
  }
  return latin1(bytes, from, to);
}

/** Where the last parseUnicodeEscape() stopped. */
let escapeEnd = 0;

/** A `\\uXXXX` escape (or a surrogate pair of them): its code point, or QEMU's error. */
function parseUnicodeEscape(bytes: Uint8Array, backslash: number, length: number): number | StringResult {
  let cp = hex4(bytes, backslash + 2, length);
  let end = backslash + 6;
  if (cp >= 0xd800 && cp <= 0xdbff && bytes[end] === 0x5c && bytes[end + 1] === 0x75) {
    const trailing = hex4(bytes, end + 2, length);
    if (trailing >= 0xdc00 && trailing <= 0xdfff) {
      cp = 0x10000 + ((cp & 0x3ff) << 10) + (trailing & 0x3ff);
      end += 6;
    } else {
      cp = -1;
    }
  }
  if (!isValidCodepoint(cp)) {
    // "%.*s" of the escape as written; the C string ends at the token's end.
    const quoted = decodeLossy(bytes, backslash, Math.min(end, length));
    return { ok: false, error: `${quoted} is not a valid Unicode character` };
  }
  escapeEnd = end;
  return cp;
}

/** cvt4hex(): four hex digits, else -1. */
function hex4(bytes: Uint8Array, at: number, length: number): number {
  let cp = 0;
  for (let k = 0; k < 4; k++) {
    const digit = at + k < length ? hexValue(bytes[at + k] ?? 0) : -1;
    if (digit < 0) return -1;
    cp = (cp << 4) | digit;
  }
  return cp;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  return -1;
}
