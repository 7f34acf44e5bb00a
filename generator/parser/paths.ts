import { resolve } from 'node:path';

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
