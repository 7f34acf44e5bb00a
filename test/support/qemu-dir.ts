import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * QEMU 7.2's reference data: `$QAPI_QEMU_DIR`, or `../shared/qemu-7.2` beside the checkout.
 * Missing data is an error, never a silent skip.
 */
export function qemuDir(): string {
  const dir = process.env['QAPI_QEMU_DIR'] ?? resolve(repoRoot, '../shared/qemu-7.2');
  if (!existsSync(dir)) {
    throw new Error(`QEMU reference data not found at ${dir}: set QAPI_QEMU_DIR to QEMU 7.2's data folder`);
  }
  return dir;
}
