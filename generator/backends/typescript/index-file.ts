/** `index.ts`: re-exports every generated module that declares something, in module order. */
import { HEADER, type ModuleFile } from './module-file.js';
import { INDEX_FILE, importSpecifier } from './module-paths.js';

export function renderIndex(files: readonly ModuleFile[]): string {
  const exports = files
    .filter((file) => file.hasDeclarations())
    .map((file) => `export * from '${importSpecifier(INDEX_FILE, file.path)}';`);
  return [HEADER, '', ...exports, ''].join('\n');
}
