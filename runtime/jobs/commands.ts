import type { JobInfo } from '../../generated/job.js';
import { genericError } from './errors.js';
import type { Job } from './job.js';
import type { JobManager } from './manager.js';

/** QMP's empty return value `{}`. */
export type QmpEmpty = Record<string, never>;
const EMPTY: QmpEmpty = Object.freeze({}) as QmpEmpty;

/** The arguments of every `job-*` verb command: the job id. */
export interface JobIdArgs {
  id: string;
}

/**
 * Handlers for the commands of qapi/job.json (QEMU's job-qmp.c). Each takes the QMP
 * arguments (wire names) and returns the QMP return value or throws a QmpError.
 * Events a handler causes are emitted before it returns (JobManager.command runs the
 * bottom halves the command queued, as QEMU does before its reply), so a server that sends
 * what the sink received during the call before the reply reproduces QEMU's wire order.
 */
export class JobCommands {
  private readonly manager: JobManager;

  constructor(manager: JobManager) {
    this.manager = manager;
  }

  /** job-pause: one more pause request; a running job stops at its next pause point. */
  'job-pause'(args: JobIdArgs): QmpEmpty {
    this.manager.command(() => this.manager.userPause(this.find(args.id)));
    return EMPTY;
  }

  /** job-resume: drops the user's pause request. */
  'job-resume'(args: JobIdArgs): QmpEmpty {
    this.manager.command(() => this.manager.userResume(this.find(args.id)));
    return EMPTY;
  }

  /** job-cancel has no `force`: it is always a forced cancel. */
  'job-cancel'(args: JobIdArgs): QmpEmpty {
    this.manager.command(() => this.manager.userCancel(this.find(args.id), true));
    return EMPTY;
  }

  /** job-complete: completes a READY job. */
  'job-complete'(args: JobIdArgs): QmpEmpty {
    this.manager.command(() => this.manager.complete(this.find(args.id)));
    return EMPTY;
  }

  /** job-finalize: finalizes a PENDING job and every job of its transaction. */
  'job-finalize'(args: JobIdArgs): QmpEmpty {
    this.manager.command(() => this.manager.finalize(this.find(args.id)));
    return EMPTY;
  }

  /** job-dismiss: removes a CONCLUDED job (CONCLUDED -> NULL). */
  'job-dismiss'(args: JobIdArgs): QmpEmpty {
    this.manager.command(() => this.manager.dismiss(this.find(args.id)));
    return EMPTY;
  }

  /** query-jobs: every job, newest first, with progress and, once concluded with a failure, its error. */
  'query-jobs'(_args: Record<string, never> = EMPTY): JobInfo[] {
    return this.manager.queryJobs();
  }

  /** Lookup comes before every other check; internal jobs cannot be found by id. */
  private find(id: string): Job {
    const job = this.manager.get(id);
    if (job === undefined || job.isInternal) throw genericError('Job not found');
    return job;
  }
}

export { EMPTY as QMP_EMPTY };
