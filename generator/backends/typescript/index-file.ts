/** `index.ts`: re-exports every generated module that declares something, in module order. */
import { HEADER } from './module-file.js';
import { INDEX_FILE, importSpecifier } from './module-paths.js';

/** `paths`: the files to re-export, in order. */
export function renderIndex(paths: readonly string[]): string {
  const exports = paths.map((path) => `export * from '${importSpecifier(INDEX_FILE, path)}';`);
  return [HEADER, '', ...exports, ''].join('\n');
}
