import { describe, expect, it } from 'vitest';
import { BlockJobCommands } from '../../../runtime/jobs/block-commands.js';
import { JobEventQueue } from '../../../runtime/jobs/events.js';
import { JobCommands } from '../../../runtime/jobs/commands.js';
import { QmpError } from '../../../runtime/jobs/errors.js';
import { JobManager } from '../../../runtime/jobs/manager.js';
import { VirtualScheduler } from '../../../runtime/jobs/scheduler.js';
import { makeWorld, stepDriver } from './helpers.js';

function qmpError(fn: () => unknown): { cls: string; desc: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof QmpError) return { cls: e.errorClass, desc: e.desc };
    throw e;
  }
  throw new Error('no error');
}

describe('job-* commands', () => {
  it('reports a missing job before anything else', () => {
    const { commands } = makeWorld();
    for (const c of ['job-pause', 'job-resume', 'job-cancel', 'job-complete', 'job-finalize', 'job-dismiss'] as const) {
      expect(qmpError(() => commands[c]({ id: 'nosuchjob' }))).toEqual({ cls: 'GenericError', desc: 'Job not found' });
    }
  });

  it('checks user_paused before the verb table for resume', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: stepDriver(), autoFinalize: false });
    w.manager.start(job);
    w.scheduler.runUntilIdle();
    expect(job.status).toBe('pending');
    expect(qmpError(() => w.commands['job-resume']({ id: 'j' })).desc).toBe("Can't resume a job that was not paused");
    expect(qmpError(() => w.commands['job-pause']({ id: 'j' })).desc).toBe("Job 'j' in state 'pending' cannot accept command verb 'pause'");
  });

  it('sends the events a command causes before its reply', () => {
    const scheduler = new VirtualScheduler();
    const queue = new JobEventQueue();
    const manager = new JobManager({ scheduler, emit: queue.sink });
    const commands = new JobCommands(manager);
    manager.start(manager.create({ id: 'j', driver: stepDriver({ steps: 50 }) }));
    queue.drain();
    const reply = commands['job-pause']({ id: 'j' });
    expect(queue.drain().map((e) => e.data)).toEqual([{ status: 'paused', id: 'j' }]);
    expect(reply).toEqual({});
  });
});

describe('block-job-* commands', () => {
  it('uses DeviceNotActive for lookups and hides non-block jobs', () => {
    const w = makeWorld();
    w.manager.create({ id: 'gen', driver: stepDriver({ block: false }) });
    const bc = new BlockJobCommands(w.manager);
    expect(qmpError(() => bc['block-job-pause']({ device: 'gen' }))).toEqual({
      cls: 'DeviceNotActive',
      desc: "Block job 'gen' not found",
    });
  });

  it('refuses a soft cancel of a user-paused job before the verb check', () => {
    const w = makeWorld();
    const bc = new BlockJobCommands(w.manager);
    w.manager.start(w.manager.create({ id: 'b', driver: stepDriver({ block: true, steps: 50 }) }));
    bc['block-job-pause']({ device: 'b' });
    expect(qmpError(() => bc['block-job-cancel']({ device: 'b' })).desc).toBe("The block job for device 'b' is currently paused");
    bc['block-job-cancel']({ device: 'b', force: true });
    w.scheduler.runUntilIdle();
    expect(w.events.map((e) => e.event)).toContain('BLOCK_JOB_CANCELLED');
  });

  it('checks the verb before the speed value', () => {
    const w = makeWorld();
    const bc = new BlockJobCommands(w.manager);
    const job = w.manager.create({ id: 'b', driver: stepDriver({ block: true, steps: 50 }) });
    w.manager.start(job);
    expect(qmpError(() => bc['block-job-set-speed']({ device: 'b', speed: -5 })).desc).toBe(
      "Parameter 'speed' expects a non-negative value",
    );
    bc['block-job-set-speed']({ device: 'b', speed: 1024 });
    expect(job.speed).toBe(1024);
  });
});
