import type { JobStatus, JobType } from '../../generated/job.js';
import { errorText, JobInternalError } from './errors.js';
import type { Scheduler, TimerHandle } from './scheduler.js';
import { assertTransition } from './state-machine.js';

/**
 * What a job's coroutine hands back to the runner when it stops running:
 * - `yield`: wait until entered (by a timer at `wakeAt`, a resume, a cancel, a complete...);
 * - `await`: wait for outside work; the job stays busy meanwhile, like a coroutine in I/O;
 * - `io`: simulated I/O that completes at `doneAt`; the job stays busy (cannot be entered) meanwhile.
 */
export type JobYield =
  | { readonly kind: 'yield'; readonly wakeAt: number | null }
  | { readonly kind: 'io'; readonly doneAt: number }
  | { readonly kind: 'await'; readonly promise: PromiseLike<unknown> };

/** A job coroutine: a generator, so it runs synchronously and deterministically until it yields. */
export type JobCoroutine = Generator<JobYield, void, unknown>;

/**
 * The work behind a job (QEMU's JobDriver). `run` does the work and throws (ideally a
 * JobFailure with QEMU's text) to fail; the other hooks are optional.
 */
export interface JobDriver {
  readonly type: JobType;
  /** Block jobs also emit BLOCK_JOB_* events and are visible to the block-job-* commands. */
  readonly blockJob?: boolean;
  /** The work itself, as a coroutine; throw to fail the job. */
  run(job: Job): JobCoroutine;
  /** Last chance to fail before commit/abort; throw to fail the whole transaction. */
  prepare?(job: Job): void;
  /** The job and its transaction succeeded: make the result permanent. */
  commit?(job: Job): void;
  /** The job or its transaction failed or was cancelled: undo. */
  abort?(job: Job): void;
  /** After commit or abort, either way: release what the job held. */
  clean?(job: Job): void;
  /** The job is gone (job_unref's driver free, after `null`): a block job lets go of its nodes. */
  free?(job: Job): void;
  /** job-complete; throw a QmpError to refuse. */
  complete?(job: Job): void;
  /** Returns whether the cancel is treated as forced (no hook: always forced). */
  cancel?(job: Job, force: boolean): boolean;
  /** The job stops at a pause point. */
  pause?(job: Job): void;
  /** The job goes on after a pause. */
  resume?(job: Job): void;
  /** job-resume (or block-job-resume) was accepted. */
  userResume?(job: Job): void;
  /** A new rate limit, bytes per second (0: unlimited). */
  setSpeed?(job: Job, speed: number): void;
  /**
   * block-job-change (QEMU 10.0): the options as given (the union's branch is picked by
   * `type`, which QEMU does not compare with the job's type). Throw a QmpError to refuse.
   * No hook: `Job type does not support change`.
   */
  change?(job: Job, options: Readonly<Record<string, unknown>>): void;
  /** Members the driver adds to a query-block-jobs entry (QEMU 10.0's BlockJobInfo branches). */
  queryBranch?(job: Job): Readonly<Record<string, unknown>>;
}

/**
 * A group of jobs that complete together (QEMU's JobTxn). Jobs are head-inserted, so
 * transaction-wide steps visit the newest job first, as QEMU does.
 */
export class JobTxn {
  readonly jobs: Job[] = [];
  /** Set while one failure or cancel is tearing the whole group down. */
  aborting = false;

  /** Makes `job` one of this transaction's. */
  add(job: Job): void {
    this.jobs.unshift(job);
    job.txn = this;
  }

  /** Takes `job` out of this transaction. */
  remove(job: Job): void {
    const at = this.jobs.indexOf(job);
    if (at >= 0) this.jobs.splice(at, 1);
    job.txn = null;
  }

  /** job_txn_apply: run fn on each job until one fails; the failing result is returned. */
  apply(fn: (job: Job) => boolean): boolean {
    for (const job of [...this.jobs]) {
      if (!fn(job)) return false;
    }
    return true;
  }
}

/** What a job needs from its manager. */
export interface JobHost {
  readonly scheduler: Scheduler;
  statusChanged(job: Job): void;
  runFinished(job: Job): void;
  becameReady(job: Job): void;
}

/** A job's settings from its creation: auto-finalize, auto-dismiss and its rate limit. */
export interface JobOptions {
  autoFinalize: boolean;
  autoDismiss: boolean;
  speed: number;
}

const YIELD_FOREVER: JobYield = Object.freeze({ kind: 'yield', wakeAt: null });

/**
 * One job: its status, pause accounting and coroutine (QEMU's Job). Completion and
 * transactions live in completion.ts; the user verbs in manager.ts.
 */
export class Job {
  /** null for internal jobs, which have no id and emit no events. */
  readonly id: string | null;
  readonly driver: JobDriver;
  readonly host: JobHost;
  status: JobStatus = 'undefined';
  txn: JobTxn | null = null;
  autoFinalize: boolean;
  autoDismiss: boolean;
  speed: number;

  /** Pauses requested (user pause, drains...); the job starts with one, dropped by start. */
  pauseCount = 1;
  userPaused = false;
  /** Sitting at a pause point. */
  paused = true;
  /** Running (or in outside I/O); false while yielded. */
  busy = false;
  cancelled = false;
  forceCancel = false;
  /** In I/O that holds the graph read lock (a copy request): a graph write lock waits for it. */
  readingGraph = false;
  /** The run is over and job_exit is queued or done. */
  deferredToMainLoop = false;
  started = false;
  /** Non-zero ret in QEMU; errorText holds the message. */
  failed = false;
  errorText: string | undefined = undefined;
  progressCurrent = 0;
  progressTotal = 0;

  private co: JobCoroutine | null = null;
  private timer: TimerHandle | null = null;

  constructor(id: string | null, driver: JobDriver, host: JobHost, options: JobOptions) {
    this.id = id;
    this.driver = driver;
    this.host = host;
    this.autoFinalize = options.autoFinalize;
    this.autoDismiss = options.autoDismiss;
    this.speed = options.speed;
  }

  get type(): JobType {
    return this.driver.type;
  }

  get label(): string {
    return this.id ?? '<internal>';
  }

  get isInternal(): boolean {
    return this.id === null;
  }

  /** QEMU job_is_cancelled: only a forced cancel counts (a soft cancel of a READY mirror does not). */
  isCancelled(): boolean {
    return this.cancelled && this.forceCancel;
  }

  /** Whether any cancel, forced or soft, was asked for. */
  cancelRequested(): boolean {
    return this.cancelled;
  }

  /** Whether pauses are requested: the job should stop at its next pause point. */
  shouldPause(): boolean {
    return this.pauseCount > 0;
  }

  /** Moves to `to`, checked against the status table; a change emits JOB_STATUS_CHANGE. */
  transition(to: JobStatus): void {
    const from = this.status;
    assertTransition(this.label, from, to);
    this.status = to;
    if (from !== to) this.host.statusChanged(this);
  }

  // --- progress -----------------------------------------------------------

  /** Adds done work; current progress never goes back. */
  progressUpdate(done: number): void {
    if (!(done >= 0)) throw new JobInternalError(`job ${this.label}: negative progress ${done}`);
    this.progressCurrent += done;
  }

  /** Sets the work still to do (total = done + remaining). */
  progressSetRemaining(remaining: number): void {
    this.progressTotal = this.progressCurrent + Math.max(0, remaining);
  }

  /** Adds to the work still to do. */
  progressIncreaseRemaining(delta: number): void {
    this.progressTotal += Math.max(0, delta);
  }

  // --- coroutine ----------------------------------------------------------

  /** job_start: leave CREATED and run until the first yield. */
  start(): void {
    if (this.started || this.status !== 'created') {
      throw new JobInternalError(`job ${this.label}: start in ${this.status}`);
    }
    this.started = true;
    this.co = this.entry();
    this.pauseCount--;
    this.busy = true;
    this.paused = false;
    this.transition('running');
    this.step(false, undefined);
  }

  /** job_enter: wake the coroutine if it is yielded. */
  enter(): void {
    if (this.co === null || this.deferredToMainLoop || this.busy) return;
    this.clearTimer();
    this.busy = true;
    this.step(false, undefined);
  }

  /** job_enter_cond(job_timer_pending): only wake a sleeping job. */
  enterIfSleeping(): void {
    if (this.timer !== null) this.enter();
  }

  /** job_enter_cond(job_timer_not_pending): wake unless sleeping. */
  enterUnlessSleeping(): void {
    if (this.timer === null) this.enter();
  }

  /** Whether the job sleeps on a timer (a rate-limit wait). */
  hasTimer(): boolean {
    return this.timer !== null;
  }

  /** Pause point: stop here while pauses are requested (unless force-cancelled). */
  *pausePoint(): JobCoroutine {
    if (!this.shouldPause() || this.isCancelled()) return;
    this.driver.pause?.(this);
    if (this.shouldPause() && !this.isCancelled()) {
      const resumeTo = this.status;
      this.transition(resumeTo === 'ready' ? 'standby' : 'paused');
      this.paused = true;
      yield YIELD_FOREVER;
      this.paused = false;
      this.transition(resumeTo);
    }
    this.driver.resume?.(this);
  }

  /** job_sleep_ns: sleep unless a pause is due, then pass a pause point. */
  *sleep(ns: number): JobCoroutine {
    if (!this.shouldPause()) yield { kind: 'yield', wakeAt: this.host.scheduler.now() + Math.max(0, ns) };
    yield* this.pausePoint();
  }

  /** job_yield: wait to be entered by someone else, then pass a pause point. */
  *yieldUntilEntered(): JobCoroutine {
    if (!this.shouldPause()) yield YIELD_FOREVER;
    yield* this.pausePoint();
  }

  /**
   * Simulated I/O taking `ns` (on the scheduler's timers): the job stays busy, so job_enter
   * (a cancel, a pause, a complete) takes effect only once the I/O is done, as in QEMU.
   * `readsGraph`: the request holds the graph read lock meanwhile (QEMU's copy requests do),
   * so taking the write lock waits for it.
   */
  *io(ns: number, readsGraph = false): JobCoroutine {
    this.readingGraph = readsGraph;
    try {
      yield { kind: 'io', doneAt: this.host.scheduler.now() + Math.max(0, ns) };
    } finally {
      this.readingGraph = false;
    }
  }

  /** Wait for outside work without becoming idle. Returns the settled value. */
  *await<T>(promise: PromiseLike<T>): Generator<JobYield, T, unknown> {
    return (yield { kind: 'await', promise }) as T;
  }

  /** job_transition_to_ready. */
  transitionToReady(): void {
    this.transition('ready');
    this.host.becameReady(this);
  }

  private *entry(): JobCoroutine {
    yield* this.pausePoint();
    yield* this.driver.run(this);
  }

  private step(throwIt: boolean, value: unknown): void {
    const co = this.co;
    if (co === null) return;
    let result: IteratorResult<JobYield, void>;
    try {
      result = throwIt ? co.throw(value) : co.next(value);
    } catch (e) {
      if (e instanceof JobInternalError) throw e;
      this.finishRun(errorText(e));
      return;
    }
    if (result.done === true) this.finishRun(undefined);
    else this.suspend(result.value);
  }

  private suspend(y: JobYield): void {
    if (y.kind === 'await') {
      const resume = (throwIt: boolean, v: unknown): void => this.host.scheduler.post(() => this.step(throwIt, v));
      y.promise.then(
        (v) => resume(false, v),
        (e: unknown) => resume(true, e),
      );
      return;
    }
    if (y.kind === 'io') {
      this.host.scheduler.setTimer(y.doneAt, () => this.step(false, undefined));
      return;
    }
    this.busy = false;
    if (y.wakeAt !== null) {
      const handle = this.host.scheduler.setTimer(y.wakeAt, () => {
        if (this.timer !== handle) return;
        this.timer = null;
        this.enter();
      });
      this.timer = handle;
    }
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    this.host.scheduler.cancelTimer(this.timer);
    this.timer = null;
  }

  private finishRun(error: string | undefined): void {
    if (error !== undefined && !this.failed) {
      this.failed = true;
      this.errorText = error;
    }
    this.co = null;
    this.deferredToMainLoop = true;
    this.busy = true;
    this.host.runFinished(this);
  }
}
