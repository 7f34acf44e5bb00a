import type { JobStatus, JobVerb } from '../../generated/job.js';
import { JOB_RELEASES, type JobRelease } from './releases.js';
import { JOB_VERB_STATES } from './state-machine.js';

/**
 * The job behaviour of one QEMU release, handed to whoever needs it (the manager, the
 * block-job commands, the server, the simulation) as the front end's dialects are: a small
 * typed value, no global state. JobSTT is the same in both releases; what differs is listed here.
 */

export { JOB_RELEASES, type JobRelease };

/** QEMU 10.0's JobVerb adds `change` (block-job-change) to the verbs of the shipped schema. */
export type ProfileVerb = JobVerb | 'change';

/** One release's job behaviour (`JOBS_7_2`, `JOBS_10_0`): its verb table and what differs between releases, for `new JobManager({ ..., profile })`. */
export interface JobProfile {
  readonly release: JobRelease;
  /** The micro release whose recorded behaviour the profile reproduces (7.2.22, 10.0.2). */
  readonly micro: number;
  /** job.c JobVerbTable: for each verb the release has, the statuses that accept it. */
  readonly verbStates: Readonly<Partial<Record<ProfileVerb, readonly JobStatus[]>>>;
  /**
   * blockjob.c block_job_query: BlockJobInfo is a union on `type` whose mirror branch
   * (block/mirror.c mirror_query) adds `actively-synced`.
   */
  readonly blockJobInfoUnion: boolean;
  /** qmp_transaction's refusal of completion-mode: `Transaction property` or `transaction property`. */
  readonly transactionPropertyWord: string;
  /**
   * qmp_transaction runs its actions through tran_commit (util/transactions.c), whose list is
   * head-inserted: jobs are started and un-drained in reverse action order.
   */
  readonly transactionCommitsReversed: boolean;
  /**
   * Every section under the graph write lock (block/graph-lock.c bdrv_graph_wrlock) drains all
   * nodes, so each running job passes a pause point once per section.
   */
  readonly graphLockDrains: boolean;
  /**
   * qcow2_co_create opens its file with bdrv_co_open_blockdev_ref, which leaves the coroutine
   * for the main loop: the create job's option checks (and failure) come after the reply.
   */
  readonly createOpensInCoroutine: boolean;
  /**
   * qemu_cleanup (system/runstate.c) stops the VM (vm_shutdown: a complete bdrv_drain_all)
   * before it begins the final drained section: one more pause round at quit.
   */
  readonly quitStopsVmFirst: boolean;
}

/** QEMU 7.2. */
export const JOBS_7_2: JobProfile = {
  release: '7.2',
  micro: 22,
  verbStates: JOB_VERB_STATES,
  blockJobInfoUnion: false,
  transactionPropertyWord: 'Transaction property',
  transactionCommitsReversed: false,
  graphLockDrains: false,
  createOpensInCoroutine: false,
  quitStopsVmFirst: false,
};

/** QEMU 10.0: the `change` verb, BlockJobInfo a union, the graph lock's drains. */
export const JOBS_10_0: JobProfile = {
  release: '10.0',
  micro: 2,
  verbStates: { ...JOB_VERB_STATES, change: ['created', 'running', 'paused', 'ready', 'standby'] },
  blockJobInfoUnion: true,
  transactionPropertyWord: 'transaction property',
  transactionCommitsReversed: true,
  graphLockDrains: true,
  createOpensInCoroutine: true,
  quitStopsVmFirst: true,
};

const PROFILES: Readonly<Record<JobRelease, JobProfile>> = { '7.2': JOBS_7_2, '10.0': JOBS_10_0 };

/** The job profile of a release given as `major.minor`; unknown: an error naming the supported ones. */
export function jobProfile(release: string): JobProfile {
  const profile = PROFILES[release as JobRelease];
  if (profile === undefined) throw new Error(`no job profile for QEMU ${release} (supported: ${JOB_RELEASES.join(', ')})`);
  return profile;
}

/**
 * The profile of the newest release with one that is not newer than `release` (10.2: 10.0's),
 * for a release the runtime has no transcripts of; undefined when there is none.
 */
export function nearestJobProfile(release: string): JobProfile | undefined {
  const [major = 0, minor = 0] = release.split('.').map(Number);
  const older = JOB_RELEASES.filter((r) => {
    const [rMajor = 0, rMinor = 0] = r.split('.').map(Number);
    return rMajor < major || (rMajor === major && rMinor <= minor);
  });
  const nearest = older[older.length - 1];
  return nearest === undefined ? undefined : PROFILES[nearest];
}

/** The verbs a release has, in JobVerbTable's order. */
export function profileVerbs(profile: JobProfile): ProfileVerb[] {
  return Object.keys(profile.verbStates) as ProfileVerb[];
}

export function profileAllowsVerb(profile: JobProfile, verb: ProfileVerb, status: JobStatus): boolean {
  return profile.verbStates[verb]?.includes(status) ?? false;
}
