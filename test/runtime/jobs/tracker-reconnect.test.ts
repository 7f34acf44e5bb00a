/**
 * The job tracker on a reconnecting client, against `createJobServer()`: after a dropped
 * connection it reconciles by itself (statuses adopted, jobs that appeared, jobs lost, all
 * reported), after a restarted server every old job is lost; it takes the typed client as it
 * is, and reports progress.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { QmpCommands, QmpEvents } from '../../../generated/index.js';
import { qmpValidation } from '../../../generated/index.js';
import { JobTracker } from '../../../runtime/jobs/tracker.js';
import type { JobProgress, ReconcileReport } from '../../../runtime/jobs/tracker.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../runtime/qmp/client/client.js';
import { typedQmpClient } from '../../../runtime/qmp/typed/client.js';
import { createJobServer } from '../../../runtime/serve/job-server.js';
import type { JobServer } from '../../../runtime/serve/job-server.js';
import { droppingProxy } from '../qmp/client-support.js';
import { tempSocketPath } from '../qmp/wire-support.js';
import { within } from '../serve/support.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function jobServer(path?: string): Promise<{ server: JobServer; path: string }> {
  let at = path;
  if (at === undefined) {
    const socket = tempSocketPath();
    cleanups.push(socket.cleanup);
    at = socket.path;
  }
  const server = createJobServer();
  await server.listen({ path: at });
  cleanups.push(() => server.close());
  return { server, path: at };
}

async function reconnectingClient(path: string): Promise<QmpClient> {
  const client = await connectQmp({ path }, { reconnect: { initialDelay: 20, factor: 1 } });
  cleanups.push(() => client.destroy());
  return client;
}

function nextReport(reports: ReconcileReport[]): Promise<ReconcileReport> {
  const count = reports.length;
  return within(
    (async () => {
      while (reports.length === count) await new Promise((resolve) => setTimeout(resolve, 5));
      return reports[count] as ReconcileReport;
    })(),
    10_000,
    'a reconcile',
  );
}

describe('JobTracker after a reconnect', () => {
  it('reconciles by itself: adopts statuses, finds new jobs, marks vanished ones lost, reports it', async () => {
    const { path } = await jobServer();
    const proxy = await droppingProxy(path);
    cleanups.push(() => proxy.close());
    const raw = await reconnectingClient(proxy.path);
    const qmp = typedQmpClient<QmpCommands, QmpEvents>(raw, { validation: qmpValidation });
    const reports: ReconcileReport[] = [];
    const tracker = new JobTracker(qmp, { onReconcile: (report) => reports.push(report) });
    cleanups.push(() => tracker.close());

    await qmp.execute('x-demo-job-start', { id: 'slow', 'duration-ms': 60_000, 'auto-dismiss': false });
    await qmp.execute('x-demo-job-start', { id: 'quick', 'duration-ms': 150, 'auto-dismiss': false });
    await qmp.execute('x-demo-job-start', { id: 'vanishing', 'duration-ms': 150 });
    await qmp.execute('x-demo-job-start', { id: 'paused-away', 'duration-ms': 60_000 });
    for (const id of ['slow', 'quick', 'vanishing', 'paused-away']) await within(tracker.job(id).until('running'), 5000, `${id} running`);
    const quickConcluded = tracker.job('quick').until('concluded');

    await proxy.drop();
    // While the tracker is away: another client starts a job and pauses one; two jobs end.
    const other = await connectQmp({ path });
    cleanups.push(() => other.destroy());
    await other.execute('x-demo-job-start', { id: 'newcomer', 'duration-ms': 60_000 });
    await other.execute('job-pause', { id: 'paused-away' });
    await waitUntil(async () => !(await other.execute<{ id: string }[]>('query-jobs')).some((job) => job.id === 'vanishing'));
    expect(tracker.job('quick').status).toBe('running');

    const reconciled = nextReport(reports);
    await proxy.restore();
    const report = await reconciled;
    expect(sortById(report.changed)).toEqual([
      { id: 'paused-away', from: 'running', to: 'paused' },
      { id: 'quick', from: 'running', to: 'concluded' },
    ]);
    expect(report.appeared).toEqual(['newcomer']);
    expect(report.lost).toEqual(['vanishing']);

    await quickConcluded;
    expect(tracker.job('quick').outcome).toBe('completed');
    expect(tracker.job('vanishing')).toMatchObject({ lost: true, outcome: 'lost', status: 'null' });
    expect(tracker.job('slow').status).toBe('running');
    expect(tracker.job('newcomer').status).toBe('running');
    // Events flow again: the tracker follows the paused job from here.
    await qmp.execute('job-resume', { id: 'paused-away' });
    await within(
      waitUntil(async () => tracker.job('paused-away').status === 'running'),
      5000,
      'paused-away resumed',
    );
  });

  it('after a restarted server, every job it followed is lost; waiting on one fails', async () => {
    const { server, path } = await jobServer();
    const raw = await reconnectingClient(path);
    const reports: ReconcileReport[] = [];
    const tracker = new JobTracker(raw, { onReconcile: (report) => reports.push(report) });
    cleanups.push(() => tracker.close());
    await raw.execute('x-demo-job-start', { id: 'a', 'duration-ms': 60_000 });
    await raw.execute('x-demo-job-start', { id: 'b', 'duration-ms': 60_000, 'auto-dismiss': false });
    await within(tracker.job('b').until('running'), 5000, 'b running');
    const concluded = tracker
      .job('a')
      .until('concluded')
      .catch((e: unknown) => e);

    const reconciled = nextReport(reports);
    await server.close();
    await jobServer(path);
    expect(await reconciled).toEqual({ changed: [], appeared: [], lost: ['a', 'b'] });
    expect(await concluded).toEqual(new Error('job a was lost before reaching concluded: the server no longer lists it'));
    expect(tracker.all.map((job) => [job.id, job.status, job.outcome])).toEqual([
      ['a', 'null', 'lost'],
      ['b', 'null', 'lost'],
    ]);
  });

  it('reports progress while jobs run, and stops asking when none does', async () => {
    const { path } = await jobServer();
    const raw = await reconnectingClient(path);
    let queries = 0;
    const counting = {
      untyped: {
        ...bindClient(raw),
        execute: (command: string, args?: object) => (command === 'query-jobs' && queries++, raw.execute(command, args)),
      },
    };
    const progress: JobProgress[] = [];
    const tracker = new JobTracker(counting, { progressInterval: 20, onProgress: (job, p) => job.id === 'p' && progress.push(p) });
    cleanups.push(() => tracker.close());
    await raw.execute('x-demo-job-start', { id: 'p', 'duration-ms': 400, 'auto-dismiss': false });
    await within(tracker.job('p').until('concluded'), 5000, 'p concluded');
    await waitUntil(async () => tracker.job('p').outcome !== undefined);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((p) => p.total === 100)).toBe(true);
    const currents = progress.map((p) => p.current);
    expect(currents).toEqual([...currents].sort((x, y) => x - y));
    expect(progress.at(-1)).toEqual({ current: 100, total: 100 });
    expect(tracker.job('p').progress).toEqual({ current: 100, total: 100 });
    const asked = queries;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(queries).toBe(asked);
  });
});

function bindClient(client: QmpClient): Pick<QmpClient, 'on' | 'onConnection'> {
  return { on: client.on.bind(client), onConnection: client.onConnection.bind(client) };
}

function sortById<T extends { id: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.id.localeCompare(b.id));
}

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}
