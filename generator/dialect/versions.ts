/**
 * The supported QEMU releases by version string (the CLI's `--qemu`, the config's `qemu`, a
 * transcript's greeting). Kept apart from the profiles so that naming a version loads nothing
 * of the front end.
 */
import type { QemuVersion } from './dialect.js';

export const QEMU_VERSIONS: readonly QemuVersion[] = ['7.2', '10.0', '10.2'];

/** What the command line reads when neither `--qemu` nor a config names a release. */
export const DEFAULT_QEMU_VERSION: QemuVersion = '10.0';

export function isQemuVersion(version: string): version is QemuVersion {
  return (QEMU_VERSIONS as readonly string[]).includes(version);
}

/** A version string that names no supported release. */
export class UnknownQemuVersionError extends Error {
  override readonly name = 'UnknownQemuVersionError';
  constructor(version: string) {
    super(`unknown QEMU version '${version}' (supported: ${QEMU_VERSIONS.join(', ')})`);
  }
}

/** `version` as a supported release, or an UnknownQemuVersionError. */
export function qemuVersion(version: string): QemuVersion {
  if (!isQemuVersion(version)) throw new UnknownQemuVersionError(version);
  return version;
}
