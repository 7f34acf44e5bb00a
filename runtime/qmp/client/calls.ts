/**
 * The client's calls waiting for replies, by id: each settles exactly once, by its reply,
 * its timeout, its AbortSignal, or the end of the connection.
 *
 * Calls are plain class instances and share one timer armed for the earliest deadline: a
 * call costs no closure, no object spread and no timer of its own (most calls are answered
 * long before their deadline, and arming and clearing a timer per call cost more than the
 * rest of the bookkeeping together).
 */
import { QmpTimeoutError } from './errors.js';

/** The options every call takes: its timeout and an abort signal. */
export interface CallOptions {
  /** Milliseconds to wait for the reply; `Infinity` waits for ever. */
  readonly timeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Options of one `execute`: its timeout, out-of-band execution, an abort signal. */
export interface ExecuteOptions extends CallOptions {
  /** Send as `exec-oob` (needs OOB enabled and a command that allows it). */
  readonly oob?: boolean;
}

export class PendingCall {
  readonly id: number;
  readonly command: string;
  readonly oob: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** performance.now() past which the call fails; Infinity for none. */
  readonly deadline: number;
  readonly timeout: number;
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;

  constructor(
    id: number,
    command: string,
    oob: boolean,
    resolve: (value: unknown) => void,
    reject: (error: unknown) => void,
    timeout: number,
  ) {
    this.id = id;
    this.command = command;
    this.oob = oob;
    this.resolve = resolve;
    this.reject = reject;
    this.timeout = timeout;
    this.deadline = timeout === Infinity ? Infinity : performance.now() + timeout;
  }
}

export class PendingCalls {
  private readonly calls = new Map<number, PendingCall>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;

  get size(): number {
    return this.calls.size;
  }

  /** Registers a call; its timeout and abort handling start now. */
  add(call: PendingCall, signal: AbortSignal | undefined): void {
    this.calls.set(call.id, call);
    if (call.deadline < this.timerAt) this.arm(call.deadline);
    if (signal !== undefined) {
      const onAbort = (): void => this.fail(call.id, signal.reason ?? new Error('aborted'));
      call.signal = signal;
      call.onAbort = onAbort;
      signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  /** Removes and returns call `id` (undefined for a call that already settled). */
  take(id: number): PendingCall | undefined {
    const call = this.calls.get(id);
    if (call === undefined) return undefined;
    this.calls.delete(id);
    if (call.onAbort !== undefined) call.signal?.removeEventListener('abort', call.onAbort);
    return call;
  }

  /** For a reply without id (QEMU answers unparseable input so): the oldest in-band call. */
  takeOldestInBand(): PendingCall | undefined {
    for (const [id, call] of this.calls) if (!call.oob) return this.take(id);
    return undefined;
  }

  /** Fails every call (the connection is gone) and stops the timer. */
  failAll(error: (call: PendingCall) => Error): void {
    for (const id of [...this.calls.keys()]) {
      const call = this.take(id);
      call?.reject(error(call));
    }
    this.disarm();
  }

  private fail(id: number, error: unknown): void {
    this.take(id)?.reject(error);
  }

  private arm(at: number): void {
    this.disarm();
    if (at === Infinity) return;
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - performance.now()));
    // The socket keeps the process alive while calls wait; the timer alone must not.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** The earliest deadline passed: fail what expired, re-arm for the next. */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const call of [...this.calls.values()]) {
      if (call.deadline <= now) this.fail(call.id, new QmpTimeoutError(call.command, call.timeout));
      else if (call.deadline < next) next = call.deadline;
    }
    if (next < this.timerAt) this.arm(next);
  }
}
