import { describe, expect, it } from 'vitest';
import { noopDriver } from '../../../runtime/jobs/driver.js';
import { JobInternalError, QmpError } from '../../../runtime/jobs/errors.js';
import { makeWorld, stepDriver } from './helpers.js';

describe('job ids', () => {
  it('applies QEMU id rules', () => {
    const { manager } = makeWorld();
    expect(() => manager.create({ id: '1bad', driver: noopDriver() })).toThrow("Invalid job ID '1bad'");
    expect(() => manager.create({ id: '', driver: noopDriver() })).toThrow("Invalid job ID ''");
    expect(() => manager.create({ driver: noopDriver() })).toThrow('An explicit job ID is required');
    expect(() => manager.create({ id: 'x', internal: true, driver: noopDriver() })).toThrow('Cannot specify job ID for internal job');
    manager.create({ id: 'a.b-c_1', driver: noopDriver() });
    expect(() => manager.create({ id: 'a.b-c_1', driver: noopDriver() })).toThrow("Job ID 'a.b-c_1' already in use");
  });

  it('keeps the id of a CONCLUDED job until dismissed', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: noopDriver(), autoDismiss: false });
    w.manager.start(job);
    w.scheduler.runUntilIdle();
    expect(job.status).toBe('concluded');
    expect(() => w.manager.create({ id: 'j', driver: noopDriver() })).toThrow(QmpError);
    w.commands['job-dismiss']({ id: 'j' });
    expect(w.manager.create({ id: 'j', driver: noopDriver() }).status).toBe('created');
  });

  it('runs internal jobs silently and hides them from query-jobs', () => {
    const w = makeWorld();
    const job = w.manager.create({ internal: true, driver: noopDriver() });
    w.manager.start(job);
    expect(w.commands['query-jobs']()).toEqual([]);
    w.scheduler.runUntilIdle();
    expect(w.events).toEqual([]);
    expect(w.manager.size).toBe(0);
  });
});

describe('lifecycle', () => {
  it('goes created -> running -> waiting -> pending -> concluded -> null', () => {
    const w = makeWorld();
    w.manager.start(w.manager.create({ id: 'j', driver: stepDriver() }));
    w.scheduler.runUntilIdle();
    expect(w.statuses('j')).toEqual(['created', 'running', 'waiting', 'pending', 'concluded', 'null']);
  });

  it('stops in PENDING without auto-finalize and in CONCLUDED without auto-dismiss', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: stepDriver({ block: true }), autoFinalize: false, autoDismiss: false });
    w.manager.start(job);
    w.scheduler.runUntilIdle();
    expect(job.status).toBe('pending');
    expect(w.events.map((e) => e.event)).toContain('BLOCK_JOB_PENDING');
    w.commands['job-finalize']({ id: 'j' });
    expect(job.status).toBe('concluded');
    expect(w.commands['query-jobs']()).toEqual([
      { id: 'j', type: 'backup', status: 'concluded', 'current-progress': 4, 'total-progress': 4 },
    ]);
  });

  it('keeps the driver error text for a failed job', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: stepDriver({ failAt: 1, failText: 'boom' }), autoDismiss: false });
    w.manager.start(job);
    w.scheduler.runUntilIdle();
    expect(w.statuses('j')).toEqual(['created', 'running', 'aborting', 'concluded']);
    expect(w.commands['query-jobs']()[0]?.error).toBe('boom');
  });

  it('drops a never-started job with early fail (created -> null)', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: noopDriver() });
    w.manager.earlyFail(job);
    expect(w.statuses('j')).toEqual(['created', 'null']);
  });

  it('keeps current progress monotonic', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: noopDriver() });
    job.progressUpdate(3);
    expect(() => job.progressUpdate(-1)).toThrow(JobInternalError);
    expect(job.progressCurrent).toBe(3);
  });
});

describe('pauses', () => {
  it('counts internal pauses apart from the user pause', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: stepDriver({ steps: 100 }) });
    w.manager.start(job);
    w.manager.pause(job); // a drain
    expect(job.status).toBe('paused');
    expect(() => w.commands['job-resume']({ id: 'j' })).toThrow("Can't resume a job that was not paused");
    w.commands['job-pause']({ id: 'j' });
    expect(() => w.commands['job-pause']({ id: 'j' })).toThrow('Job is already paused');
    w.manager.resume(job); // drain ends: still user-paused
    expect(job.status).toBe('paused');
    w.commands['job-resume']({ id: 'j' });
    expect(job.status).toBe('running');
    expect(w.statuses('j')).toEqual(['created', 'running', 'paused', 'running']);
  });

  it('pauses a READY job into STANDBY and accepts complete there', () => {
    const w = makeWorld();
    const driver = stepDriver({ ready: true });
    const job = w.manager.create({ id: 'm', driver });
    w.manager.start(job);
    w.scheduler.advance(10_000_000);
    expect(job.status).toBe('ready');
    w.commands['job-pause']({ id: 'm' });
    expect(job.status).toBe('standby');
    w.commands['job-complete']({ id: 'm' });
    w.scheduler.advance(10_000_000);
    expect(job.status).toBe('standby');
    w.commands['job-resume']({ id: 'm' });
    w.scheduler.runUntilIdle();
    expect(w.statuses('m')).toEqual(['created', 'running', 'ready', 'standby', 'ready', 'waiting', 'pending', 'concluded', 'null']);
  });

  it('starts paused when created inside a drained section', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: stepDriver() });
    w.manager.pause(job);
    w.manager.start(job);
    w.manager.resume(job);
    expect(w.statuses('j')).toEqual(['created', 'running', 'paused', 'running']);
  });
});

describe('cancel', () => {
  it('cancels a user-paused job through running', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: stepDriver({ steps: 100 }), autoDismiss: false });
    w.manager.start(job);
    w.commands['job-pause']({ id: 'j' });
    w.commands['job-cancel']({ id: 'j' });
    w.scheduler.runUntilIdle();
    expect(w.statuses('j')).toEqual(['created', 'running', 'paused', 'running', 'aborting', 'concluded']);
    expect(job.errorText).toBe('Operation canceled');
  });

  it('soft-cancels a READY job into a successful completion', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'm', driver: stepDriver({ ready: true }), autoDismiss: false });
    w.manager.start(job);
    w.scheduler.advance(10_000_000);
    w.manager.userCancel(job, false);
    w.scheduler.runUntilIdle();
    expect(w.statuses('m').slice(-3)).toEqual(['waiting', 'pending', 'concluded']);
    expect(job.errorText).toBeUndefined();
  });

  it('force-cancels a READY job with an error', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'm', driver: stepDriver({ ready: true }), autoDismiss: false });
    w.manager.start(job);
    w.scheduler.advance(10_000_000);
    w.commands['job-cancel']({ id: 'm' });
    w.scheduler.runUntilIdle();
    expect(w.statuses('m').slice(-3)).toEqual(['ready', 'aborting', 'concluded']);
    expect(job.errorText).toBe('Operation canceled');
  });

  it('cancels a PENDING job', () => {
    const w = makeWorld();
    const job = w.manager.create({ id: 'j', driver: stepDriver(), autoFinalize: false, autoDismiss: false });
    w.manager.start(job);
    w.scheduler.runUntilIdle();
    w.commands['job-cancel']({ id: 'j' });
    expect(w.statuses('j').slice(-3)).toEqual(['pending', 'aborting', 'concluded']);
  });

  it('cancel-sync-all ends every job, even manual-dismiss ones', () => {
    const w = makeWorld();
    for (const id of ['a', 'b']) w.manager.start(w.manager.create({ id, driver: stepDriver({ steps: 1000 }), autoDismiss: false }));
    w.manager.drainAllBegin();
    w.manager.cancelSyncAll();
    expect(w.manager.size).toBe(0);
    expect(w.statuses('a').slice(-4)).toEqual(['running', 'aborting', 'concluded', 'null']);
  });
});
