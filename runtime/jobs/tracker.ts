import type { JobInfo, JobStatus, JobVerb } from '../../generated/job.js';
import { ERRNO_TEXT, genericError } from './errors.js';
import { isTransitionAllowed, isVerbAllowed, verbRejectedText } from './state-machine.js';

/** An event as the tracker reads it. */
export interface TrackerEvent {
  readonly event: string;
  readonly data?: unknown;
}

/**
 * The little a tracker needs from a QMP client. QmpClient is one; so is a test double.
 * `onConnection` (QmpClient has it) lets the tracker reconcile by itself after a reconnect.
 */
export interface QmpClientLike {
  /** Runs a command; rejects on an error reply. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Subscribes to the events named (`'*'`: all); returns an unsubscribe function. */
  on(name: string, listener: (event: TrackerEvent) => void): () => void;
  /** Connection changes; a `reconnected` makes the tracker reconcile. */
  onConnection?(listener: (change: { readonly type: string }) => void): () => void;
}

/** What `new JobTracker(client)` takes: a QmpClient, the typed client over one, or a test double. */
export type TrackerClient = QmpClientLike | { readonly untyped: QmpClientLike };

/**
 * How a job ended, as the tracker concluded from its statuses and error; `lost`: the server
 * stopped listing the job before its end was seen (a restarted QEMU).
 */
export type JobOutcome = 'completed' | 'cancelled' | 'failed' | 'lost';

/** A JOB_STATUS_CHANGE that QEMU's status table does not allow from the status the tracker knew. */
export interface TransitionViolation {
  id: string;
  from: JobStatus;
  to: JobStatus;
}

/** `current-progress` and `total-progress` of the job's latest `query-jobs` entry. */
export interface JobProgress {
  readonly current: JobInfo['current-progress'];
  readonly total: JobInfo['total-progress'];
}

/** What reconcile() found: what changed while the tracker was not listening. */
export interface ReconcileReport {
  /** Jobs whose status moved on: the status the tracker knew, and the server's. */
  readonly changed: readonly { readonly id: string; readonly from: JobStatus; readonly to: JobStatus }[];
  /** Jobs the server lists that the tracker had not seen. */
  readonly appeared: readonly string[];
  /** Jobs the tracker followed that the server no longer lists, before their end was seen. */
  readonly lost: readonly string[];
}

/** How a JobTracker handles concluded jobs and unexpected events, reconnects and progress. */
export interface JobTrackerOptions {
  /** Dismiss jobs once CONCLUDED and their result is known. */
  autoDismiss?: boolean;
  /** Called for an event that does not follow JobSTT (the job is still updated). */
  onViolation?: (v: TransitionViolation) => void;
  /** After each reconcile (run by itself after a reconnect, or called): what changed. */
  onReconcile?: (report: ReconcileReport) => void;
  /** A reconcile after a reconnect failed (default: ignored; the next reconnect tries again). */
  onReconcileError?: (error: unknown) => void;
  /** Ask `query-jobs` this often (ms) while a tracked job is active, for progress. */
  progressInterval?: number;
  /** A job's progress changed (from any `query-jobs` the tracker ran). */
  onProgress?: (job: TrackedJob, progress: JobProgress) => void;
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
  /** The server stopped listing the job before its end was seen. */
  lost = false;
  progress: JobProgress | undefined = undefined;
  /** Paused (or standby) because this tracker's `verb(id, 'pause')` asked for it. */
  userPaused = false;
  /**
   * Pause pairs (`paused → running`, `standby → ready`) this tracker did not ask for: QEMU's
   * drains, which QEMU 10.0 runs at every graph change (blockdev-add, job creation and
   * clean-up...). They are not user pauses: `job-resume` would be refused.
   */
  drainPauses = 0;
  /** @internal a pause this tracker sent, whose status change is still to come. */
  pauseAsked = false;
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
    if (to === 'paused' || to === 'standby') {
      if (this.pauseAsked) this.userPaused = true;
      else this.drainPauses++;
      this.pauseAsked = false;
    } else if (to !== this.status && (this.status === 'paused' || this.status === 'standby')) {
      this.userPaused = false;
    }
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

  /** @internal the server no longer lists the job: it ends here, its outcome unknown. */
  lose(): void {
    this.lost = true;
    this.outcome ??= 'lost';
    this.status = 'null';
    this.history.push('null');
    for (const w of this.waiters) w.reject(new Error(`job ${this.id} was lost before reaching ${w.status}: the server no longer lists it`));
    this.waiters = [];
  }
}

/**
 * Follows jobs from the client side: validates every transition against JobSTT, checks
 * verbs before sending them, fetches the result at CONCLUDED and tells cancelled from failed.
 * After a reconnect it reconciles with `query-jobs` by itself (when the client tells it of
 * reconnects, as QmpClient does); with `progressInterval` it follows progress too.
 */
export class JobTracker {
  private readonly client: QmpClientLike;
  private readonly options: JobTrackerOptions;
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly unsubscribe: (() => void)[] = [];
  /** Ids that had events while a query-jobs was in flight, one set per query. */
  private readonly windows = new Set<Set<string>>();
  /** Disconnected since the last reconcile: statuses may be out of date, so jumps are no violations. */
  private stale = false;
  private progressTimer: ReturnType<typeof setInterval> | undefined;
  private progressBusy = false;

  constructor(client: TrackerClient, options: JobTrackerOptions = {}) {
    this.client = 'untyped' in client ? client.untyped : client;
    this.options = options;
    this.unsubscribe.push(this.client.on('*', (event) => this.onEvent(event.event, event.data)));
    const off = this.client.onConnection?.((change) => this.onConnectionChange(change.type));
    if (off !== undefined) this.unsubscribe.push(off);
    if (options.progressInterval !== undefined) {
      this.progressTimer = setInterval(() => this.pollProgress(), options.progressInterval);
      this.progressTimer.unref();
    }
  }

  /** Stops listening to the client's events (and asking for progress). */
  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.progressTimer !== undefined) clearInterval(this.progressTimer);
    this.progressTimer = undefined;
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
    // The status change may come before the reply (QEMU sends a command's events first).
    if (verb === 'pause' && !job.userPaused) job.pauseAsked = true;
    try {
      await this.client.execute(VERB_COMMAND[verb], { id });
    } catch (error) {
      if (verb === 'pause') job.pauseAsked = false;
      throw error;
    }
  }

  /**
   * Adopts the server's view (`query-jobs`): the statuses it reports, the jobs it lists that
   * were not known, and, for the jobs it no longer lists, their end: dismissed if they were
   * last seen CONCLUDED, else lost (a restarted QEMU lists none of the old jobs). Runs by
   * itself after a reconnect; returns (and passes to `onReconcile`) what changed.
   */
  async reconcile(): Promise<ReconcileReport> {
    const { infos, touched } = await this.queryJobs();
    const report = { changed: [] as { id: string; from: JobStatus; to: JobStatus }[], appeared: [] as string[], lost: [] as string[] };
    const listed = new Set<string>();
    for (const info of infos) {
      listed.add(info.id);
      const job = this.job(info.id);
      this.updateProgress(job, info);
      // Events that came while the query was out are as new as its answer, or newer.
      if (touched.has(info.id)) continue;
      if (job.status === 'undefined') report.appeared.push(info.id);
      else if (job.status !== info.status) report.changed.push({ id: info.id, from: job.status, to: info.status });
      const moved = job.status !== info.status;
      if (moved) job.advance(info.status);
      if (info.status === 'concluded' && (moved || job.outcome === undefined)) this.conclude(job, info);
    }
    for (const job of this.jobs.values()) {
      if (listed.has(job.id) || touched.has(job.id) || job.status === 'null' || job.status === 'undefined') continue;
      if (job.status === 'concluded') {
        // Dismissed (by another client, or auto-dismiss) while we were away: it ended as we last saw.
        report.changed.push({ id: job.id, from: job.status, to: 'null' });
        job.outcome ??= outcomeFromHistory(job);
        job.advance('null');
        job.settle();
      } else {
        report.lost.push(job.id);
        job.lose();
      }
    }
    this.stale = false;
    this.options.onReconcile?.(report);
    return report;
  }

  /** One `query-jobs` for the progress of the tracked jobs (what `progressInterval` runs). */
  async refreshProgress(): Promise<void> {
    const { infos } = await this.queryJobs();
    for (const info of infos) {
      const job = this.jobs.get(info.id);
      if (job !== undefined) this.updateProgress(job, info);
    }
  }

  private async queryJobs(): Promise<{ infos: JobInfo[]; touched: Set<string> }> {
    const touched = new Set<string>();
    this.windows.add(touched);
    try {
      return { infos: (await this.client.execute('query-jobs')) as JobInfo[], touched };
    } finally {
      this.windows.delete(touched);
    }
  }

  private onConnectionChange(type: string): void {
    if (type === 'disconnected') this.stale = true;
    if (type === 'reconnected') {
      this.reconcile().catch((error: unknown) => this.options.onReconcileError?.(error));
    }
  }

  private pollProgress(): void {
    if (this.progressBusy) return;
    const active = this.all.some((job) => job.status !== 'undefined' && job.status !== 'concluded' && job.status !== 'null');
    if (!active) return;
    this.progressBusy = true;
    this.refreshProgress()
      .catch(() => undefined)
      .finally(() => (this.progressBusy = false));
  }

  private updateProgress(job: TrackedJob, info: JobInfo): void {
    const current = info['current-progress'];
    const total = info['total-progress'];
    if (job.progress?.current === current && job.progress.total === total) return;
    const progress = { current, total };
    job.progress = progress;
    this.options.onProgress?.(job, progress);
  }

  private onEvent(event: string, data: unknown): void {
    if (event === 'BLOCK_JOB_CANCELLED' || event === 'BLOCK_JOB_COMPLETED') {
      this.onBlockJobEnd(event, data as { device?: string; error?: string });
      return;
    }
    if (event !== 'JOB_STATUS_CHANGE') return;
    const { id, status } = data as { id: string; status: JobStatus };
    for (const touched of this.windows) touched.add(id);
    const job = this.job(id);
    if (!this.stale && !isTransitionAllowed(job.status, status)) this.options.onViolation?.({ id, from: job.status, to: status });
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
    const { infos } = await this.queryJobs();
    const info = infos.find((i) => i.id === job.id);
    if (info === undefined) return;
    this.updateProgress(job, info);
    this.conclude(job, info);
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
