import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A QEMU release's reference data folder: `$QAPI_QEMU_<VERSION>_DIR` (`QAPI_QEMU_10_0_DIR`;
 * for 7.2 also the older `$QAPI_QEMU_DIR`), else `qemu-<version>` in `$QAPI_SHARED_DIR`, else
 * in `../shared` beside the checkout. Missing data is an error, never a silent skip.
 */
export function qemuDir(version = '7.2'): string {
  const env = `QAPI_QEMU_${version.replace('.', '_')}_DIR`;
  const shared = process.env['QAPI_SHARED_DIR'] ?? resolve(repoRoot, '../shared');
  const dir = process.env[env] ?? (version === '7.2' ? process.env['QAPI_QEMU_DIR'] : undefined) ?? resolve(shared, `qemu-${version}`);
  if (!existsSync(dir)) {
    throw new Error(`QEMU ${version} reference data not found at ${dir}: set ${env} (or QAPI_SHARED_DIR) to its folder`);
  }
  return dir;
}
