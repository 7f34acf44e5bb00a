/**
 * parse_string() of QEMU's json-parser.c: a string token's bytes to its value, or the exact
 * error detail. Escapes `\" \' \\ \/ \b \f \n \r \t \uXXXX` (with surrogate pairs); raw bytes
 * must be valid modified UTF-8.
 */
import { decodeLossy, isValidCodepoint, lastSequenceEnd, latin1, modUtf8Codepoint } from './json-utf8.js';

export type StringResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

/** The code unit of each one-character escape, by the byte after the backslash (0: none). */
const SIMPLE_ESCAPES = new Uint16Array(128);
for (const [byte, unit] of [[0x22, 0x22], [0x27, 0x27], [0x5c, 0x5c], [0x2f, 0x2f], [0x62, 0x08], [0x66, 0x0c], [0x6e, 0x0a], [0x72, 0x0d], [0x74, 0x09]] as const) {
  SIMPLE_ESCAPES[byte] = unit;
}

/** Parses a whole string token (quotes included). */
export function parseStringToken(bytes: Uint8Array, length: number): StringResult {
  const plain = plainAscii(bytes, length);
  if (plain !== undefined) return { ok: true, value: plain };
  return parseCodeUnits(bytes, length);
}

/** A buffer for the code units of small strings, reused; a string never has more units than bytes. */
let shared = new Uint16Array(4096);

/**
 * Escapes and UTF-8, decoded into UTF-16 code units and made a string once: appending to a
 * string character by character took a second for 16 MB, long enough to starve other clients.
 */
function parseCodeUnits(bytes: Uint8Array, length: number): StringResult {
  const quote = bytes[0] ?? 0x22;
  const units = length <= shared.length ? shared : new Uint16Array(length);
  let n = 0;
  let i = 1;
  while (i < length && bytes[i] !== quote) {
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
      if (kind !== 0x75) return { ok: false, error: 'invalid escape sequence in string' };
      const escaped = parseUnicodeEscape(bytes, i, length);
      if (typeof escaped !== 'number') return escaped;
      cp = escaped;
      i = escapeEnd;
    } else {
      cp = modUtf8Codepoint(bytes, i, length);
      if (cp < 0) return { ok: false, error: 'invalid UTF-8 sequence in string' };
      i = lastSequenceEnd();
    }
    if (cp < 0x10000) {
      units[n++] = cp;
    } else {
      units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
      units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    }
  }
  return { ok: true, value: unitsToString(units, n) };
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
  for (let i = 1; i < length - 1; i++) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0x80 || byte === 0x5c) return undefined;
  }
  return latin1(bytes, 1, length - 1);
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
