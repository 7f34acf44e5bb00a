import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * qapi-ts's version, from the nearest package.json named `qapi-ts` above this module: the
 * same answer from the tsc output (dist/generator/) and the CLI bundle (dist/bundle/).
 */
export function packageVersion(): string {
  const dir = packageDir();
  return dir === undefined ? 'unknown' : (versionIn(join(dir, 'package.json')) ?? 'unknown');
}

/** The folder of the qapi-ts package this module belongs to (where `qapi/` is shipped). */
export function packageDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (versionIn(join(dir, 'package.json')) !== undefined) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function versionIn(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    return pkg.name === 'qapi-ts' && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
