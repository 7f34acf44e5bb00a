import type { Job } from './job.js';

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
