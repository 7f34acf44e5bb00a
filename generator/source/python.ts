/**
 * What the front end borrows from Python, the language QEMU's QAPI tools are written in:
 * whitespace, string methods, `repr`, truthiness, `os.path` and `strerror`, each as QEMU's
 * scripts see it.
 */
import { relative, resolve } from 'node:path';
import type { QAPIValue } from '../parser/qapi-value.js';

/**
 * Python's notion of whitespace (`str.isspace`, `str.strip`, regex `\s`), which QEMU's front
 * end uses throughout. It differs from JavaScript's `\s`: U+001C..U+001F and U+0085 are
 * whitespace, U+FEFF is not.
 */
export const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** The whitespace code units above U+0020 (all Python whitespace is in the BMP). */
const WIDE_SPACES = new Set([
  0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f,
  0x205f, 0x3000,
]);

function isSpaceCode(code: number): boolean {
  return code <= 0x20
    ? code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f)
    : code >= 0x85 && WIDE_SPACES.has(code);
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

/** Python's `strip('\n')`. */
export function pyStripNewlines(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0x0a) start++;
  while (end > start && text.charCodeAt(end - 1) === 0x0a) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python's `len()`: code points, not UTF-16 units. */
export function pyLen(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) n--;
  }
  return n;
}

/**
 * Python truthiness of a schema value. QEMU tests some keys with `if x:` / `not x` rather than
 * `is None`, so `''`, `false`, `[]` and `{}` behave like an absent value there.
 */
export function isTruthy(value: QAPIValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  return value.size > 0;
}

/** Python's `os.path.dirname`: everything before the last `/`, trailing slashes dropped. */
export function pyDirname(p: string): string {
  const head = p.slice(0, p.lastIndexOf('/') + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

/** Python's `os.path.join(a, b)` for two parts: no normalization, `b` absolute wins. */
export function pyJoin(a: string, b: string): string {
  if (b.startsWith('/') || a === '') return b;
  return a.endsWith('/') ? a + b : `${a}/${b}`;
}

/** Python's `os.path.abspath`: absolute and normalized, symlinks untouched. */
export function pyAbspath(p: string): string {
  return resolve(p);
}

/** Python's `os.path.relpath(path, start)` (`relative` makes both absolute and normalized first). */
export function pyRelpath(path: string, start: string): string {
  return relative(start, path) || '.';
}

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  EIO: 'Input/output error',
};

/** The C library's text for an I/O error, as Python's `strerror` shows it. */
export function strerror(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return STRERROR[code] ?? code;
  return err instanceof Error ? err.message : String(err);
}
