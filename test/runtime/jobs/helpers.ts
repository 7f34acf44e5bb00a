import type { JobStatus } from '../../../generated/job.js';
import type { JobDriver } from '../../../runtime/jobs/job.js';
import { JobFailure } from '../../../runtime/jobs/errors.js';
import { JobEventQueue } from '../../../runtime/jobs/events.js';
import type { EmittedJobEvent } from '../../../runtime/jobs/events.js';
import { JobCommands } from '../../../runtime/jobs/commands.js';
import { JobManager } from '../../../runtime/jobs/manager.js';
import { VirtualScheduler } from '../../../runtime/jobs/scheduler.js';

export interface World {
  scheduler: VirtualScheduler;
  manager: JobManager;
  commands: JobCommands;
  events: EmittedJobEvent[];
  statuses(id: string): JobStatus[];
}

export function makeWorld(): World {
  const scheduler = new VirtualScheduler();
  const queue = new JobEventQueue();
  const events: EmittedJobEvent[] = [];
  queue.onEvent((e) => events.push(e));
  const manager = new JobManager({ scheduler, emit: queue.sink });
  return {
    scheduler,
    manager,
    commands: new JobCommands(manager),
    events,
    statuses: (id) => events.flatMap((e) => (e.event === 'JOB_STATUS_CHANGE' && e.data.id === id ? [e.data.status] : [])),
  };
}

export interface StepDriverOptions {
  steps?: number;
  stepNs?: number;
  failAt?: number;
  failText?: string;
  ready?: boolean;
  block?: boolean;
}

/** A driver doing `steps` sleeps; optionally failing, or going READY and waiting for complete. */
export function stepDriver(o: StepDriverOptions = {}): JobDriver & { completed: boolean } {
  const steps = o.steps ?? 4;
  const d = {
    type: o.ready === true ? ('mirror' as const) : ('backup' as const),
    blockJob: o.block ?? false,
    completed: false,
    *run(job: import('../../../runtime/jobs/job.js').Job) {
      job.progressSetRemaining(steps);
      for (let i = 0; i < steps; i++) {
        if (job.isCancelled()) return;
        yield* job.sleep(o.stepNs ?? 1_000_000);
        if (o.failAt === i) throw new JobFailure(o.failText ?? 'Input/output error');
        job.progressUpdate(1);
      }
      if (o.ready !== true) return;
      job.transitionToReady();
      while (!job.cancelRequested() && !d.completed) yield* job.sleep(1_000_000);
    },
    complete(job: import('../../../runtime/jobs/job.js').Job) {
      d.completed = true;
      if (!job.paused) job.enter();
    },
    cancel(job: import('../../../runtime/jobs/job.js').Job, force: boolean) {
      return force || !(job.status === 'ready' || job.status === 'standby');
    },
  };
  return d;
}
