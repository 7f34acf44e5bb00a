/**
 * parse_string() of QEMU's json-parser.c: a string token's bytes to its value, or the exact
 * error detail. Escapes `\" \' \\ \/ \b \f \n \r \t \uXXXX` (with surrogate pairs); raw bytes
 * must be valid modified UTF-8.
 */
import { decodeLossy, isValidCodepoint, lastSequenceEnd, latin1, modUtf8Codepoint } from './json-utf8.js';

export type StringResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

const SIMPLE_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x22, '"'], [0x27, "'"], [0x5c, '\\'], [0x2f, '/'],
  [0x62, '\b'], [0x66, '\f'], [0x6e, '\n'], [0x72, '\r'], [0x74, '\t'],
]);

/** Parses a whole string token (quotes included). */
export function parseStringToken(bytes: Uint8Array, length: number): StringResult {
  const quote = bytes[0] ?? 0x22;
  const plain = plainAscii(bytes, length);
  if (plain !== undefined) return { ok: true, value: plain };
  let out = '';
  let i = 1;
  while (i < length && bytes[i] !== quote) {
    if (bytes[i] === 0x5c) {
      const escaped = parseEscape(bytes, i, length);
      if (!escaped.ok) return escaped;
      out += escaped.value;
      i = escapeEnd;
      continue;
    }
    const cp = modUtf8Codepoint(bytes, i, length);
    if (cp < 0) return { ok: false, error: 'invalid UTF-8 sequence in string' };
    out += String.fromCodePoint(cp);
    i = lastSequenceEnd();
  }
  return { ok: true, value: out };
}

/** The common case, a string of printable ASCII without escapes, in one slice. */
function plainAscii(bytes: Uint8Array, length: number): string | undefined {
  for (let i = 1; i < length - 1; i++) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0x80 || byte === 0x5c) return undefined;
  }
  return latin1(bytes, 1, length - 1);
}

/** Where the last parseEscape() stopped. */
let escapeEnd = 0;

function parseEscape(bytes: Uint8Array, backslash: number, length: number): StringResult {
  const kind = bytes[backslash + 1] ?? 0;
  const simple = SIMPLE_ESCAPES.get(kind);
  if (simple !== undefined) {
    escapeEnd = backslash + 2;
    return { ok: true, value: simple };
  }
  if (kind !== 0x75) return { ok: false, error: 'invalid escape sequence in string' };
  return parseUnicodeEscape(bytes, backslash, length);
}

function parseUnicodeEscape(bytes: Uint8Array, backslash: number, length: number): StringResult {
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
  return { ok: true, value: String.fromCodePoint(cp) };
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
