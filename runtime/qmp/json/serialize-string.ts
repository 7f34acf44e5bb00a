/**
 * Strings as QEMU's serializer writes them (qobject/json-writer.c): pure ASCII. `"` and `\`
 * escaped, \b \f \n \r \t by name, other code points below 0x20 or from 0x7F as `\uXXXX`
 * (uppercase hex), beyond U+FFFF as a surrogate pair; what is not a valid character (a lone
 * surrogate, a noncharacter) becomes `\uFFFD`.
 */

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

const NAMED: ReadonlyMap<number, string> = new Map([
  [0x22, '\\"'],
  [0x5c, '\\\\'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
]);

export function formatString(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    const named = NAMED.get(unit);
    if (named !== undefined) out += named;
    else if (unit >= 0x20 && unit < 0x7f) out += s[i];
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      const cp = ((unit - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      out += isNoncharacter(cp) ? '\\uFFFD' : `${hex4(unit)}${hex4(s.charCodeAt(i + 1))}`;
      i++;
    } else if ((unit >= 0xd800 && unit <= 0xdfff) || isNoncharacter(unit)) out += '\\uFFFD';
    else out += hex4(unit);
  }
  return `${out}"`;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function isNoncharacter(cp: number): boolean {
  return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
}

function hex4(unit: number): string {
  return `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
}
