import type { JobStatus, JobType } from '../../generated/job.js';
import type { QmpEmpty } from './commands.js';
import { QMP_EMPTY } from './commands.js';
import { genericError, QmpError } from './errors.js';
import type { Job } from './job.js';
import type { JobManager } from './manager.js';
import { isReadyStatus } from './state-machine.js';

/** One entry of query-block-jobs, in QEMU's field set. */
export interface BlockJobInfo {
  type: JobType;
  device: string;
  len: number;
  offset: number;
  busy: boolean;
  paused: boolean;
  speed: number;
  'io-status': 'ok' | 'failed' | 'nospace';
  ready: boolean;
  status: JobStatus;
  'auto-finalize': boolean;
  'auto-dismiss': boolean;
  error?: string;
  /** QEMU 10.0, a mirror's branch of the union (block/mirror.c mirror_query). */
  'actively-synced'?: boolean;
}

/** Optional per-job block state a block layer can expose (io-status). */
export type IoStatusOf = (job: Job) => BlockJobInfo['io-status'];

/**
 * The block-job-* aliases (QEMU blockdev.c). Differences from job-*: lookup failure is
 * DeviceNotActive, most take `device`, and block-job-cancel has a soft mode.
 */
export class BlockJobCommands {
  private readonly manager: JobManager;
  private readonly ioStatusOf: IoStatusOf;

  constructor(manager: JobManager, ioStatusOf: IoStatusOf = () => 'ok') {
    this.manager = manager;
    this.ioStatusOf = ioStatusOf;
  }

  /** block-job-set-speed: the rate limit of a block job, in bytes per second (0: unlimited). */
  'block-job-set-speed'(args: { device: string; speed: number }): QmpEmpty {
    this.manager.command(() => this.manager.setSpeed(this.find(args.device), args.speed));
    return QMP_EMPTY;
  }

  /** Without force, a user-paused job is refused before any verb check. */
  'block-job-cancel'(args: { device: string; force?: boolean }): QmpEmpty {
    const job = this.find(args.device);
    const force = args.force ?? false;
    if (job.userPaused && !force) {
      throw genericError(`The block job for device '${args.device}' is currently paused`);
    }
    this.manager.command(() => this.manager.userCancel(job, force));
    return QMP_EMPTY;
  }

  /** block-job-pause: pauses the block job on `device`. */
  'block-job-pause'(args: { device: string }): QmpEmpty {
    this.manager.command(() => this.manager.userPause(this.find(args.device)));
    return QMP_EMPTY;
  }

  /** block-job-resume: resumes the block job on `device`. */
  'block-job-resume'(args: { device: string }): QmpEmpty {
    this.manager.command(() => this.manager.userResume(this.find(args.device)));
    return QMP_EMPTY;
  }

  /** block-job-complete: completes a READY block job (a mirror pivots). */
  'block-job-complete'(args: { device: string }): QmpEmpty {
    this.manager.command(() => this.manager.complete(this.find(args.device)));
    return QMP_EMPTY;
  }

  /** block-job-finalize: finalizes a PENDING block job (and its transaction). */
  'block-job-finalize'(args: { id: string }): QmpEmpty {
    this.manager.command(() => this.manager.finalize(this.find(args.id)));
    return QMP_EMPTY;
  }

  /** block-job-dismiss: removes a CONCLUDED block job. */
  'block-job-dismiss'(args: { id: string }): QmpEmpty {
    this.manager.command(() => this.manager.dismiss(this.find(args.id)));
    return QMP_EMPTY;
  }

  /** QEMU 10.0: lookup, then the verb table, then the job's driver (blockdev.c qmp_block_job_change). */
  'block-job-change'(args: { id: string; type: string } & Record<string, unknown>): QmpEmpty {
    this.manager.command(() => this.manager.change(this.find(args.id), args));
    return QMP_EMPTY;
  }

  /** query-block-jobs: every block job, newest first, as QEMU lists them. */
  'query-block-jobs'(_args: Record<string, never> = QMP_EMPTY): BlockJobInfo[] {
    return this.manager
      .list()
      .filter((job) => job.driver.blockJob === true && !job.isInternal)
      .map((job) => this.info(job));
  }

  private info(job: Job): BlockJobInfo {
    const info: BlockJobInfo = {
      type: job.type,
      device: job.label,
      len: job.progressTotal,
      offset: job.progressCurrent,
      busy: job.busy,
      paused: job.pauseCount > 0 && job.started,
      speed: job.speed,
      'io-status': this.ioStatusOf(job),
      ready: isReadyStatus(job.status),
      status: job.status,
      'auto-finalize': job.autoFinalize,
      'auto-dismiss': job.autoDismiss,
    };
    if (job.errorText !== undefined) info.error = job.errorText;
    // QEMU 10.0's BlockJobInfo is a union on `type`: the branch's members come last.
    if (this.manager.profile.blockJobInfoUnion) Object.assign(info, job.driver.queryBranch?.(job));
    return info;
  }

  private find(device: string): Job {
    const job = this.manager.get(device);
    if (job === undefined || job.driver.blockJob !== true || job.isInternal) {
      throw new QmpError('DeviceNotActive', `Block job '${device}' not found`);
    }
    return job;
  }
}
