/** The profile of each supported QEMU release. */
import type { Dialect, QemuVersion } from './dialect.js';
import { QEMU_10_0 } from './qemu-10.0.js';
import { QEMU_10_2 } from './qemu-10.2.js';
import { QEMU_7_2 } from './qemu-7.2.js';
import { qemuVersion } from './versions.js';

export { DEFAULT_QEMU_VERSION, QEMU_VERSIONS, UnknownQemuVersionError, isQemuVersion } from './versions.js';

const DIALECTS: Readonly<Record<QemuVersion, Dialect>> = { '7.2': QEMU_7_2, '10.0': QEMU_10_0, '10.2': QEMU_10_2 };

/** The dialect of `version`; an unknown one is an UnknownQemuVersionError. */
export function dialectFor(version: string): Dialect {
  return DIALECTS[qemuVersion(version)];
}
