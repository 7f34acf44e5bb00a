import { JobTxn } from './job.js';
import type { Job } from './job.js';
import { ERRNO_TEXT, errorText, JobInternalError } from './errors.js';
import type { Scheduler } from './scheduler.js';
import { isCompletedStatus } from './state-machine.js';

/** What the completion path needs from the manager: event output and the registry. */
export interface CompletionHost {
  readonly scheduler: Scheduler;
  /** BLOCK_JOB_CANCELLED or BLOCK_JOB_COMPLETED. */
  blockJobEnded(job: Job, cancelled: boolean): void;
  /** BLOCK_JOB_PENDING (only for manual finalize). */
  blockJobPending(job: Job): void;
  unregister(job: Job): void;
}

function txnOf(job: Job): JobTxn {
  if (job.txn === null) {
    // A job alone gets a transaction of its own, as job_create does.
    const txn = new JobTxn();
    txn.add(job);
  }
  return job.txn as JobTxn;
}

/** job_update_rc: a force-cancelled job fails with ECANCELED; a failed job goes ABORTING. */
function updateRc(job: Job): boolean {
  if (!job.failed && job.isCancelled()) job.failed = true;
  if (job.failed) {
    job.errorText ??= ERRNO_TEXT.ECANCELED;
    job.transition('aborting');
  }
  return job.failed;
}

/** job_exit: the bottom half queued when the coroutine returns. */
export function jobExit(host: CompletionHost, job: Job): void {
  if (job.status === 'null' || isCompletedStatus(job.status)) return;
  job.busy = false;
  completed(host, job);
}

/** job_completed. */
function completed(host: CompletionHost, job: Job): void {
  if (isCompletedStatus(job.status)) throw new JobInternalError(`job ${job.label}: completed twice`);
  if (updateRc(job)) txnAbort(host, job);
  else txnSuccess(host, job);
}

function txnSuccess(host: CompletionHost, job: Job): void {
  job.transition('waiting');
  const txn = txnOf(job);
  if (!txn.jobs.every((other) => isCompletedStatus(other.status))) return;
  txn.apply((other) => {
    other.transition('pending');
    if (!other.autoFinalize) host.blockJobPending(other);
    return true;
  });
  const needsManual = txn.jobs.some((other) => !other.autoFinalize);
  if (!needsManual) doFinalize(host, job);
}

/** job_do_finalize: prepare every job, then finalize all or abort all. */
export function doFinalize(host: CompletionHost, job: Job): void {
  const txn = txnOf(job);
  const prepared = txn.apply((other) => prepare(other));
  if (!prepared) txnAbort(host, job);
  else txn.apply((other) => (finalizeSingle(host, other), true));
}

function prepare(job: Job): boolean {
  if (!job.failed && job.driver.prepare !== undefined) {
    try {
      job.driver.prepare(job);
    } catch (e) {
      if (e instanceof JobInternalError) throw e;
      job.failed = true;
      job.errorText = errorText(e);
    }
    updateRc(job);
  }
  return !job.failed;
}

/** job_finalize_single: commit or abort, clean, tell the world, conclude. */
function finalizeSingle(host: CompletionHost, job: Job): void {
  if (!isCompletedStatus(job.status)) throw new JobInternalError(`job ${job.label}: finalized while running`);
  updateRc(job);
  if (!job.failed) job.driver.commit?.(job);
  else job.driver.abort?.(job);
  job.driver.clean?.(job);
  if (job.started) host.blockJobEnded(job, job.isCancelled());
  job.txn?.remove(job);
  conclude(host, job);
}

function conclude(host: CompletionHost, job: Job): void {
  job.transition('concluded');
  if (job.autoDismiss || !job.started) doDismiss(host, job);
}

/** job_do_dismiss: the job disappears (status null) and frees its id. */
export function doDismiss(host: CompletionHost, job: Job): void {
  job.busy = false;
  job.paused = false;
  job.deferredToMainLoop = true;
  job.txn?.remove(job);
  job.transition('null');
  host.unregister(job);
  job.driver.free?.(job);
}

/**
 * job_completed_txn_abort: one job failed or was cancelled, so every job of its
 * transaction is force-cancelled, run to its end and finalized, newest first.
 */
function txnAbort(host: CompletionHost, job: Job): void {
  const txn = txnOf(job);
  if (txn.aborting) return;
  txn.aborting = true;
  for (const other of [...txn.jobs]) {
    if (other !== job) cancelAsync(other, true);
  }
  for (let other = txn.jobs[0]; other !== undefined; other = txn.jobs[0]) {
    if (!isCompletedStatus(other.status)) {
      if (!other.cancelRequested()) throw new JobInternalError(`job ${other.label}: aborted without cancel`);
      finishSync(host, other);
    }
    finalizeSingle(host, other);
  }
}

/** job_finish_sync: keep the loop turning until the job has completed. */
export function finishSync(host: CompletionHost, job: Job): void {
  while (!isCompletedStatus(job.status)) {
    job.enter();
    if (isCompletedStatus(job.status)) break;
    if (!host.scheduler.poll()) throw new JobInternalError(`job ${job.label}: stalled while finishing`);
  }
}

/** job_cancel_async: flag the cancel and drop a user pause. */
function cancelAsync(job: Job, force: boolean): void {
  const forced = job.driver.cancel === undefined ? true : job.driver.cancel(job, force);
  if (job.userPaused) {
    job.driver.userResume?.(job);
    job.userPaused = false;
    if (job.pauseCount <= 0) throw new JobInternalError(`job ${job.label}: user pause without pause count`);
    job.pauseCount--;
  }
  // A soft cancel after the run ended is ignored: the job finishes normally.
  if (!job.deferredToMainLoop || forced) {
    job.cancelled = true;
    job.forceCancel ||= forced;
  }
}

/** job_cancel: a CONCLUDED job is dismissed; otherwise cancel and get it moving. */
export function cancel(host: CompletionHost, job: Job, force: boolean): void {
  if (job.status === 'concluded') {
    doDismiss(host, job);
    return;
  }
  cancelAsync(job, force);
  if (!job.started) completed(host, job);
  else if (job.deferredToMainLoop) {
    if (job.isCancelled()) txnAbort(host, job);
  } else job.enter();
}
