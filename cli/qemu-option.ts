/**
 * When a schema fails in the dialect `--qemu` chose but another release reads it cleanly, the
 * error says which `--qemu` to use, under QEMU's own message (which stays exactly as QEMU
 * prints it, on its own line). Light on purpose: loads nothing of the front end.
 */
import type { QemuVersion } from '../generator/dialect/dialect.js';
import { QEMU_VERSIONS } from '../generator/dialect/versions.js';
import { QAPIError } from '../generator/source/error.js';

/** A schema error in one dialect, of a schema another release reads without error. */
export class DialectMismatchError extends Error {
  override readonly name = 'DialectMismatchError';
  readonly error: QAPIError;
  readonly readsAs: QemuVersion;

  constructor(error: QAPIError, readsAs: QemuVersion) {
    super(error.message);
    this.error = error;
    this.readsAs = readsAs;
  }

  /** QEMU's message exactly as QEMU prints it, then the hint on a line of its own. */
  render(): string {
    return `${this.error.render()}\n(this schema reads without error as QEMU ${this.readsAs}'s dialect: use --qemu ${this.readsAs})`;
  }
}

/**
 * Runs `body`, which reads a schema as QEMU `version`; a QAPIError becomes a
 * DialectMismatchError when `load` reads the same schema as another supported release without
 * error. Only a failure pays for the retry.
 */
export function withDialectHint<T>(version: QemuVersion, body: () => T, load: (other: QemuVersion) => unknown): T {
  try {
    return body();
  } catch (err) {
    if (!(err instanceof QAPIError)) throw err;
    const other = QEMU_VERSIONS.find((v) => v !== version && loadsCleanly(load, v));
    throw other === undefined ? err : new DialectMismatchError(err, other);
  }
}

function loadsCleanly(load: (other: QemuVersion) => unknown, version: QemuVersion): boolean {
  try {
    load(version);
    return true;
  } catch (err) {
    if (err instanceof QAPIError) return false;
    throw err;
  }
}
