/**
 * `--qemu VERSION`: the QEMU release whose QAPI dialect a command reads schemas in (and, for
 * `serve` and `jobs`, the release it speaks as or checks). Flag, else the config's `qemu`
 * where the command reads a config, else 10.0. When a schema fails in one dialect but another
 * release reads it cleanly, the error says which `--qemu` to use, under QEMU's own message.
 * Light on purpose: naming a version loads nothing of the front end.
 */
import type { Command } from 'commander';
import type { QemuVersion } from '../dialect/dialect.js';
import { DEFAULT_QEMU_VERSION, QEMU_VERSIONS, qemuVersion } from '../dialect/versions.js';
import { QAPIError } from '../source/error.js';

export interface QemuOption {
  readonly qemu?: string;
}

export function addQemuOption(command: Command, what = 'read the schema in the QAPI dialect of QEMU VERSION', defaultText: string = DEFAULT_QEMU_VERSION): Command {
  return command.option('--qemu <version>', `${what}: ${QEMU_VERSIONS.join(', ')} (default: ${defaultText})`);
}

/** The release `--qemu` names, else `fallback`, else the default; an unknown one throws UnknownQemuVersionError. */
export function selectedQemu(flag: string | undefined, fallback?: string): QemuVersion {
  return qemuVersion(flag ?? fallback ?? DEFAULT_QEMU_VERSION);
}

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
