/**
 * The driver of `x-demo-job-start`: a job that does no real work. It advances its progress
 * in steps over its duration, optionally fails at the end of the work, optionally goes READY
 * and waits there for job-complete (as mirror does), and passes a pause point at every step.
 */
import type { Job, JobDriver, JobYield } from '../jobs/job.js';
import { genericError, JobFailure } from '../jobs/errors.js';
import { isReadyStatus } from '../jobs/state-machine.js';

/** The arguments of `x-demo-job-start` that shape the demo job. */
export interface DemoJobParams {
  /** How long the work takes, in milliseconds. */
  readonly durationMs: number;
  /** Go READY after the work and wait for job-complete. */
  readonly ready: boolean;
  /** Fail at the end of the work with this text. */
  readonly error: string | undefined;
}

/** Progress units of a demo job (query-jobs' total-progress). */
export const DEMO_JOB_STEPS = 100;
/** How often a READY job looks for a complete or cancel request (mirror's slice, 100 ms). */
const READY_SLICE_NS = 100_000_000;

/** The driver of a demo job: steps of work with progress, an optional READY phase and an optional failure. */
export function demoJobDriver(params: DemoJobParams): JobDriver {
  let completeRequested = false;
  return {
    type: 'create',
    *run(job) {
      if (!(yield* work(job, params.durationMs))) return;
      if (params.error !== undefined) throw new JobFailure(params.error);
      if (!params.ready) return;
      job.transitionToReady();
      while (!job.cancelRequested() && !completeRequested) yield* job.sleep(READY_SLICE_NS);
    },
    ...(params.ready
      ? {
          complete(job: Job): void {
            if (!isReadyStatus(job.status)) throw genericError(`The active block job '${job.label}' cannot be completed`);
            completeRequested = true;
            if (!job.paused) job.enter();
          },
        }
      : {}),
  };
}

/** The steps of the work; false when the job was cancelled on the way. */
function* work(job: Job, durationMs: number): Generator<JobYield, boolean, unknown> {
  const stepNs = Math.round((durationMs * 1e6) / DEMO_JOB_STEPS);
  job.progressSetRemaining(DEMO_JOB_STEPS);
  while (job.progressCurrent < DEMO_JOB_STEPS) {
    if (job.isCancelled()) return false;
    yield* job.sleep(stepNs);
    if (job.isCancelled()) return false;
    job.progressUpdate(1);
  }
  return true;
}
