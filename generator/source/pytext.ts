/**
 * Python's notion of whitespace (`str.isspace`, `str.strip`, regex `\s`), which QEMU's
 * front end uses throughout. It differs from JavaScript's `\s`: U+001C..U+001F and U+0085 are
 * whitespace, U+FEFF is not.
 */
export const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const SPACE_CHAR = new RegExp(`^[${PY_SPACE}]$`, 'u');
const LEADING = new RegExp(`^[${PY_SPACE}]+`, 'u');
const TRAILING = new RegExp(`[${PY_SPACE}]+$`, 'u');

export function isPySpace(ch: string): boolean {
  return SPACE_CHAR.test(ch);
}

export function pyRstrip(s: string): string {
  return s.replace(TRAILING, '');
}

export function pyStrip(s: string): string {
  return s.replace(LEADING, '').replace(TRAILING, '');
}

/** Length of the leading whitespace run (Python `re.match(r'\s*', s).end()`), in UTF-16 units. */
export function leadingSpaceLength(s: string): number {
  const m = LEADING.exec(s);
  return m ? m[0].length : 0;
}

/** Python `repr()` of a str, as QEMU prints `if` conditions (`{'all': ['A', 'B']}`). */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}
