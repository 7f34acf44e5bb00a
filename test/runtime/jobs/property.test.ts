import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../generated/job.js';
import { BlockJobCommands } from '../../../runtime/jobs/block-commands.js';
import { JobInternalError, QmpError } from '../../../runtime/jobs/errors.js';
import type { Job } from '../../../runtime/jobs/job.js';
import { isTransitionAllowed } from '../../../runtime/jobs/state-machine.js';
import { makeWorld, stepDriver } from './helpers.js';

const JOBS = 5;

const jobSpec = fc.record({
  steps: fc.integer({ min: 0, max: 6 }),
  fail: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  ready: fc.boolean(),
  autoFinalize: fc.boolean(),
  autoDismiss: fc.boolean(),
  group: fc.integer({ min: 0, max: 2 }), // 0: alone, 1/2: one of two grouped transactions
});

const action = fc.oneof(
  fc.record({
    kind: fc.constantFrom('job-pause', 'job-resume', 'job-cancel', 'job-complete', 'job-finalize', 'job-dismiss'),
    job: fc.nat(JOBS - 1),
  }),
  fc.record({ kind: fc.constantFrom('soft-cancel', 'drain', 'set-speed'), job: fc.nat(JOBS - 1) }),
  fc.record({ kind: fc.constant('advance'), job: fc.integer({ min: 1, max: 5 }) }),
);

type Action = { kind: string; job: number };
type JobSpec = typeof jobSpec extends fc.Arbitrary<infer T> ? T : never;

function run(specs: JobSpec[], actions: Action[]): void {
  const w = makeWorld();
  const bc = new BlockJobCommands(w.manager);
  const txns = [undefined, w.manager.newTxn(), w.manager.newTxn()];
  const jobs: Job[] = specs.map((s, i) => {
    const txn = txns[s.group];
    return w.manager.create({
      id: `j${i}`,
      driver: stepDriver({ steps: s.steps, ready: s.ready, block: true, ...(s.fail !== undefined ? { failAt: s.fail } : {}) }),
      autoFinalize: s.autoFinalize,
      autoDismiss: s.autoDismiss,
      ...(txn !== undefined ? { txn } : {}),
    });
  });
  for (const job of jobs) w.manager.start(job);
  for (const a of actions) {
    const job = jobs[a.job % jobs.length] as Job;
    try {
      switch (a.kind) {
        case 'advance':
          w.scheduler.advance(a.job * 1_000_000);
          break;
        case 'soft-cancel':
          bc['block-job-cancel']({ device: job.label });
          break;
        case 'drain':
          w.manager.drainAll();
          break;
        case 'set-speed':
          bc['block-job-set-speed']({ device: job.label, speed: 0 });
          break;
        default:
          (w.commands as unknown as Record<string, (x: { id: string }) => unknown>)[a.kind]?.({ id: job.label });
      }
    } catch (e) {
      if (!(e instanceof QmpError)) throw e;
    }
    checkInvariants(w, jobs, specs);
  }
  // Cleanup must always be possible: QEMU's exit path ends every job.
  w.manager.drainAllBegin();
  w.manager.cancelSyncAll();
  expect(w.manager.size).toBe(0);
  checkSequences(w);
}

function checkInvariants(w: ReturnType<typeof makeWorld>, jobs: readonly Job[], specs: readonly JobSpec[]): void {
  for (const job of jobs) {
    // Never lost: a job is either listed or it reached null.
    const listed = w.manager.get(job.label) === job;
    expect(listed || job.status === 'null', `${job.label} lost in ${job.status}`).toBe(true);
  }
  // No half-finalized transaction: once a grouped member concluded, no member still waits to finalize.
  for (const group of [1, 2]) {
    const statuses = jobs.filter((_j, i) => specs[i]?.group === group).map((j) => j.status);
    const finished = statuses.some((s) => s === 'concluded' || s === 'null');
    const stuck = statuses.some((s) => s === 'waiting' || s === 'pending');
    expect(finished && stuck, `group ${group}: ${statuses.join(',')}`).toBe(false);
  }
}

function checkSequences(w: ReturnType<typeof makeWorld>): void {
  const last = new Map<string, JobStatus>();
  for (const e of w.events) {
    if (e.event !== 'JOB_STATUS_CHANGE') continue;
    const from = last.get(e.data.id) ?? 'undefined';
    expect(isTransitionAllowed(from, e.data.status), `${e.data.id}: ${from} -> ${e.data.status}`).toBe(true);
    last.set(e.data.id, e.data.status);
  }
  for (const [id, status] of last) expect(status, id).toBe('null');
}

describe('random interleavings', () => {
  it('never leave the tables, lose a job or half-finalize a transaction', () => {
    fc.assert(
      fc.property(fc.array(jobSpec, { minLength: 1, maxLength: JOBS }), fc.array(action, { maxLength: 40 }), (specs, actions) => {
        try {
          run(specs, actions);
        } catch (e) {
          if (e instanceof JobInternalError) throw new Error(`internal error: ${e.message}`);
          throw e;
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
