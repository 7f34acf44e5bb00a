/** `index.ts`: re-exports every generated module that declares something, in module order. */
import type { FileSettings } from './module-file.js';
import { INDEX_FILE, importSpecifier } from './module-paths.js';

/** `paths`: the files to re-export, in order. */
export function renderIndex(paths: readonly string[], settings: FileSettings): string {
  const exports = paths.map((path) => `export * from '${importSpecifier(INDEX_FILE, path, settings.importExtension)}';`);
  return [settings.header, '', ...exports, ''].join('\n');
}
