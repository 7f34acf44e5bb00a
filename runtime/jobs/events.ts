import type { JobStatus, JobType } from '../../generated/job.js';

/** Data of BLOCK_JOB_COMPLETED / BLOCK_JOB_CANCELLED / BLOCK_JOB_READY, in QEMU's wire key order. */
export interface BlockJobInfoEvent {
  device: string;
  len: number;
  offset: number;
  speed: number;
  type: JobType;
  error?: string;
}

/** The I/O that failed, in BLOCK_JOB_ERROR. */
export type BlockErrorOperation = 'read' | 'write';
/** What the block job does about the error, in BLOCK_JOB_ERROR. */
export type BlockErrorAction = 'ignore' | 'report' | 'stop';

/** Every event the job runtime emits, with its data. */
export interface JobEventMap {
  JOB_STATUS_CHANGE: { status: JobStatus; id: string };
  BLOCK_JOB_COMPLETED: BlockJobInfoEvent;
  BLOCK_JOB_CANCELLED: BlockJobInfoEvent;
  BLOCK_JOB_READY: BlockJobInfoEvent;
  BLOCK_JOB_PENDING: { type: JobType; id: string };
  BLOCK_JOB_ERROR: { device: string; operation: BlockErrorOperation; action: BlockErrorAction };
}

/** The names of the events the job runtime emits. */
export type JobEventName = keyof JobEventMap;

/** Injected event output; a QMP server forwards these to the monitor. */
export type JobEventSink = <E extends JobEventName>(event: E, data: JobEventMap[E]) => void;

/** One event the job runtime emitted, its data typed by name. */
export type EmittedJobEvent = { [E in JobEventName]: { event: E; data: JobEventMap[E] } }[JobEventName];

/**
 * Buffers events so a server can order them against a reply: everything emitted while a
 * command handler runs goes on the wire before that command's reply (as in QEMU).
 */
export class JobEventQueue {
  private pending: EmittedJobEvent[] = [];
  private readonly listeners: Array<(e: EmittedJobEvent) => void> = [];

  readonly sink: JobEventSink = (event, data) => {
    const item = { event, data } as EmittedJobEvent;
    this.pending.push(item);
    for (const l of this.listeners) l(item);
  };

  /** Observe every event as it is emitted (in addition to buffering). */
  onEvent(listener: (e: EmittedJobEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Takes the buffered events, oldest first. */
  drain(): EmittedJobEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
