/** The tracker against QEMU 10.0's drain pairs, on the simulation. */
import { describe, expect, it } from 'vitest';
import { JOBS_10_0 } from '../../runtime/jobs/profile.js';
import { JobTracker } from '../../runtime/jobs/tracker.js';
import type { QmpClientLike, TrackerEvent } from '../../runtime/jobs/tracker.js';
import { SimMachine } from '../../sim/machine.js';
import { qemuValidationTables } from '../runtime/qmp/support.js';

/** A QMP client over a simulated QEMU 10.0: a command's events reach listeners before its reply. */
function simClient(m: SimMachine): QmpClientLike {
  const listeners: Array<(event: TrackerEvent) => void> = [];
  m.events.onEvent((e) => {
    for (const l of listeners) l({ event: e.event, data: e.data });
  });
  return {
    async execute(command, args) {
      return m.execute(command, args ?? {});
    },
    on(_name, listener) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
}

describe('JobTracker and the pause pairs of QEMU 10.0 graph changes', () => {
  it('counts drain pauses apart from the pause it asked for', async () => {
    const m = new SimMachine({ tables: qemuValidationTables('10.0'), profile: JOBS_10_0 });
    const client = simClient(m);
    const tracker = new JobTracker(client);
    for (const name of ['src', 'tgt']) await client.execute('blockdev-add', { driver: 'null-co', 'node-name': name });
    await client.execute('blockdev-backup', {
      'job-id': 'bk0',
      device: 'src',
      target: 'tgt',
      sync: 'full',
      speed: 262144,
      'x-perf': { 'max-chunk': 65536 },
    });
    const job = tracker.job('bk0');
    m.scheduler.advance(100_000_000);
    await client.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'n', file: { driver: 'file', filename: '/n.qcow2' } });
    // The backup's own start passes one pause pair too (qmp_transaction keeps its source drained).
    expect(job.history.filter((s) => s === 'paused')).toHaveLength(4);
    expect(job.drainPauses).toBe(4);
    expect(job.userPaused).toBe(false);
    expect(job.status).toBe('running');

    await tracker.verb('bk0', 'pause');
    m.scheduler.advance(100_000_000);
    expect(job.status).toBe('paused');
    expect(job.userPaused).toBe(true);
    // A user-paused job passes no pause point: a graph change now adds no pair.
    await client.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'n2', file: { driver: 'file', filename: '/n2.qcow2' } });
    expect(job.drainPauses).toBe(4);
    await tracker.verb('bk0', 'resume');
    expect(job.status).toBe('running');
    expect(job.userPaused).toBe(false);
    await client.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'n3', file: { driver: 'file', filename: '/n3.qcow2' } });
    m.scheduler.advance(1);
    expect(job.drainPauses).toBeGreaterThan(4);
    expect(job.userPaused).toBe(false);
  });
});
