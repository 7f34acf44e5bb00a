/**
 * Python's notion of whitespace (`str.isspace`, `str.strip`, regex `\s`), which QEMU's
 * front end uses throughout. It differs from JavaScript's `\s`: U+001C..U+001F and U+0085 are
 * whitespace, U+FEFF is not.
 */
export const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** The whitespace code units above U+0020 (all Python whitespace is in the BMP). */
const WIDE_SPACES = new Set([
  0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

function isSpaceCode(code: number): boolean {
  return code <= 0x20 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f) : code >= 0x85 && WIDE_SPACES.has(code);
}

export function isPySpace(ch: string): boolean {
  return ch.length === 1 && isSpaceCode(ch.charCodeAt(0));
}

export function pyRstrip(s: string): string {
  if (s === '') return s;
  const last = s.charCodeAt(s.length - 1);
  if (last > 0x20 && last < 0x7f) return s; // the usual case: ends in visible ASCII
  let end = s.length;
  while (end > 0 && isSpaceCode(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

export function pyStrip(s: string): string {
  const start = leadingSpaceLength(s);
  let end = s.length;
  while (end > start && isSpaceCode(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** Whether `s` begins with at least `n` whitespace characters (`leadingSpaceLength(s) >= n`). */
export function startsWithSpaces(s: string, n: number): boolean {
  if (s.length < n) return false;
  for (let i = 0; i < n; i++) {
    const code = s.charCodeAt(i);
    if (code !== 0x20 && !isSpaceCode(code)) return false;
  }
  return true;
}

/** Length of the leading whitespace run (Python `re.match(r'\s*', s).end()`), in UTF-16 units. */
export function leadingSpaceLength(s: string): number {
  let i = 0;
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  return i;
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
