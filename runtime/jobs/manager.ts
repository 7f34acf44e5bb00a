import type { JobInfo } from '../../generated/job.js';
import * as completion from './completion.js';
import type { CompletionHost } from './completion.js';
import { Job, JobTxn } from './job.js';
import type { JobDriver, JobHost } from './job.js';
import { genericError, JobInternalError } from './errors.js';
import type { BlockJobInfoEvent, JobEventSink } from './events.js';
import { checkJobId } from './ids.js';
import type { Scheduler } from './scheduler.js';
import { JOBS_7_2, profileAllowsVerb } from './profile.js';
import type { JobProfile, ProfileVerb } from './profile.js';
import { verbRejectedText } from './state-machine.js';

/** What a JobManager runs on: its clock and where its events go. */
export interface JobManagerOptions {
  scheduler: Scheduler;
  emit: JobEventSink;
  /** The QEMU release whose job behaviour to follow (default 7.2). */
  profile?: JobProfile;
}

/** A new job: its id, driver, and the auto-finalize, auto-dismiss, speed and transaction settings of QEMU's job creation. */
export interface CreateJobOptions {
  /** Required unless `internal`; internal jobs have no id and emit no events. */
  id?: string;
  internal?: boolean;
  driver: JobDriver;
  autoFinalize?: boolean;
  autoDismiss?: boolean;
  speed?: number;
  /** Shared transaction for grouped completion; omitted: the job completes on its own. */
  txn?: JobTxn;
}

/**
 * Owns every job (QEMU's global job list plus job.c's verbs). Command handlers
 * (commands.ts) and block layers call into this.
 */
export class JobManager implements JobHost, CompletionHost {
  readonly scheduler: Scheduler;
  readonly profile: JobProfile;
  private readonly emit: JobEventSink;
  private readonly all = new Set<Job>();
  private readonly byId = new Map<string, Job>();

  constructor(options: JobManagerOptions) {
    this.scheduler = options.scheduler;
    this.emit = options.emit;
    this.profile = options.profile ?? JOBS_7_2;
  }

  // --- registry -----------------------------------------------------------

  /** The job with this id, if any. */
  get(id: string): Job | undefined {
    return this.byId.get(id);
  }

  /** Every live job, newest first (QEMU head-inserts). */
  list(): Job[] {
    return [...this.all].reverse();
  }

  get size(): number {
    return this.all.size;
  }

  /** A new transaction: jobs created in it complete together (QEMU's job_txn_new). */
  newTxn(): JobTxn {
    return new JobTxn();
  }

  /** job_create: checks the id, registers the job and puts it in CREATED. */
  create(options: CreateJobOptions): Job {
    const internal = options.internal ?? false;
    checkJobId(options.id, internal, (id) => this.byId.has(id));
    const job = new Job(internal ? null : (options.id ?? null), options.driver, this, {
      autoFinalize: options.autoFinalize ?? true,
      autoDismiss: options.autoDismiss ?? true,
      speed: options.speed ?? 0,
    });
    this.all.add(job);
    if (job.id !== null) this.byId.set(job.id, job);
    (options.txn ?? new JobTxn()).add(job);
    job.transition('created');
    return job;
  }

  /** job_start: leaves CREATED and runs the job until its first yield. */
  start(job: Job): void {
    job.start();
  }

  /** job_early_fail: drop a job that never started. */
  earlyFail(job: Job): void {
    if (job.started) throw new JobInternalError(`job ${job.label}: early fail after start`);
    completion.doDismiss(this, job);
  }

  /**
   * Runs a command's work the way QEMU's monitor does: what the command triggers
   * synchronously (coroutines entered until their next yield, and the bottom halves queued
   * meanwhile, such as job_exit of a job whose coroutine returned) is done before this
   * returns, so its events precede the reply; timed work (I/O, rate-limit sleeps) is not.
   */
  command<T>(work: () => T): T {
    try {
      return work();
    } finally {
      this.scheduler.runImmediate();
    }
  }

  // --- internal pauses (drains) ------------------------------------------

  /** job_pause: one more pause request; a running job stops at its next pause point. */
  pause(job: Job): void {
    job.pauseCount++;
    if (!job.paused) job.enter();
  }

  /** job_resume: drop one pause request; the last one wakes the job. */
  resume(job: Job): void {
    if (job.pauseCount <= 0) throw new JobInternalError(`job ${job.label}: resume without pause`);
    job.pauseCount--;
    if (job.pauseCount > 0) return;
    job.enterUnlessSleeping();
  }

  /**
   * bdrv_drain_all_begin for jobs: pause all, oldest first, then keep the loop turning
   * until none is inside I/O any more (a busy job reaches its pause point only after it).
   */
  drainAllBegin(): Job[] {
    const drained = [...this.all];
    for (const job of drained) this.pause(job);
    while (drained.some((job) => job.busy && !job.deferredToMainLoop)) {
      if (!this.scheduler.poll()) throw new JobInternalError('drain: a busy job never stopped');
    }
    return drained;
  }

  /** Ends a drain begun with `drainAllBegin()`: the drained jobs go on. */
  drainAllEnd(drained: readonly Job[]): void {
    for (const job of drained) {
      if (job.status !== 'null') this.resume(job);
    }
  }

  /** bdrv_drain_all: every running job passes a pause point (PAUSED/STANDBY and back). */
  drainAll(): void {
    this.drainAllEnd(this.drainAllBegin());
  }

  /**
   * A section under QEMU 10.0's graph write lock (block/graph-lock.c bdrv_graph_wrlock): a drain
   * of all nodes begun without polling (bdrv_drain_all_begin_nopoll) pauses every job, which
   * wakes an idle one (job_pause_locked enters only a job that is not busy); then the lock waits
   * for its readers (AIO_WAIT_WHILE_UNLOCKED while reader_count() >= 1), turning the loop: a
   * job with a copy request in flight holds a reader lock, so the wait lasts until the request
   * is done and the job has reached its pause point. bdrv_drain_all_end lets every job go on,
   * and the unlock runs the bottom halves queued meanwhile (a job's exit among them). So every
   * running job, idle or in a request, passes one pause point per section. Nothing in releases
   * whose graph lock does not drain.
   */
  graphWriteLocked(sections = 1): void {
    if (!this.profile.graphLockDrains) return;
    for (let i = 0; i < sections; i++) {
      const drained = [...this.all];
      for (const job of drained) this.pause(job);
      while (drained.some((job) => job.readingGraph)) {
        if (!this.scheduler.poll()) throw new JobInternalError('graph lock: a reader never finished');
      }
      this.drainAllEnd(drained);
      this.scheduler.runImmediate();
    }
  }

  // --- verbs (job.c user entry points) -------------------------------------

  /** job_apply_verb, on the release's JobVerbTable. */
  applyVerb(job: Job, verb: ProfileVerb): void {
    if (profileAllowsVerb(this.profile, verb, job.status)) return;
    throw genericError(verbRejectedText(job.label, job.status, verb));
  }

  /** job_user_pause: the verb check, then one more pause request marked as the user's. */
  userPause(job: Job): void {
    this.applyVerb(job, 'pause');
    if (job.userPaused) throw genericError('Job is already paused');
    job.userPaused = true;
    this.pause(job);
  }

  /** The user_paused check comes before the verb table, as in QEMU. */
  userResume(job: Job): void {
    if (!job.userPaused || job.pauseCount <= 0) throw genericError("Can't resume a job that was not paused");
    this.applyVerb(job, 'resume');
    job.driver.userResume?.(job);
    job.userPaused = false;
    this.resume(job);
  }

  /** job_user_cancel: the verb check, then a cancel (soft for a READY mirror unless `force`). */
  userCancel(job: Job, force: boolean): void {
    this.applyVerb(job, 'cancel');
    completion.cancel(this, job, force);
  }

  /** job_complete: the verb check, then the driver's completion. */
  complete(job: Job): void {
    this.applyVerb(job, 'complete');
    if (job.cancelRequested() || job.driver.complete === undefined) {
      throw genericError(`The active block job '${job.label}' cannot be completed`);
    }
    job.driver.complete(job);
  }

  /** job_finalize: the verb check, then the job's transaction commits or aborts. */
  finalize(job: Job): void {
    this.applyVerb(job, 'finalize');
    completion.doFinalize(this, job);
  }

  /** job_dismiss: the verb check, then CONCLUDED -> NULL and the job is gone. */
  dismiss(job: Job): void {
    this.applyVerb(job, 'dismiss');
    completion.doDismiss(this, job);
  }

  /** block_job_set_speed: verb check, then the value. A faster speed wakes a sleeping job. */
  setSpeed(job: Job, speed: number): void {
    this.applyVerb(job, 'set-speed');
    if (speed < 0) throw genericError("Parameter 'speed' expects a non-negative value");
    const old = job.speed;
    job.speed = speed;
    job.driver.setSpeed?.(job, speed);
    if (speed !== 0 && speed <= old) return;
    job.enterIfSleeping();
  }

  /** block_job_change_locked (QEMU 10.0): the verb table, then the driver's change. */
  change(job: Job, options: Readonly<Record<string, unknown>>): void {
    this.applyVerb(job, 'change');
    if (job.driver.change === undefined) throw genericError('Job type does not support change');
    job.driver.change(job, options);
  }

  /** Internal cancel (no verb check): job_cancel. */
  cancel(job: Job, force: boolean): void {
    completion.cancel(this, job, force);
  }

  /** job_cancel_sync: cancel and run the job until it has completed. */
  cancelSync(job: Job, force: boolean): void {
    completion.cancel(this, job, force);
    if (job.status !== 'null') completion.finishSync(this, job);
  }

  /** job_cancel_sync_all (QEMU at exit): every job ends, even manual-dismiss ones. */
  cancelSyncAll(): void {
    for (let job = this.list()[0]; job !== undefined; job = this.list()[0]) this.cancelSync(job, true);
  }

  /** job_finish_sync for callers that wait on a job. */
  finishSync(job: Job): void {
    completion.finishSync(this, job);
  }

  // --- queries ------------------------------------------------------------

  /** The job as query-jobs shows it. */
  info(job: Job): JobInfo {
    const info: JobInfo = {
      id: job.label,
      type: job.type,
      status: job.status,
      'current-progress': job.progressCurrent,
      'total-progress': job.progressTotal,
    };
    if (job.errorText !== undefined) info.error = job.errorText;
    return info;
  }

  /** query-jobs: newest first, internal jobs hidden. */
  queryJobs(): JobInfo[] {
    return this.list()
      .filter((job) => !job.isInternal)
      .map((job) => this.info(job));
  }

  // --- hosts' callbacks ---------------------------------------------------

  /** @internal Called by a job on each status change: emits JOB_STATUS_CHANGE. */
  statusChanged(job: Job): void {
    if (job.id !== null) this.emit('JOB_STATUS_CHANGE', { status: job.status, id: job.id });
  }

  /** @internal Called when a job's coroutine returned or threw: completion begins. */
  runFinished(job: Job): void {
    this.scheduler.post(() => completion.jobExit(this, job));
  }

  /** @internal Called when a job reached READY: emits BLOCK_JOB_READY for block jobs. */
  becameReady(job: Job): void {
    if (this.isVisibleBlockJob(job)) this.emit('BLOCK_JOB_READY', this.blockJobInfo(job));
  }

  blockJobEnded(job: Job, cancelled: boolean): void {
    if (!this.isVisibleBlockJob(job)) return;
    const data = this.blockJobInfo(job);
    if (cancelled) this.emit('BLOCK_JOB_CANCELLED', data);
    else {
      if (job.failed && job.errorText !== undefined) data.error = job.errorText;
      this.emit('BLOCK_JOB_COMPLETED', data);
    }
  }

  blockJobPending(job: Job): void {
    if (this.isVisibleBlockJob(job)) this.emit('BLOCK_JOB_PENDING', { type: job.type, id: job.label });
  }

  /** Lets drivers report BLOCK_JOB_ERROR through the same sink. */
  emitBlockJobError(job: Job, operation: 'read' | 'write', action: 'ignore' | 'report' | 'stop'): void {
    if (this.isVisibleBlockJob(job)) this.emit('BLOCK_JOB_ERROR', { device: job.label, operation, action });
  }

  /** @internal Called when a job reached NULL: it leaves the job list. */
  unregister(job: Job): void {
    this.all.delete(job);
    if (job.id !== null && this.byId.get(job.id) === job) this.byId.delete(job.id);
  }

  /** @internal The data of the BLOCK_JOB_* events of a block job. */
  blockJobInfo(job: Job): BlockJobInfoEvent {
    return {
      device: job.label,
      len: job.progressTotal,
      offset: job.progressCurrent,
      speed: job.speed,
      type: job.type,
    };
  }

  private isVisibleBlockJob(job: Job): boolean {
    return job.driver.blockJob === true && job.id !== null;
  }
}
