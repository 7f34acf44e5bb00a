import { JobInternalError } from './errors.js';

/** A pending timer; cancel it through the scheduler that made it. */
export interface TimerHandle {
  readonly at: number;
}

/**
 * QEMU's main loop, reduced to what jobs need: bottom halves (run soon), timers on a
 * nanosecond clock, and poll() for nested waits (AIO_WAIT_WHILE in job_finish_sync).
 */
export interface Scheduler {
  /** Current time in nanoseconds. */
  now(): number;
  /** Queue a bottom half. */
  post(task: () => void): void;
  /** Runs `task` at `atNs` on this clock. */
  setTimer(atNs: number, task: () => void): TimerHandle;
  /** Cancels a timer that has not run. */
  cancelTimer(timer: TimerHandle): void;
  /** Run one unit of pending work; false if there was none (a virtual clock jumps to the next timer). */
  poll(): boolean;
  /**
   * Runs every queued bottom half, including those queued on the way, but no timer: the
   * work QEMU finishes before a command's reply (coroutine wake-ups, job_exit). Returns tasks run.
   */
  runImmediate(): number;
}

/** Bound on bottom halves run by one runImmediate (a livelock guard). */
const IMMEDIATE_LIMIT = 1_000_000;

interface VirtualTimer extends TimerHandle {
  readonly seq: number;
  task: (() => void) | null;
}

/** Deterministic scheduler for tests and replays: no real time passes. */
export class VirtualScheduler implements Scheduler {
  private clock = 0;
  private seq = 0;
  private readonly bottomHalves: Array<() => void> = [];
  private bhHead = 0;
  private readonly timers: VirtualTimer[] = [];

  now(): number {
    return this.clock;
  }

  post(task: () => void): void {
    this.bottomHalves.push(task);
  }

  /** Runs `task` at `atNs`. */
  setTimer(atNs: number, task: () => void): TimerHandle {
    const timer: VirtualTimer = { at: Math.max(atNs, this.clock), seq: this.seq++, task };
    this.heapPush(timer);
    return timer;
  }

  /** Cancels a timer that has not run. */
  cancelTimer(timer: TimerHandle): void {
    (timer as VirtualTimer).task = null;
  }

  poll(): boolean {
    if (this.runBottomHalf()) return true;
    return this.runNextTimer(Number.POSITIVE_INFINITY);
  }

  runImmediate(): number {
    let count = 0;
    while (this.runBottomHalf()) {
      if (++count >= IMMEDIATE_LIMIT) throw new JobInternalError('scheduler: bottom-half limit reached (livelock?)');
    }
    return count;
  }

  /** Whether a bottom half is queued (work that runs before any timer). */
  hasImmediateWork(): boolean {
    return this.bhHead < this.bottomHalves.length;
  }

  /** Runs work until none is left, or until the clock would pass `untilNs`. Returns tasks run. */
  runUntilIdle(untilNs = Number.POSITIVE_INFINITY, maxTasks = 10_000_000): number {
    let count = 0;
    while (this.runBottomHalf() || this.runNextTimer(untilNs)) {
      if (++count >= maxTasks) throw new JobInternalError('scheduler: task limit reached (livelock?)');
    }
    return count;
  }

  /** Runs one bottom half, or the next timer due by `untilNs`; false if there is none. */
  runOne(untilNs = Number.POSITIVE_INFINITY): boolean {
    return this.runBottomHalf() || this.runNextTimer(untilNs);
  }

  /** Moves the clock forward by `ns`, running everything due on the way. */
  advance(ns: number): void {
    const target = this.clock + ns;
    this.runUntilIdle(target);
    this.clock = Math.max(this.clock, target);
  }

  /** Whether anything is queued or timed. */
  hasPendingWork(): boolean {
    this.dropCancelledTimers();
    return this.bhHead < this.bottomHalves.length || this.timers.length > 0;
  }

  private runBottomHalf(): boolean {
    if (this.bhHead >= this.bottomHalves.length) return false;
    const task = this.bottomHalves[this.bhHead++];
    if (this.bhHead > 1024 && this.bhHead * 2 > this.bottomHalves.length) {
      this.bottomHalves.splice(0, this.bhHead);
      this.bhHead = 0;
    }
    task?.();
    return true;
  }

  private runNextTimer(untilNs: number): boolean {
    this.dropCancelledTimers();
    const next = this.timers[0];
    if (next === undefined || next.at > untilNs) return false;
    this.heapPop();
    this.clock = Math.max(this.clock, next.at);
    const task = next.task;
    next.task = null;
    task?.();
    return true;
  }

  private dropCancelledTimers(): void {
    while (this.timers.length > 0 && this.timers[0]?.task === null) this.heapPop();
  }

  private static before(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private heapPush(t: VirtualTimer): void {
    const h = this.timers;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as VirtualTimer;
      if (!VirtualScheduler.before(t, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = t;
  }

  private heapPop(): void {
    const h = this.timers;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const left = h[l] as VirtualTimer;
      const right = h[r];
      const c = right !== undefined && VirtualScheduler.before(right, left) ? r : l;
      const child = h[c] as VirtualTimer;
      if (!VirtualScheduler.before(child, last)) break;
      h[i] = child;
      i = c;
    }
    h[i] = last;
  }
}

/** Scheduler on Node's real event loop. poll() only runs work that is already due. */
export class RealTimeScheduler implements Scheduler {
  /** Bottom halves, run before any due timer (and by runImmediate). */
  private readonly immediate: Array<() => void> = [];
  private readonly due: Array<() => void> = [];
  private readonly origin = process.hrtime.bigint();

  now(): number {
    return Number(process.hrtime.bigint() - this.origin);
  }

  post(task: () => void): void {
    this.immediate.push(task);
    setImmediate(() => this.poll());
  }

  runImmediate(): number {
    let count = 0;
    for (let task = this.immediate.shift(); task !== undefined; task = this.immediate.shift()) {
      if (++count >= IMMEDIATE_LIMIT) throw new JobInternalError('scheduler: bottom-half limit reached (livelock?)');
      task();
    }
    return count;
  }

  /** Runs `task` when virtual time reaches `atNs`. */
  setTimer(atNs: number, task: () => void): TimerHandle {
    const handle = { at: atNs, timeout: undefined as NodeJS.Timeout | undefined };
    const delayMs = Math.max(0, (atNs - this.now()) / 1e6);
    handle.timeout = setTimeout(() => {
      this.due.push(task);
      this.poll();
    }, delayMs);
    return handle;
  }

  /** Cancels a timer that has not run. */
  cancelTimer(timer: TimerHandle): void {
    clearTimeout((timer as { timeout?: NodeJS.Timeout }).timeout);
  }

  poll(): boolean {
    const task = this.immediate.shift() ?? this.due.shift();
    task?.();
    return task !== undefined;
  }
}
