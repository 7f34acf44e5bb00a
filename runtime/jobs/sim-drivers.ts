import type { JobType } from '../../generated/job.js';
import type { Job, JobDriver, JobYield } from './job.js';
import { genericError, JobFailure, strerror } from './errors.js';
import type { BlockErrorAction } from './events.js';
import type { JobManager } from './manager.js';
import { isReadyStatus } from './state-machine.js';

/** Simulated block-job drivers: QEMU's job behaviour with fake I/O on a virtual clock. */

const MiB = 1024 * 1024;
/** Image size used when nothing says otherwise (the traces use 64M images). */
export const SIM_IMAGE_SIZE = 64 * MiB;
/** Mirror's idle poll in READY (QEMU sleeps up to BLOCK_JOB_SLICE_TIME, 100 ms). */
const READY_SLICE_NS = 100_000_000;
const ENOSPC = 28;
/** Time the simulated image creation takes (I/O; QEMU's traces show about 1-4 ms). */
const CREATE_IO_NS = 1_000_000;
/** Cancelling the copy call left by an error stop (I/O). */
const RETRY_IO_NS = 1_000_000;
/** One throttled chunk's request (alone in flight); the traces show a few ms per 64 KiB. */
const THROTTLED_CHUNK_IO_NS = 2_000_000;
/** Mirror's final flush and drain of in-flight requests after it leaves READY (I/O). */
const MIRROR_EXIT_IO_NS = 1_000_000;

export type OnErrorPolicy = 'report' | 'ignore' | 'enospc' | 'stop' | 'auto';

export interface CopyJobParams {
  type: JobType;
  len: number;
  chunk: number;
  /** Read error of the source (blkdebug), if any. */
  readErrno?: number;
  readErrorAt?: number;
  onSourceError?: OnErrorPolicy;
}

/** Per-job io-status, as query-block-jobs shows it. */
export const ioStatus = new WeakMap<Job, 'ok' | 'failed' | 'nospace'>();

/** Rate limit: time one chunk takes at the job's speed (0 = unlimited). */
function chunkDelay(job: Job, bytes: number): number {
  return job.speed > 0 ? Math.ceil((bytes * 1e9) / job.speed) : 0;
}

/**
 * The rate limit's accounting: the next chunk may go once the last one's share of the
 * speed has elapsed. It runs on across pauses, so a job resumed soon after its last chunk
 * waits (sleeping), while a fresh job, or one paused for long, copies a chunk at once.
 */
class RateLimit {
  private lastAt = 0;
  private lastBytes = 0;

  /** ns until the next chunk may start, at the job's current speed. */
  delay(job: Job): number {
    return Math.max(0, this.lastAt + chunkDelay(job, this.lastBytes) - job.host.scheduler.now());
  }

  dispatched(job: Job, bytes: number): void {
    this.lastAt = job.host.scheduler.now();
    this.lastBytes = bytes;
  }
}

/**
 * Waits for the rate limit, passing a pause point. A throttled job whose quota allows the
 * chunk goes straight on to copy it (no main-loop turn); an unthrottled one yields between chunks.
 * Returns whether the chunk may start now (false: woken early, by a kick or a resume).
 */
function* awaitQuota(job: Job, limit: RateLimit): Generator<JobYield, boolean, unknown> {
  const wait = limit.delay(job);
  if (job.speed > 0 && wait === 0) yield* job.pausePoint();
  else yield* job.sleep(wait);
  return limit.delay(job) === 0;
}

/**
 * Copies one chunk. A throttled job has one request in flight at a time and stays busy
 * until it is done, so a pause or cancel meanwhile takes effect only after that I/O.
 */
function* copyChunk(job: Job, limit: RateLimit, bytes: number): Generator<JobYield, void, unknown> {
  if (job.speed === 0) return;
  limit.dispatched(job, bytes);
  yield* job.io(THROTTLED_CHUNK_IO_NS);
}

/** block_job_error_action: maps the policy, pauses on stop, emits BLOCK_JOB_ERROR. */
function errorAction(manager: JobManager, job: Job, policy: OnErrorPolicy, errno: number): BlockErrorAction {
  const action: BlockErrorAction =
    policy === 'ignore' ? 'ignore' : policy === 'stop' || (policy === 'enospc' && errno === ENOSPC) ? 'stop' : 'report';
  if (action === 'stop') {
    if (!job.userPaused) {
      manager.pause(job);
      job.userPaused = true;
    }
    ioStatus.set(job, errno === ENOSPC ? 'nospace' : 'failed');
  }
  manager.emitBlockJobError(job, 'read', action);
  return action;
}

/** The chunked copy loop shared by backup, stream, intermediate commit and mirror's first phase. */
function* copyLoop(manager: JobManager, job: Job, p: CopyJobParams): Generator<JobYield, boolean, unknown> {
  job.progressSetRemaining(p.len);
  const limit = new RateLimit();
  let retry = false;
  while (job.progressCurrent < p.len) {
    if (job.isCancelled()) return false;
    const bytes = Math.min(p.chunk, p.len - job.progressCurrent);
    const go = yield* awaitQuota(job, limit);
    if (job.isCancelled()) {
      // Cancelled after an error stop: the failed copy call is cancelled and waited for (I/O).
      if (retry) yield* job.io(RETRY_IO_NS);
      return false;
    }
    if (!go) continue;
    retry = false;
    yield* copyChunk(job, limit, bytes);
    const end = job.progressCurrent + bytes;
    if (p.readErrno !== undefined && (p.readErrorAt ?? 0) < end) {
      const action = errorAction(manager, job, p.onSourceError ?? 'report', p.readErrno);
      if (action === 'report') throw new JobFailure(strerror(p.readErrno));
      if (action === 'stop') {
        retry = true;
        continue;
      }
    }
    job.progressUpdate(bytes);
  }
  return true;
}

/** backup, stream, intermediate commit: copy, then complete. */
export function copyJobDriver(manager: JobManager, p: CopyJobParams): JobDriver {
  return {
    type: p.type,
    blockJob: true,
    *run(job) {
      yield* copyLoop(manager, job, p);
    },
    userResume(job) {
      ioStatus.set(job, 'ok');
    },
    // backup_cancel: every cancel is forced; stream/commit have no hook (also forced).
    ...(p.type === 'backup' ? { cancel: () => true } : {}),
  };
}

/** mirror and active commit: copy, go READY, wait for complete or cancel. */
export function mirrorJobDriver(manager: JobManager, p: CopyJobParams): JobDriver {
  let shouldComplete = false;
  return {
    type: p.type,
    blockJob: true,
    *run(job) {
      if (yield* copyLoop(manager, job, p)) {
        job.transitionToReady();
        // A cancel request ends the job: forced -> ECANCELED, soft (READY) -> success without pivot.
        while (!job.cancelRequested() && !shouldComplete) yield* job.sleep(READY_SLICE_NS);
      }
      // Leaving, mirror drains its in-flight I/O (and flushes) first: its end follows the reply.
      yield* job.io(MIRROR_EXIT_IO_NS);
    },
    complete(job) {
      if (!isReadyStatus(job.status)) throw genericError(`The active block job '${job.label}' cannot be completed`);
      shouldComplete = true;
      // A paused job is re-entered when it is resumed.
      if (!job.paused) job.enter();
    },
    cancel(job, force) {
      return force || !isReadyStatus(job.status);
    },
  };
}

export interface CreateJobParams {
  driver: string;
  options: Record<string, unknown>;
  /** Resolves a BlockdevRef; throws the lookup error. */
  resolveRef: (ref: unknown) => void;
}

/** blockdev-create: a generic (non-block) job whose run does the format's checks. */
export function createJobDriver(p: CreateJobParams): JobDriver {
  return {
    type: 'create',
    *run(job) {
      job.progressSetRemaining(1);
      try {
        checkCreateOptions(p);
      } catch (e) {
        job.progressUpdate(1);
        throw e;
      }
      // Writing the image is I/O: the job ends after the command's reply.
      yield* job.io(CREATE_IO_NS);
      job.progressUpdate(1);
    },
  };
}

function checkCreateOptions(p: CreateJobParams): void {
  if (p.driver !== 'qcow2') return;
  p.resolveRef(p.options['file']);
  const cluster = p.options['cluster-size'];
  if (typeof cluster === 'number') {
    const powerOfTwo = cluster > 0 && (cluster & (cluster - 1)) === 0;
    if (!powerOfTwo || cluster < 512 || cluster > 2 * MiB) {
      throw new JobFailure('Cluster size must be a power of two between 512 and 2048k');
    }
  }
}
