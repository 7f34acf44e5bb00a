/**
 * How long the client waits for a command's reply when the call gives no timeout. Most QMP
 * commands answer within milliseconds, so a few seconds tells a hung peer from a busy one;
 * the commands below may legitimately hold QEMU's monitor for much longer (they open or
 * create images, drain I/O, or stop the VM while they work), so they get minutes. Proxmox's
 * QMP client keeps such a table for the same reason. The user overrides any entry, and any
 * call's own `timeout` wins over the table.
 */

/** Timeout of a command that is not in the table: 10 s. */
export const DEFAULT_COMMAND_TIMEOUT = 10_000;

const MINUTES = 5 * 60_000;

/** Commands that may keep the monitor busy for long: block jobs and what opens, creates or drains block nodes, migration, snapshots. */
export const defaultCommandTimeouts: Readonly<Record<string, number>> = Object.freeze({
  // Starting and ending block jobs opens images and drains the nodes they touch.
  'block-commit': MINUTES,
  'block-stream': MINUTES,
  'blockdev-backup': MINUTES,
  'blockdev-mirror': MINUTES,
  'drive-backup': MINUTES,
  'drive-mirror': MINUTES,
  'block-job-cancel': MINUTES,
  'block-job-complete': MINUTES,
  'job-cancel': MINUTES,
  'job-complete': MINUTES,
  'job-finalize': MINUTES,
  // Creating, opening, resizing and snapshotting images.
  'blockdev-create': MINUTES,
  'blockdev-amend': MINUTES,
  'blockdev-add': MINUTES,
  'blockdev-del': MINUTES,
  block_resize: MINUTES,
  'blockdev-snapshot-sync': MINUTES,
  'blockdev-snapshot': MINUTES,
  transaction: MINUTES,
  'snapshot-save': MINUTES,
  'snapshot-load': MINUTES,
  'snapshot-delete': MINUTES,
  // Migration: starting, cancelling and the incoming side.
  migrate: MINUTES,
  'migrate-incoming': MINUTES,
  migrate_cancel: MINUTES,
  'migrate-continue': MINUTES,
  // HMP commands such as savevm run synchronously under this one.
  'human-monitor-command': MINUTES,
  stop: MINUTES,
  cont: MINUTES,
});

/** The timeouts of a client's calls: per command, and the default. */
export interface CommandTimeoutOptions {
  /** Per-command timeouts in ms, over the table above (`Infinity`: wait for ever). */
  readonly timeouts?: Readonly<Record<string, number>>;
  /** Timeout of commands in neither table (default 10 s; `Infinity`: wait for ever). */
  readonly defaultTimeout?: number;
}

/** The timeout table one client uses: the defaults with the user's entries over them. */
export class CommandTimeouts {
  private readonly table: Map<string, number>;
  private readonly fallback: number;

  constructor(options: CommandTimeoutOptions) {
    this.table = new Map(Object.entries({ ...defaultCommandTimeouts, ...options.timeouts }));
    for (const [command, ms] of this.table) checkTimeout(`timeouts['${command}']`, ms);
    this.fallback = checkTimeout('defaultTimeout', options.defaultTimeout ?? DEFAULT_COMMAND_TIMEOUT);
  }

  /** The timeout of `command` when the call gives none. */
  of(command: string): number {
    return this.table.get(command) ?? this.fallback;
  }
}

/** A timeout must be a positive number of milliseconds (or Infinity); a typo must not mean "never". */
export function checkTimeout(what: string, ms: number): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms <= 0) {
    throw new RangeError(`QMP client: ${what} must be a positive number of milliseconds or Infinity, not ${String(ms)}`);
  }
  return ms;
}
