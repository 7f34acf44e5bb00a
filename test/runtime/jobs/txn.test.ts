import { describe, expect, it } from 'vitest';
import { makeWorld, stepDriver } from './helpers.js';

function grouped(w: ReturnType<typeof makeWorld>, specs: Array<Parameters<typeof stepDriver>[0]>, manual = false) {
  const txn = w.manager.newTxn();
  const jobs = specs.map((o, i) =>
    w.manager.create({
      id: `j${i}`,
      driver: stepDriver({ ...o, block: true }),
      txn,
      autoFinalize: !manual,
      autoDismiss: !manual,
    }),
  );
  for (const job of jobs) w.manager.start(job);
  return jobs;
}

describe('grouped transactions', () => {
  it('keeps a finished job WAITING until all finished, then finalizes newest first', () => {
    const w = makeWorld();
    const [a, b] = grouped(w, [{ steps: 1 }, { steps: 50 }]);
    w.scheduler.advance(5_000_000);
    expect(a?.status).toBe('waiting');
    expect(b?.status).toBe('running');
    expect(() => w.commands['job-finalize']({ id: 'j0' })).toThrow("in state 'waiting'");
    w.scheduler.runUntilIdle();
    const order = w.events
      .filter((e) => e.event === 'JOB_STATUS_CHANGE' && ['pending', 'concluded'].includes(e.data.status))
      .map((e) => (e.event === 'JOB_STATUS_CHANGE' ? `${e.data.id}:${e.data.status}` : ''));
    expect(order).toEqual(['j1:pending', 'j0:pending', 'j1:concluded', 'j0:concluded']);
  });

  it('aborts every job when one fails; only the failing one reports its error', () => {
    const w = makeWorld();
    grouped(w, [{ steps: 5, failAt: 2 }, { steps: 100 }], true);
    w.scheduler.runUntilIdle();
    const ends = w.events.filter((e) => e.event === 'BLOCK_JOB_CANCELLED' || e.event === 'BLOCK_JOB_COMPLETED');
    expect(ends.map((e) => `${e.event}:${'device' in e.data ? e.data.device : ''}`)).toEqual([
      'BLOCK_JOB_CANCELLED:j1',
      'BLOCK_JOB_COMPLETED:j0',
    ]);
    const errors = w.commands['query-jobs']().map((i) => `${i.id}=${i.error ?? ''}`);
    expect(errors).toEqual(['j1=Operation canceled', 'j0=Input/output error']);
    expect(w.statuses('j0')).toEqual(['created', 'running', 'aborting', 'concluded']);
  });

  it('aborts a WAITING member only on its own turn when it is the one cancelled', () => {
    const w = makeWorld();
    grouped(w, [{ steps: 1 }, { steps: 100 }], true);
    w.scheduler.advance(5_000_000);
    w.commands['job-cancel']({ id: 'j0' });
    expect(w.statuses('j1').slice(-2)).toEqual(['aborting', 'concluded']);
    expect(w.statuses('j0').slice(-3)).toEqual(['waiting', 'aborting', 'concluded']);
  });

  it('finalizes the whole transaction with one job-finalize', () => {
    const w = makeWorld();
    grouped(w, [{ steps: 1 }, { steps: 2 }], true);
    w.scheduler.runUntilIdle();
    expect(w.commands['query-jobs']().map((i) => i.status)).toEqual(['pending', 'pending']);
    w.commands['job-finalize']({ id: 'j0' });
    expect(w.commands['query-jobs']().map((i) => i.status)).toEqual(['concluded', 'concluded']);
    expect(() => w.commands['job-finalize']({ id: 'j1' })).toThrow("Job 'j1' in state 'concluded' cannot accept command verb 'finalize'");
  });

  it('a failing prepare aborts the transaction', () => {
    const w = makeWorld();
    const txn = w.manager.newTxn();
    const bad = {
      ...stepDriver({ steps: 1 }),
      prepare: () => {
        throw new Error('prepare failed');
      },
    };
    w.manager.start(w.manager.create({ id: 'a', driver: stepDriver({ steps: 1 }), txn, autoDismiss: false }));
    w.manager.start(w.manager.create({ id: 'b', driver: bad, txn, autoDismiss: false }));
    w.scheduler.runUntilIdle();
    expect(w.commands['query-jobs']().map((i) => `${i.id}:${i.status}:${i.error ?? ''}`)).toEqual([
      'b:concluded:prepare failed',
      'a:concluded:Operation canceled',
    ]);
  });
});

describe('individual completion', () => {
  it('cancelling one job leaves the other running', () => {
    const w = makeWorld();
    const a = w.manager.create({ id: 'a', driver: stepDriver({ steps: 100 }) });
    const b = w.manager.create({ id: 'b', driver: stepDriver({ steps: 3 }) });
    w.manager.start(a);
    w.manager.start(b);
    w.commands['job-cancel']({ id: 'a' });
    w.scheduler.runUntilIdle();
    expect(w.statuses('a').slice(-3)).toEqual(['aborting', 'concluded', 'null']);
    expect(w.statuses('b').slice(-4)).toEqual(['waiting', 'pending', 'concluded', 'null']);
  });
});
