import { describe, expect, it, vi } from 'vitest';
import { QmpError } from '../../../runtime/jobs/errors.js';
import { JobTracker } from '../../../runtime/jobs/tracker.js';
import type { QmpClientLike, TrackerEvent, TransitionViolation } from '../../../runtime/jobs/tracker.js';
import { makeWorld, stepDriver } from './helpers.js';

/** An in-process QMP client over the runtime's own handlers. */
function clientFor(w: ReturnType<typeof makeWorld>): QmpClientLike & { sent: string[] } {
  const listeners: Array<(event: TrackerEvent) => void> = [];
  let seen = 0;
  const flush = (): void => {
    for (; seen < w.events.length; seen++) {
      const e = w.events[seen];
      if (e !== undefined) for (const l of listeners) l({ event: e.event, data: e.data });
    }
  };
  const sent: string[] = [];
  return {
    sent,
    async execute(command, args) {
      sent.push(command);
      const handler = (w.commands as unknown as Record<string, (a: unknown) => unknown>)[command];
      if (handler === undefined) throw new Error(`no ${command}`);
      const result = handler.call(w.commands, args ?? {});
      queueMicrotask(flush);
      return result;
    },
    on(_name, listener) {
      listeners.push(listener);
      queueMicrotask(flush);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
}

async function settle(w: ReturnType<typeof makeWorld>, client: { execute: QmpClientLike['execute'] }): Promise<void> {
  w.scheduler.runUntilIdle();
  await client.execute('query-jobs');
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('JobTracker', () => {
  it('follows a job to CONCLUDED and fetches a failure', async () => {
    const w = makeWorld();
    const client = clientFor(w);
    const tracker = new JobTracker(client);
    w.manager.start(w.manager.create({ id: 'j', driver: stepDriver({ failAt: 0, failText: 'disk on fire' }), autoDismiss: false }));
    const done = tracker.job('j').until('concluded');
    await settle(w, client);
    await done;
    await settle(w, client);
    expect(tracker.job('j').outcome).toBe('failed');
    expect(tracker.job('j').error).toBe('disk on fire');
  });

  it('tells a cancel from a failure and can auto-dismiss', async () => {
    const w = makeWorld();
    const client = clientFor(w);
    const tracker = new JobTracker(client, { autoDismiss: true });
    w.manager.start(w.manager.create({ id: 'j', driver: stepDriver({ steps: 100 }), autoDismiss: false }));
    w.scheduler.advance(5_000_000);
    await tracker.job('j').until('running');
    await tracker.verb('j', 'cancel');
    await settle(w, client);
    await tracker.job('j').until('null');
    expect(tracker.job('j').outcome).toBe('cancelled');
    expect(client.sent).toContain('job-dismiss');
  });

  it('checks a verb locally before sending it', async () => {
    const w = makeWorld();
    const client = clientFor(w);
    const tracker = new JobTracker(client);
    w.manager.start(w.manager.create({ id: 'j', driver: stepDriver({ steps: 100 }) }));
    await settle(w, client);
    await expect(tracker.verb('j', 'finalize')).rejects.toThrow(QmpError);
    expect(client.sent).not.toContain('job-finalize');
  });

  it('reports transitions outside the table', () => {
    const violations: TransitionViolation[] = [];
    let deliver: (event: TrackerEvent) => void = () => {};
    const emit = (event: string, data: unknown): void => deliver({ event, data });
    const client: QmpClientLike = {
      execute: async () => [],
      on: (_name, l) => ((deliver = l), () => {}),
    };
    const tracker = new JobTracker(client, { onViolation: (v) => violations.push(v) });
    emit('JOB_STATUS_CHANGE', { id: 'x', status: 'created' });
    emit('JOB_STATUS_CHANGE', { id: 'x', status: 'concluded' });
    expect(violations).toEqual([{ id: 'x', from: 'created', to: 'concluded' }]);
    expect(tracker.job('x').status).toBe('concluded');
  });

  it('reconciles with query-jobs after a reconnect', async () => {
    const w = makeWorld();
    w.manager.start(w.manager.create({ id: 'a', driver: stepDriver({ steps: 100 }) }));
    const client = clientFor(w);
    const tracker = new JobTracker(client);
    tracker.job('gone').advance('running');
    await tracker.reconcile();
    expect(tracker.job('a').status).toBe('running');
    expect(tracker.job('gone').status).toBe('null');
    await expect(tracker.job('gone').until('concluded')).rejects.toThrow();
  });

  it('an event that arrives right behind the query-jobs reply wins over the reply', async () => {
    let deliver: (event: TrackerEvent) => void = () => {};
    let answer: (infos: unknown) => void = () => {};
    const client: QmpClientLike = {
      execute: (command) => (command === 'query-jobs' ? new Promise((resolve) => (answer = resolve)) : Promise.resolve({})),
      on: (_name, l) => ((deliver = l), () => {}),
    };
    const tracker = new JobTracker(client);
    deliver({ event: 'JOB_STATUS_CHANGE', data: { id: 'x', status: 'created' } });
    deliver({ event: 'JOB_STATUS_CHANGE', data: { id: 'x', status: 'running' } });
    const reconciled = tracker.reconcile();
    // The reply and the event behind it come in one read: both are handled before reconcile() resumes.
    answer([{ id: 'x', type: 'backup', status: 'running', 'current-progress': 1, 'total-progress': 2 }]);
    deliver({ event: 'JOB_STATUS_CHANGE', data: { id: 'x', status: 'paused' } });
    expect(await reconciled).toEqual({ changed: [], appeared: [], lost: [] });
    expect(tracker.job('x').status).toBe('paused');
    expect(tracker.job('x').progress).toEqual({ current: 1, total: 2 });
  });

  it('between a disconnect and the reconcile, jumps in status are no violations', async () => {
    const violations: TransitionViolation[] = [];
    let deliver: (event: TrackerEvent) => void = () => {};
    let connection: (change: { type: string }) => void = () => {};
    const client: QmpClientLike = {
      execute: async () => [{ id: 'x', type: 'backup', status: 'concluded', 'current-progress': 2, 'total-progress': 2 }],
      on: (_name, l) => ((deliver = l), () => {}),
      onConnection: (l) => ((connection = l), () => {}),
    };
    const reports: unknown[] = [];
    const tracker = new JobTracker(client, { onViolation: (v) => violations.push(v), onReconcile: (r) => reports.push(r) });
    deliver({ event: 'JOB_STATUS_CHANGE', data: { id: 'x', status: 'created' } });
    deliver({ event: 'JOB_STATUS_CHANGE', data: { id: 'x', status: 'running' } });
    connection({ type: 'disconnected' });
    // Events the new connection brings before the reconcile: the job moved on while we were away.
    deliver({ event: 'JOB_STATUS_CHANGE', data: { id: 'x', status: 'concluded' } });
    expect(violations).toEqual([]);
    connection({ type: 'reconnected' });
    await vi.waitFor(() => expect(reports).toHaveLength(1));
    expect(tracker.job('x').outcome).toBe('completed');
    // Reconciled: the table applies again.
    deliver({ event: 'JOB_STATUS_CHANGE', data: { id: 'x', status: 'running' } });
    expect(violations).toEqual([{ id: 'x', from: 'concluded', to: 'running' }]);
  });
});
