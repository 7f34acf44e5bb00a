import type { JobStatus, JobVerb } from '../../generated/job.js';
import { JobInternalError } from './errors.js';

/**
 * QEMU 7.2 job.c JobSTT: for each status, the statuses it may move to.
 * A self-edge (aborting -> aborting) is legal and silent: job_update_rc may run twice.
 */
export const JOB_TRANSITIONS = {
  undefined: ['created'],
  created: ['running', 'aborting', 'null'],
  running: ['paused', 'ready', 'waiting', 'aborting'],
  paused: ['running'],
  ready: ['standby', 'waiting', 'aborting'],
  standby: ['ready'],
  waiting: ['pending', 'aborting'],
  pending: ['aborting', 'concluded'],
  aborting: ['aborting', 'concluded'],
  concluded: ['null'],
  null: [],
} as const satisfies Record<JobStatus, readonly JobStatus[]>;

/** QEMU 7.2 job.c JobVerbTable: for each verb, the statuses in which it is accepted. */
export const JOB_VERB_STATES = {
  cancel: ['created', 'running', 'paused', 'ready', 'standby', 'waiting', 'pending'],
  pause: ['created', 'running', 'paused', 'ready', 'standby'],
  resume: ['created', 'running', 'paused', 'ready', 'standby'],
  'set-speed': ['created', 'running', 'paused', 'ready', 'standby'],
  complete: ['ready', 'standby'],
  finalize: ['pending'],
  dismiss: ['concluded'],
} as const satisfies Record<JobVerb, readonly JobStatus[]>;

/** Every legal arrow, as `from->to`; lets other tables be checked against JobSTT at compile time. */
export type JobTransitionEdge = {
  [S in JobStatus]: `${S}->${(typeof JOB_TRANSITIONS)[S][number]}`;
}[JobStatus];

type Matrix<K extends string> = Readonly<Record<K, ReadonlySet<JobStatus>>>;

function toMatrix<K extends string>(table: Record<K, readonly JobStatus[]>): Matrix<K> {
  const out = {} as Record<K, ReadonlySet<JobStatus>>;
  for (const key of Object.keys(table) as K[]) out[key] = new Set(table[key]);
  return out;
}

const TRANSITION_SETS = toMatrix<JobStatus>(JOB_TRANSITIONS);
const VERB_SETS = toMatrix<JobVerb>(JOB_VERB_STATES);

/** Whether QEMU's status table allows a job to go from `from` to `to`. */
export function isTransitionAllowed(from: JobStatus, to: JobStatus): boolean {
  return TRANSITION_SETS[from].has(to);
}

/** Whether QEMU's verb table allows `verb` in `status`. */
export function isVerbAllowed(verb: JobVerb, status: JobStatus): boolean {
  return VERB_SETS[verb].has(status);
}

/** Throws JobInternalError for an arrow JobSTT does not have (QEMU asserts here). */
export function assertTransition(jobLabel: string, from: JobStatus, to: JobStatus): void {
  if (!isTransitionAllowed(from, to)) {
    throw new JobInternalError(`job ${jobLabel}: illegal transition ${from} -> ${to}`);
  }
}

export function verbRejectedText(id: string, status: JobStatus, verb: string): string {
  return `Job '${id}' in state '${status}' cannot accept command verb '${verb}'`;
}

/** QEMU job_is_completed: the job's run is over (it is waiting, finalizing or gone). */
export function isCompletedStatus(status: JobStatus): boolean {
  switch (status) {
    case 'waiting':
    case 'pending':
    case 'aborting':
    case 'concluded':
    case 'null':
      return true;
    default:
      return false;
  }
}

/** QEMU job_is_ready: READY or STANDBY. */
export function isReadyStatus(status: JobStatus): boolean {
  return status === 'ready' || status === 'standby';
}
