/**
 * The client's opt-in reconnect: when an established connection drops, try again after
 * growing delays (initial delay, times `factor` per attempt, at most `maxDelay`) until a
 * connection is negotiated again or a limit (attempts, or time since the drop) is reached.
 * What a user is told along the way is a QmpConnectionEvent.
 */
import { checkTimeout } from './timeouts.js';

/** When and for how long a client reconnects after its connection dropped (growing delays). */
export interface ReconnectOptions {
  /** Delay before the first attempt (default 100 ms). */
  readonly initialDelay?: number;
  /** Each further delay is the previous one times this (default 2). */
  readonly factor?: number;
  /** No delay is longer than this (default 5 s). */
  readonly maxDelay?: number;
  /** Give up after this many failed attempts (default: no limit). */
  readonly maxAttempts?: number;
  /** Give up when this long has passed since the connection dropped (default 5 min; Infinity: never). */
  readonly maxTime?: number;
}

/** What happened to the connection, for `client.onConnection(listener)`. */
export type QmpConnectionEvent =
  /** The connection dropped (`reconnect`: attempts follow), or the client gave up for good (`reconnect: false`). */
  | { readonly type: 'disconnected'; readonly error: Error; readonly reconnect: boolean }
  /** Attempt `attempt` starts after `delay` ms. `error` is why the connection (or the last attempt) failed. */
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly delay: number; readonly error: Error }
  /** Connected and negotiated again after `attempt` attempts and `downtime` ms; the server may be a new process. */
  | { readonly type: 'reconnected'; readonly attempt: number; readonly downtime: number };

/** Told of each connection change: disconnected, reconnecting, reconnected. */
export type QmpConnectionListener = (event: QmpConnectionEvent) => void;

export class ReconnectPolicy {
  readonly initialDelay: number;
  readonly factor: number;
  readonly maxDelay: number;
  readonly maxAttempts: number;
  readonly maxTime: number;

  constructor(options: ReconnectOptions) {
    this.initialDelay = checkTimeout('reconnect.initialDelay', options.initialDelay ?? 100);
    this.factor = options.factor ?? 2;
    this.maxDelay = checkTimeout('reconnect.maxDelay', options.maxDelay ?? 5000);
    this.maxAttempts = options.maxAttempts ?? Infinity;
    this.maxTime = checkTimeout('reconnect.maxTime', options.maxTime ?? 5 * 60_000);
    if (!(this.factor >= 1)) throw new RangeError(`QMP client: reconnect.factor must be at least 1, not ${String(options.factor)}`);
    if (!(this.maxAttempts >= 1))
      throw new RangeError(`QMP client: reconnect.maxAttempts must be at least 1, not ${String(options.maxAttempts)}`);
  }

  /** The delay before attempt `attempt` (1-based). */
  delay(attempt: number): number {
    return Math.min(this.maxDelay, this.initialDelay * this.factor ** (attempt - 1));
  }

  /** Whether attempt `attempt` may start `delay` ms from now, `elapsed` ms after the drop. */
  allows(attempt: number, elapsed: number, delay: number): boolean {
    return attempt <= this.maxAttempts && elapsed + delay <= this.maxTime;
  }
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
