import { Buffer } from 'node:buffer';

/**
 * QEMU's modified UTF-8 (util/unicode.c): like UTF-8, but U+0000 may be written "\xC0\x80";
 * surrogates, noncharacters, overlong forms and code points beyond U+10FFFF are invalid.
 */

const MIN_CODEPOINT = [0x80, 0x800, 0x10000, 0x200000, 0x4000000];

/** is_valid_codepoint(): Unicode range, no noncharacter, no surrogate. */
export function isValidCodepoint(cp: number): boolean {
  if (cp < 0 || cp > 0x10ffff) return false;
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return false;
  return !(cp >= 0xd800 && cp <= 0xdfff);
}

/** Where the last modUtf8Codepoint() call stopped (a module slot avoids an allocation per character). */
let nextIndex = 0;

export function lastSequenceEnd(): number {
  return nextIndex;
}

/**
 * mod_utf8_codepoint(): the code point of the sequence at `bytes[i]`, or -1. Bytes at or past
 * `end` read as NUL, like the C string's terminator. lastSequenceEnd() tells where it stopped.
 */
export function modUtf8Codepoint(bytes: Uint8Array, i: number, end: number): number {
  const lead = i < end ? (bytes[i] ?? 0) : 0;
  if (lead === 0) {
    nextIndex = i;
    return -1;
  }
  i++;
  let cp: number;
  if (lead < 0x80) cp = lead;
  else if (lead >= 0xfe || (lead & 0x40) === 0) cp = -1;
  else {
    let length = 0;
    let mask = 0x80;
    for (; lead & mask; mask >>= 1) length++;
    cp = lead & (mask - 1);
    for (let k = 1; k < length; k++) {
      const byte = i < end ? (bytes[i] ?? 0) : 0;
      if ((byte & 0xc0) !== 0x80) {
        nextIndex = i;
        return -1;
      }
      i++;
      cp = (cp << 6) | (byte & 0x3f);
    }
    const minimum = MIN_CODEPOINT[length - 2] ?? 0;
    if (!isValidCodepoint(cp) || (cp < minimum && !(cp === 0 && length === 2))) cp = -1;
  }
  nextIndex = i;
  return cp;
}

/**
 * The bytes as QEMU's serializer reads a C string: up to the first NUL, every invalid
 * sequence becoming U+FFFD. Used for texts that quote raw input (error messages).
 */
export function decodeLossy(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end && bytes[i] !== 0) {
    const cp = modUtf8Codepoint(bytes, i, end);
    out += String.fromCodePoint(cp < 0 ? 0xfffd : cp);
    i = nextIndex;
  }
  return out;
}

/** Bytes as a string of code units 0..255, for tokens known to be ASCII (numbers, keywords). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > SHORT_TOKEN) return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i] ?? 0);
  return out;
}

/** Below this, building the string by hand beats a Buffer view. */
const SHORT_TOKEN = 24;
