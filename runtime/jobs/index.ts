/**
 * `qapi-ts/jobs`: QEMU's job model (job.c, job-qmp.c, blockjob.c): the state machine's tables,
 * jobs and transactions run by drivers on a scheduler, the manager behind the job commands,
 * their events, and the client-side tracker. The transcript tools (replay, verify) and the job
 * simulation are not part of it.
 */
export { JOB_TRANSITIONS, JOB_VERB_STATES, isTransitionAllowed, isVerbAllowed, assertTransition } from './state-machine.js';
export type { JobTransitionEdge } from './state-machine.js';
export { QmpError, JobInternalError, JobFailure, ERRNO_TEXT } from './errors.js';
export type { QmpErrorClass } from './errors.js';
export { VirtualScheduler, RealTimeScheduler } from './scheduler.js';
export type { Scheduler, TimerHandle } from './scheduler.js';
export type { JobDriver, JobCoroutine, JobYield } from './job.js';
export { noopDriver } from './driver.js';
export { Job, JobTxn } from './job.js';
export { JobManager } from './manager.js';
export type { CreateJobOptions, JobManagerOptions } from './manager.js';
export { JobEventQueue } from './events.js';
export type { JobEventMap, JobEventName, JobEventSink, EmittedJobEvent, BlockJobInfoEvent } from './events.js';
export { JobCommands } from './commands.js';
export type { QmpEmpty, JobIdArgs } from './commands.js';
export { BlockJobCommands } from './block-commands.js';
export type { BlockJobInfo } from './block-commands.js';
export { JobTracker, TrackedJob } from './tracker.js';
export type {
  QmpClientLike,
  JobOutcome,
  JobProgress,
  JobTrackerOptions,
  ReconcileReport,
  TrackerClient,
  TrackerEvent,
  TransitionViolation,
} from './tracker.js';
export { JOB_RELEASES, JOBS_7_2, JOBS_10_0, jobProfile, nearestJobProfile, profileVerbs } from './profile.js';
export type { JobProfile, JobRelease, ProfileVerb } from './profile.js';
export { verbTableMarkdown, stateDiagramMermaid, stateDiagramDot, EDGE_LABELS } from './state-diagram.js';
export type { JobOptions } from './job.js';
export type { BlockErrorAction, BlockErrorOperation } from './events.js';
export type { IoStatusOf } from './block-commands.js';
