import type { JobType } from '../generated/job.js';
import { genericError, JobFailure, strerror } from '../runtime/jobs/errors.js';
import type { BlockErrorAction } from '../runtime/jobs/events.js';
import type { Job, JobDriver, JobYield } from '../runtime/jobs/job.js';
import type { JobManager } from '../runtime/jobs/manager.js';
import { isReadyStatus } from '../runtime/jobs/state-machine.js';

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

type MirrorCopyMode = 'background' | 'write-blocking';

export interface MirrorJobParams extends CopyJobParams {
  copyMode?: MirrorCopyMode;
  /** Active commit: mirror's run, but no block-job-change and no mirror branch in queries. */
  commit?: boolean;
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
 * until it is done, so a pause, a cancel or a graph write lock meanwhile takes effect only
 * after that I/O.
 */
function* copyChunk(job: Job, limit: RateLimit, bytes: number): Generator<JobYield, void, unknown> {
  if (job.speed === 0) return;
  limit.dispatched(job, bytes);
  // The request holds the graph read lock (block/block-copy.c block_copy_task_entry).
  yield* job.io(THROTTLED_CHUNK_IO_NS, true);
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
    // backup_clean: block_job_remove_all_bdrv, then bdrv_cbw_drop (two); under the graph lock in 10.0.
    ...(p.type === 'backup' ? { clean: () => manager.graphWriteLocked(3) } : {}),
  };
}

/**
 * mirror and active commit: copy, go READY, wait for complete or cancel (block/mirror.c
 * mirror_run). Leaving its loop, mirror drains its source (bdrv_drained_begin), which pauses
 * the job itself until mirror_exit_common ends that drain in prepare or abort: a mirror in
 * WAITING or PENDING shows `paused: true` in query-block-jobs.
 */
export function mirrorJobDriver(manager: JobManager, p: MirrorJobParams): JobDriver {
  let shouldComplete = false;
  let copyMode: MirrorCopyMode = p.copyMode ?? 'background';
  let activelySynced = false;
  let sourceDrained = false;
  /**
   * mirror_exit_common (prepare or abort): a completed mirror replaces the node it mirrored
   * (a pivot), then it lets go of its nodes and removes its filter, each under the graph lock
   * in 10.0; the drain of its source ends last.
   */
  const exit = (job: Job): void => {
    if (!sourceDrained) return;
    const pivot = shouldComplete && !job.failed ? 1 : 0;
    manager.graphWriteLocked(pivot + 2);
    sourceDrained = false;
    manager.resume(job);
  };
  return {
    type: p.type,
    blockJob: true,
    *run(job) {
      if (yield* copyLoop(manager, job, p)) {
        job.transitionToReady();
        // A cancel request ends the job: forced -> ECANCELED, soft (READY) -> success without pivot.
        while (!job.cancelRequested() && !shouldComplete) {
          // In sync and copying actively: what mirror_run notes on each pass in READY.
          if (copyMode === 'write-blocking') activelySynced = true;
          yield* job.sleep(READY_SLICE_NS);
        }
      }
      sourceDrained = true;
      job.pauseCount++;
      // Leaving, mirror drains its in-flight I/O (and flushes) first: its end follows the reply.
      yield* job.io(MIRROR_EXIT_IO_NS);
    },
    prepare: exit,
    abort: exit,
    complete(job) {
      if (!isReadyStatus(job.status)) throw genericError(`The active block job '${job.label}' cannot be completed`);
      shouldComplete = true;
      // A paused job is re-entered when it is resumed.
      if (!job.paused) job.enter();
    },
    cancel(job, force) {
      return force || !isReadyStatus(job.status);
    },
    ...(p.commit === true
      ? {}
      : {
          /**
           * mirror_change: the branch is read whatever `type` says (a missing copy-mode reads as
           * background); only background -> write-blocking is implemented.
           */
          change(_job: Job, options: Readonly<Record<string, unknown>>) {
            const wanted = options['copy-mode'] === 'write-blocking' ? 'write-blocking' : 'background';
            if (wanted === copyMode) return;
            if (wanted !== 'write-blocking') throw genericError(`Change to copy mode '${wanted}' is not implemented`);
            copyMode = wanted;
          },
          queryBranch: () => ({ 'actively-synced': activelySynced }),
        }),
  };
}

export interface CreateJobParams {
  driver: string;
  options: Record<string, unknown>;
  /** Resolves a BlockdevRef; throws the lookup error. */
  resolveRef: (ref: unknown) => void;
  /** QEMU 10.0: qcow2 opens its file from the coroutine (bdrv_co_open_blockdev_ref), after the reply. */
  opensInCoroutine?: boolean;
}

/** blockdev-create: a generic (non-block) job whose run does the format's checks. */
export function createJobDriver(p: CreateJobParams): JobDriver {
  return {
    type: 'create',
    *run(job) {
      job.progressSetRemaining(1);
      if (p.driver === 'qcow2' && p.opensInCoroutine === true) yield* job.io(0);
      try {
        if (p.driver === 'qcow2') checkQcow2Options(p);
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

const SECTOR = 512;
const MIN_CLUSTER_BITS = 9;
const MAX_CLUSTER_BITS = 21;
/** QCOW_EXTL2_SUBCLUSTERS_PER_CLUSTER: an extended-L2 cluster holds 32 subclusters of at least 512 bytes. */
const EXTL2_SUBCLUSTERS = 32;

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/**
 * block/qcow2.c qcow2_co_create: the file is opened, then the options are checked in this
 * order, each with its message (defaults: version v3, 64 KiB clusters, no preallocation,
 * 16-bit refcounts).
 */
function checkQcow2Options(p: CreateJobParams): void {
  const o = p.options;
  p.resolveRef(o['file']);
  const fail = (text: string): never => {
    throw new JobFailure(text);
  };
  const v3 = ' and above (use version=v3 or greater)';
  const size = typeof o['size'] === 'number' ? o['size'] : 0;
  if (size % SECTOR !== 0) fail(`Image size must be a multiple of ${SECTOR} bytes`);
  const version = o['version'] === 'v2' ? 2 : 3;
  const clusterSize = typeof o['cluster-size'] === 'number' ? o['cluster-size'] : 65536;
  const extendedL2 = o['extended-l2'] === true;
  if (extendedL2 && version < 3) fail(`Extended L2 entries are only supported with compatibility level 1.1${v3}`);
  if (!isPowerOfTwo(clusterSize) || clusterSize < 1 << MIN_CLUSTER_BITS || clusterSize > 1 << MAX_CLUSTER_BITS) {
    fail(`Cluster size must be a power of two between ${1 << MIN_CLUSTER_BITS} and ${1 << (MAX_CLUSTER_BITS - 10)}k`);
  }
  const minExtendedCluster = (1 << MIN_CLUSTER_BITS) * EXTL2_SUBCLUSTERS;
  if (extendedL2 && clusterSize < minExtendedCluster) {
    fail(`Extended L2 entries are only supported with cluster sizes of at least ${minExtendedCluster} bytes`);
  }
  const backingFile = o['backing-file'] !== undefined;
  const preallocation = typeof o['preallocation'] === 'string' ? o['preallocation'] : 'off';
  if (backingFile && preallocation !== 'off' && !extendedL2) {
    fail('Backing file and preallocation can only be used at the same time if extended_l2 is on');
  }
  if (o['backing-fmt'] !== undefined && !backingFile) fail('Backing format cannot be used without backing file');
  if (version < 3 && o['lazy-refcounts'] === true) fail(`Lazy refcounts only supported with compatibility level 1.1${v3}`);
  const refcountBits = typeof o['refcount-bits'] === 'number' ? o['refcount-bits'] : 16;
  if (refcountBits > 64 || !isPowerOfTwo(refcountBits)) fail('Refcount width must be a power of two and may not exceed 64 bits');
  if (version < 3 && refcountBits !== 16) {
    fail('Different refcount widths than 16 bits require compatibility level 1.1 or above (use version=v3 or greater)');
  }
  const dataFileRaw = o['data-file-raw'] === true;
  if (dataFileRaw && o['data-file'] === undefined) fail('data-file-raw requires data-file');
  if (dataFileRaw && backingFile) fail('Backing file and data-file-raw cannot be used at the same time');
  if (o['data-file'] !== undefined) {
    if (version < 3) fail(`External data files are only supported with compatibility level 1.1${v3}`);
    p.resolveRef(o['data-file']);
  }
  const compression = o['compression-type'];
  if (compression !== undefined && compression !== 'zlib') {
    if (version < 3) fail(`Non-zlib compression type is only supported with compatibility level 1.1${v3}`);
    if (compression !== 'zstd') fail('Unknown compression type');
  }
}
