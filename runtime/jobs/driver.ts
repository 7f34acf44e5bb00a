import type { JobType } from '../../generated/job.js';
import type { Job } from './job.js';

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

/** A driver whose run finishes at once: handy for tests and benchmarks. */
export function noopDriver(type: JobType = 'create'): JobDriver {
  return {
    type,
    // eslint-disable-next-line require-yield
    *run() {},
  };
}
