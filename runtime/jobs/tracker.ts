import type { JobInfo, JobStatus, JobVerb } from '../../generated/job.js';
import { ERRNO_TEXT, genericError } from './errors.js';
import { isTransitionAllowed, isVerbAllowed, verbRejectedText } from './tables.js';

/** The little a tracker needs from a QMP client. */
export interface QmpClientLike {
  /** Runs a command; rejects on an error reply. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Subscribes to every event; returns an unsubscribe function. */
  on(listener: (event: string, data: unknown) => void): () => void;
}

/** How a job ended, as the tracker concluded from its statuses and error. */
export type JobOutcome = 'completed' | 'cancelled' | 'failed';

/** A JOB_STATUS_CHANGE that QEMU's status table does not allow from the status the tracker knew. */
export interface TransitionViolation {
  id: string;
  from: JobStatus;
  to: JobStatus;
}

/** How a JobTracker handles concluded jobs and unexpected events. */
export interface JobTrackerOptions {
  /** Dismiss jobs once CONCLUDED and their result is known. */
  autoDismiss?: boolean;
  /** Called for an event that does not follow JobSTT (the job is still updated). */
  onViolation?: (v: TransitionViolation) => void;
}

const VERB_COMMAND: Readonly<Record<Exclude<JobVerb, 'set-speed'>, string>> = {
  cancel: 'job-cancel',
  pause: 'job-pause',
  resume: 'job-resume',
  complete: 'job-complete',
  finalize: 'job-finalize',
  dismiss: 'job-dismiss',
};

interface Waiter {
  status: JobStatus;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** Client-side view of one job, fed by JOB_STATUS_CHANGE. */
export class TrackedJob {
  readonly id: string;
  status: JobStatus = 'undefined';
  readonly history: JobStatus[] = [];
  error: string | undefined = undefined;
  outcome: JobOutcome | undefined = undefined;
  cancelRequested = false;
  private waiters: Waiter[] = [];

  constructor(id: string) {
    this.id = id;
  }

  /** Resolves once the job has reached `status`; rejects if it ends without getting there. */
  until(status: JobStatus): Promise<void> {
    if (this.history.includes(status)) return Promise.resolve();
    if (this.status === 'null') return Promise.reject(new Error(`job ${this.id} ended without reaching ${status}`));
    return new Promise((resolve, reject) => this.waiters.push({ status, resolve, reject }));
  }

  /** @internal */
  advance(to: JobStatus): void {
    this.status = to;
    this.history.push(to);
    const ready = this.waiters.filter((w) => w.status === to);
    this.waiters = this.waiters.filter((w) => w.status !== to);
    for (const w of ready) w.resolve();
  }

  /** @internal called once the result is known (CONCLUDED + query-jobs) or the job vanished. */
  settle(): void {
    if (this.status !== 'null') {
      // Waiters for statuses after 'concluded' (only 'null') stay; the rest can never happen.
      const dead = this.waiters.filter((w) => w.status !== 'null');
      this.waiters = this.waiters.filter((w) => w.status === 'null');
      for (const w of dead) w.reject(new Error(`job ${this.id} concluded without reaching ${w.status}`));
      return;
    }
    for (const w of this.waiters) w.reject(new Error(`job ${this.id} ended without reaching ${w.status}`));
    this.waiters = [];
  }
}

/**
 * Follows jobs from the client side: validates every transition against JobSTT, checks
 * verbs before sending them, fetches the result at CONCLUDED and tells cancelled from failed.
 */
export class JobTracker {
  private readonly client: QmpClientLike;
  private readonly options: JobTrackerOptions;
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly unsubscribe: () => void;

  constructor(client: QmpClientLike, options: JobTrackerOptions = {}) {
    this.client = client;
    this.options = options;
    this.unsubscribe = client.on((event, data) => this.onEvent(event, data));
  }

  /** Stops listening to the client's events. */
  close(): void {
    this.unsubscribe();
  }

  /** The tracked job (created on first sight, so it can be awaited before its first event). */
  job(id: string): TrackedJob {
    let job = this.jobs.get(id);
    if (job === undefined) {
      job = new TrackedJob(id);
      this.jobs.set(id, job);
    }
    return job;
  }

  get all(): TrackedJob[] {
    return [...this.jobs.values()];
  }

  /** Sends a job verb after checking it against the verb table (saves a round trip). */
  async verb(id: string, verb: Exclude<JobVerb, 'set-speed'>): Promise<void> {
    const job = this.job(id);
    if (job.status !== 'undefined' && !isVerbAllowed(verb, job.status)) {
      throw genericError(verbRejectedText(id, job.status, verb));
    }
    if (verb === 'cancel') job.cancelRequested = true;
    await this.client.execute(VERB_COMMAND[verb], { id });
  }

  /** After a reconnect: adopt the server's statuses (jobs missing there are gone). */
  async reconcile(): Promise<void> {
    const infos = (await this.client.execute('query-jobs')) as JobInfo[];
    const seen = new Set<string>();
    for (const info of infos) {
      seen.add(info.id);
      const job = this.job(info.id);
      if (job.status !== info.status) job.advance(info.status);
      if (info.status === 'concluded') this.conclude(job, info);
    }
    for (const job of this.jobs.values()) {
      if (!seen.has(job.id) && job.status !== 'null' && job.status !== 'undefined') {
        job.advance('null');
        job.settle();
      }
    }
  }

  private onEvent(event: string, data: unknown): void {
    if (event === 'BLOCK_JOB_CANCELLED' || event === 'BLOCK_JOB_COMPLETED') {
      this.onBlockJobEnd(event, data as { device?: string; error?: string });
      return;
    }
    if (event !== 'JOB_STATUS_CHANGE') return;
    const { id, status } = data as { id: string; status: JobStatus };
    const job = this.job(id);
    if (!isTransitionAllowed(job.status, status)) this.options.onViolation?.({ id, from: job.status, to: status });
    job.advance(status);
    // A lost connection leaves the result unknown; reconcile() asks again after a reconnect.
    if (status === 'concluded') this.fetchResult(job).catch(() => undefined);
    if (status === 'null') {
      job.outcome ??= outcomeFromHistory(job);
      job.settle();
    }
  }

  /** Auto-dismissed block jobs vanish before query-jobs can ask: their end event tells. */
  private onBlockJobEnd(event: string, data: { device?: string; error?: string }): void {
    if (data.device === undefined) return;
    const job = this.job(data.device);
    if (event === 'BLOCK_JOB_CANCELLED') {
      job.cancelRequested = true;
      job.error = ERRNO_TEXT.ECANCELED;
      job.outcome = 'cancelled';
    } else {
      job.error = data.error;
      job.outcome = data.error === undefined ? 'completed' : 'failed';
    }
  }

  private async fetchResult(job: TrackedJob): Promise<void> {
    const infos = (await this.client.execute('query-jobs')) as JobInfo[];
    const info = infos.find((i) => i.id === job.id);
    if (info !== undefined) this.conclude(job, info);
  }

  private conclude(job: TrackedJob, info: JobInfo): void {
    job.error = info.error;
    job.outcome = job.outcome ?? classify(info.error);
    job.settle();
    if (this.options.autoDismiss === true && job.status === 'concluded') {
      void this.client.execute('job-dismiss', { id: job.id }).catch(() => undefined);
    }
  }
}

/** Without any result: a job that went PENDING completed; one that aborted was cancelled or failed. */
function outcomeFromHistory(job: TrackedJob): JobOutcome | undefined {
  if (job.history.includes('pending')) return 'completed';
  if (job.history.includes('aborting')) return job.cancelRequested ? 'cancelled' : 'failed';
  return undefined;
}

/** No error: completed. ECANCELED after a cancel (ours, or a transaction's): cancelled. */
function classify(error: string | undefined): JobOutcome {
  if (error === undefined) return 'completed';
  // ECANCELED: cancelled by us, by another client, or by the job's transaction.
  if (error === ERRNO_TEXT.ECANCELED) return 'cancelled';
  return 'failed';
}
