/** The supported QEMU releases, by version string (the CLI's `--qemu`, the config's `qemu`). */
import type { Dialect, QemuVersion } from './dialect.js';
import { QEMU_10_0 } from './qemu-10.0.js';
import { QEMU_7_2 } from './qemu-7.2.js';

const DIALECTS: Readonly<Record<QemuVersion, Dialect>> = { '7.2': QEMU_7_2, '10.0': QEMU_10_0 };

export const QEMU_VERSIONS = Object.keys(DIALECTS) as readonly QemuVersion[];

/** What the command line reads when neither `--qemu` nor the config names a release. */
export const DEFAULT_QEMU_VERSION: QemuVersion = '10.0';

/** A version string that names no supported release. */
export class UnknownQemuVersionError extends Error {
  override readonly name = 'UnknownQemuVersionError';
  constructor(version: string) {
    super(`unknown QEMU version '${version}' (supported: ${QEMU_VERSIONS.join(', ')})`);
  }
}

export function isQemuVersion(version: string): version is QemuVersion {
  return Object.hasOwn(DIALECTS, version);
}

/** The dialect of `version`; an unknown one is an UnknownQemuVersionError. */
export function dialectFor(version: string): Dialect {
  if (!isQemuVersion(version)) throw new UnknownQemuVersionError(version);
  return DIALECTS[version];
}
