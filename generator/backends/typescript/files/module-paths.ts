/**
 * Where each QAPI module's TypeScript file goes: the QAPI file's path relative to the main
 * file's directory, `.json` -> `.ts` (`job.json` -> `job.ts`). When includes reach above
 * that directory (the storage daemon's `../../qapi/*.json`), paths are taken relative to the
 * closest directory holding every file instead, so nothing is written outside the output.
 * Predefined types go to `builtin.ts`; the index is `index.ts`.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { Schema, SchemaModule } from '../../../schema/model.js';
import { QAPIError } from '../../../source/error.js';
import { PACKAGE_FILES } from './package-files.js';

export const BUILTIN_FILE = 'builtin.ts';
export const INDEX_FILE = 'index.ts';
const BUILTIN_MODULE = './builtin';

/** The output path (with `/` separators) of every module that gets a file. */
export function moduleFilePaths(schema: Schema): Map<SchemaModule, string> {
  const mainDir = resolve(dirname(schema.fname));
  const userModules = schema.modules.filter((m) => !m.isSystem);
  const absolute = userModules.map((m) => resolve(mainDir, m.name));
  const root = commonDirectory(absolute.map((file) => dirname(file)));
  const paths = new Map<SchemaModule, string>();
  const builtin = schema.lookupModule(BUILTIN_MODULE);
  if (builtin) paths.set(builtin, BUILTIN_FILE);
  userModules.forEach((module, i) => {
    const path =
      relative(root, absolute[i]!)
        .split(sep)
        .join('/')
        .replace(/\.json$/u, '') + '.ts';
    paths.set(module, path);
  });
  checkDistinct(paths);
  return paths;
}

function commonDirectory(dirs: readonly string[]): string {
  let common = dirs[0] ?? '.';
  for (const dir of dirs) {
    while (dir !== common && !dir.startsWith(common.endsWith(sep) ? common : common + sep)) {
      common = dirname(common);
    }
  }
  return common;
}

/** `builtin.json`, `index.json` or `qmp-commands.json` beside the main file would overwrite generated files. */
function checkDistinct(paths: ReadonlyMap<SchemaModule, string>): void {
  const seen = new Set<string>([INDEX_FILE, ...PACKAGE_FILES]);
  for (const [module, path] of paths) {
    if (seen.has(path)) {
      const info = module.entities[0]?.info;
      throw new QAPIError(info, `module '${module.name}' would be generated as '${path}', which another file already uses`);
    }
    seen.add(path);
  }
}

/**
 * What generated imports put after a module's name: `.js` (Node's ESM resolution, the
 * default), `.ts` (Deno, Bun, TypeScript's `allowImportingTsExtensions`) or nothing (bundlers).
 */
export type ImportExtension = '.js' | '.ts' | '';

/** The import specifier of `to` as seen from `from` (both output paths): `./job.js`, `../builtin.js`. */
export function importSpecifier(from: string, to: string, extension: ImportExtension = '.js'): string {
  const fromDir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const fromParts = fromDir === '' ? [] : fromDir.split('/');
  const toParts = to.split('/');
  let shared = 0;
  while (shared < fromParts.length && shared < toParts.length - 1 && fromParts[shared] === toParts[shared]) shared++;
  const ups = fromParts.length - shared;
  const rest = toParts.slice(shared).join('/').replace(/\.ts$/u, extension);
  return ups === 0 ? `./${rest}` : `${'../'.repeat(ups)}${rest}`;
}
