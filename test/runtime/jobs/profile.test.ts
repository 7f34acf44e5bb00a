import { describe, expect, it } from 'vitest';
import { JobManager } from '../../../runtime/jobs/manager.js';
import { JOBS_10_0, JOBS_7_2, jobProfile, nearestJobProfile, profileVerbs } from '../../../runtime/jobs/profile.js';
import { VirtualScheduler } from '../../../runtime/jobs/scheduler.js';
import { JOB_VERB_STATES } from '../../../runtime/jobs/state-machine.js';
import { stepDriver } from './helpers.js';

describe('job profiles', () => {
  it('names the releases, and refuses one it does not have', () => {
    expect(jobProfile('7.2')).toBe(JOBS_7_2);
    expect(jobProfile('10.0')).toBe(JOBS_10_0);
    expect(() => jobProfile('10.2')).toThrow('no job profile for QEMU 10.2 (supported: 7.2, 10.0)');
    expect(nearestJobProfile('10.2')).toBe(JOBS_10_0);
    expect(nearestJobProfile('9.1')).toBe(JOBS_7_2);
    expect(nearestJobProfile('6.2')).toBeUndefined();
  });

  it("10.0's JobVerbTable is 7.2's plus change", () => {
    expect(profileVerbs(JOBS_7_2)).toEqual(Object.keys(JOB_VERB_STATES));
    expect(profileVerbs(JOBS_10_0)).toEqual([...Object.keys(JOB_VERB_STATES), 'change']);
    expect(JOBS_10_0.verbStates.change).toEqual(['created', 'running', 'paused', 'ready', 'standby']);
  });

  it("the manager applies its release's table: change exists only in 10.0", () => {
    const emit = (): void => {};
    for (const [profile, error] of [
      [JOBS_7_2, "Job 'j' in state 'created' cannot accept command verb 'change'"],
      [JOBS_10_0, 'Job type does not support change'],
    ] as const) {
      const manager = new JobManager({ scheduler: new VirtualScheduler(), emit, profile });
      const job = manager.create({ id: 'j', driver: stepDriver() });
      expect(() => manager.change(job, { id: 'j', type: 'mirror' })).toThrow(error);
    }
  });

  it('the graph lock drains only where the release says so', () => {
    const statuses: string[] = [];
    for (const profile of [JOBS_7_2, JOBS_10_0]) {
      const scheduler = new VirtualScheduler();
      const manager = new JobManager({
        scheduler,
        emit: (event, data) =>
          void (event === 'JOB_STATUS_CHANGE' && statuses.push(`${profile.release}:${(data as { status: string }).status}`)),
        profile,
      });
      const job = manager.create({ id: 'j', driver: stepDriver({ steps: 10, stepNs: 1e9 }) });
      manager.start(job);
      scheduler.advance(1);
      manager.graphWriteLocked(2);
    }
    expect(statuses).toEqual([
      '7.2:created',
      '7.2:running',
      '10.0:created',
      '10.0:running',
      '10.0:paused',
      '10.0:running',
      '10.0:paused',
      '10.0:running',
    ]);
  });

  it('the graph lock waits for a job whose request reads the graph, which then pauses inside each section', () => {
    /** A job that issues requests of 2 ms back to back; `readsGraph` says whether they hold the read lock. */
    const run = (readsGraph: boolean): { statuses: string[]; waitedNs: number } => {
      const scheduler = new VirtualScheduler();
      const statuses: string[] = [];
      const manager = new JobManager({
        scheduler,
        emit: (event, data) => void (event === 'JOB_STATUS_CHANGE' && statuses.push((data as { status: string }).status)),
        profile: JOBS_10_0,
      });
      const job = manager.create({
        id: 'j',
        driver: {
          type: 'backup',
          *run(j) {
            for (let i = 0; i < 10; i++) {
              yield* j.pausePoint();
              yield* j.io(2_000_000, readsGraph);
            }
          },
        },
      });
      manager.start(job);
      scheduler.advance(1_000_000);
      const before = scheduler.now();
      manager.graphWriteLocked(3);
      return { statuses, waitedNs: scheduler.now() - before };
    };
    // Each section waits for the request in flight (1 ms left of the first, then a whole new one).
    expect(run(true)).toEqual({
      statuses: ['created', 'running', 'paused', 'running', 'paused', 'running', 'paused', 'running'],
      waitedNs: 1_000_000 + 2 * 2_000_000,
    });
    // I/O that does not read the graph is not waited for, and a busy job is not entered.
    expect(run(false)).toEqual({ statuses: ['created', 'running'], waitedNs: 0 });
  });
});
