/**
 * The opt-in reconnect against our own servers restarted under the client: backoff and its
 * limits, re-negotiation, listeners and iterators kept, calls in flight failed and never
 * sent again (under load too), what the user is told.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectQmp } from '../../../../runtime/qmp/client/client.js';
import type { QmpClient, QmpClientOptions } from '../../../../runtime/qmp/client/client.js';
import { QmpConnectionError } from '../../../../runtime/qmp/client/errors.js';
import type { QmpEvent } from '../../../../runtime/qmp/client/events.js';
import { ReconnectPolicy } from '../../../../runtime/qmp/client/reconnect.js';
import type { QmpConnectionEvent } from '../../../../runtime/qmp/client/reconnect.js';
import { createQmpServer } from '../../../../runtime/qmp/server/server.js';
import type { QmpServer } from '../../../../runtime/qmp/server/server.js';
import { createJobServer } from '../../../../runtime/serve/job-server.js';
import type { JobServer } from '../../../../runtime/serve/job-server.js';
import { StubDispatcher, tempSocketPath } from '../wire-support.js';
import type { StubHandler } from '../wire-support.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function socketPath(): string {
  const socket = tempSocketPath();
  cleanups.push(socket.cleanup);
  return socket.path;
}

async function jobServerAt(path: string): Promise<JobServer> {
  const server = createJobServer();
  await server.listen({ path });
  cleanups.push(() => server.close());
  return server;
}

async function stubServerAt(
  path: string,
  commands: Record<string, StubHandler>,
  capabilities?: string[],
): Promise<{ server: QmpServer; dispatcher: StubDispatcher }> {
  const dispatcher = new StubDispatcher(commands);
  const server = createQmpServer({ dispatcher, ...(capabilities === undefined ? {} : { capabilities }) });
  await server.listen({ path });
  cleanups.push(() => server.close());
  return { server, dispatcher };
}

async function client(path: string, options: QmpClientOptions): Promise<{ client: QmpClient; changes: QmpConnectionEvent[] }> {
  const qmp = await connectQmp({ path }, options);
  cleanups.push(() => qmp.destroy());
  const changes: QmpConnectionEvent[] = [];
  qmp.onConnection((change) => changes.push(change));
  return { client: qmp, changes };
}

/** Resolves at the next connection change of `type`. */
function next(qmp: QmpClient, type: QmpConnectionEvent['type']): Promise<QmpConnectionEvent> {
  return new Promise((resolve) => {
    const off = qmp.onConnection((change) => {
      if (change.type !== type) return;
      off();
      resolve(change);
    });
  });
}

const fast = { initialDelay: 10, factor: 2, maxDelay: 40 };

describe('reconnect', () => {
  it('the delays grow by the factor up to the cap; the limits count attempts and time', () => {
    const policy = new ReconnectPolicy({ initialDelay: 100, factor: 3, maxDelay: 1000, maxAttempts: 5, maxTime: 2000 });
    expect([1, 2, 3, 4, 5].map((attempt) => policy.delay(attempt))).toEqual([100, 300, 900, 1000, 1000]);
    expect(policy.allows(5, 0, 1000)).toBe(true);
    expect(policy.allows(6, 0, 1000)).toBe(false);
    expect(policy.allows(2, 1500, 300)).toBe(true);
    expect(policy.allows(2, 1800, 300)).toBe(false);
    expect(() => new ReconnectPolicy({ factor: 0.5 })).toThrow('QMP client: reconnect.factor must be at least 1, not 0.5');
    expect(() => new ReconnectPolicy({ initialDelay: -1 })).toThrow(/reconnect.initialDelay must be a positive number/);
  });

  it('a restarted job server: negotiated again, listeners and iterators kept, events flow again', async () => {
    const path = socketPath();
    const first = await jobServerAt(path);
    const { client: qmp, changes } = await client(path, { reconnect: fast });
    const statuses: string[] = [];
    qmp.on('JOB_STATUS_CHANGE', (event) => statuses.push(`${String(event.data?.['id'])}:${String(event.data?.['status'])}`));
    const stream = qmp.events('JOB_STATUS_CHANGE');
    expect(qmp.enabledCapabilities).toEqual(['oob']);

    const down = next(qmp, 'disconnected');
    const reconnected = next(qmp, 'reconnected');
    await first.close();
    await down;
    expect(qmp.isConnected).toBe(false);
    await jobServerAt(path);
    await reconnected;
    expect(qmp.isConnected).toBe(true);
    expect(qmp.isClosed).toBe(false);
    expect(qmp.enabledCapabilities).toEqual(['oob']);
    expect(changes[0]).toMatchObject({ type: 'disconnected', reconnect: true, error: { message: `QMP connection to ${path} closed` } });
    expect(changes[1]).toMatchObject({ type: 'reconnecting', attempt: 1, delay: 10 });
    expect(changes.at(-1)).toMatchObject({ type: 'reconnected' });

    await qmp.execute('x-demo-job-start', { id: 'after', 'duration-ms': 0 });
    const seen: QmpEvent[] = [];
    for await (const event of stream) {
      seen.push(event);
      if (event.data?.['status'] === 'null') break;
    }
    expect(seen.map((event) => event.data?.['status'])).toEqual(['created', 'running', 'waiting', 'pending', 'concluded', 'null']);
    expect(statuses).toEqual(['after:created', 'after:running', 'after:waiting', 'after:pending', 'after:concluded', 'after:null']);
  });

  it('calls in flight fail with the command named and are not sent again; calls while down fail at once', async () => {
    const path = socketPath();
    const hang: StubHandler = () => new Promise(() => undefined);
    const first = await stubServerAt(path, { hang, ping: () => 'pong' });
    const { client: qmp } = await client(path, { reconnect: { initialDelay: 50, factor: 1 } });
    const inFlight = qmp.execute('hang').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const down = next(qmp, 'disconnected');
    await first.server.close();
    const error = await inFlight;
    expect(error).toBeInstanceOf(QmpConnectionError);
    expect(error).toMatchObject({
      command: 'hang',
      sent: true,
      message: `QMP connection to ${path} closed before 'hang' was answered (it may have run; it is not sent again)`,
    });
    await down;
    const whileDown = await qmp.execute('ping').catch((e: unknown) => e);
    expect(whileDown).toMatchObject({
      name: 'QmpConnectionError',
      command: 'ping',
      sent: false,
      message: `QMP connection to ${path} is down (reconnecting): 'ping' was not sent`,
    });

    const reconnected = next(qmp, 'reconnected');
    // The caller who decides to retry waits for the connection first.
    const retried = qmp.whenConnected().then(() => qmp.execute('ping'));
    // The new server offers no OOB: negotiated again, the client enables none.
    const second = await stubServerAt(path, { hang, ping: () => 'pong' }, []);
    await reconnected;
    expect(qmp.offeredCapabilities).toEqual([]);
    expect(qmp.enabledCapabilities).toEqual([]);
    expect(await retried).toBe('pong');
    await qmp.whenConnected();
    expect(await qmp.execute('ping')).toBe('pong');
    expect(second.dispatcher.calls).toEqual(['ping', 'ping']);
  });

  it('gives up after maxAttempts: told, closed for good, iterators end', async () => {
    const path = socketPath();
    const first = await stubServerAt(path, {});
    const { client: qmp, changes } = await client(path, { reconnect: { initialDelay: 5, factor: 2, maxDelay: 20, maxAttempts: 4 } });
    const stream = qmp.events();
    await first.server.close();
    const reason = await qmp.closed;
    expect(changes.map((change) => change.type)).toEqual([
      'disconnected',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'disconnected',
    ]);
    expect(changes.filter((change) => change.type === 'reconnecting').map((change) => change.delay)).toEqual([5, 10, 20, 20]);
    expect(changes.at(-1)).toMatchObject({ type: 'disconnected', reconnect: false });
    expect(reason).toBeInstanceOf(QmpConnectionError);
    expect(reason?.message).toMatch(
      new RegExp(
        `^QMP connection to ${path} lost; gave up reconnecting after 4 attempt\\(s\\) in \\d+ ms: cannot connect to QMP at ${path}: connect ENOENT`,
      ),
    );
    expect(qmp.isClosed).toBe(true);
    await expect(qmp.whenConnected()).rejects.toThrow(`QMP connection to ${path} is closed`);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    await expect(qmp.execute('ping')).rejects.toThrow(`QMP connection to ${path} is closed: 'ping' was not sent`);
  });

  it('gives up when maxTime would pass before the next attempt', async () => {
    const path = socketPath();
    const first = await stubServerAt(path, {});
    const { client: qmp, changes } = await client(path, { reconnect: { initialDelay: 60, factor: 1, maxTime: 100 } });
    await first.server.close();
    await qmp.closed;
    // The first attempt starts at 60 ms; a second would start at 120 ms or later, past 100.
    expect(changes.map((change) => change.type)).toEqual(['disconnected', 'reconnecting', 'disconnected']);
  });

  it('close() while reconnecting stops it: closed resolves with nothing, no more attempts', async () => {
    const path = socketPath();
    const first = await stubServerAt(path, {});
    const { client: qmp, changes } = await client(path, { reconnect: { initialDelay: 30, factor: 1 } });
    const attempting = next(qmp, 'reconnecting');
    await first.server.close();
    await attempting;
    const waiting = qmp.whenConnected().catch((e: unknown) => e);
    await qmp.close();
    expect(await waiting).toMatchObject({ name: 'QmpConnectionError', message: `QMP connection to ${path} is closed` });
    expect(await qmp.closed).toBeUndefined();
    const count = changes.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(changes.length).toBe(count);
    expect(qmp.isClosed).toBe(true);
  });

  it('without reconnect, a drop closes the client for good and says so once', async () => {
    const path = socketPath();
    const first = await stubServerAt(path, {});
    const { client: qmp, changes } = await client(path, {});
    await first.server.close();
    expect(await qmp.closed).toMatchObject({ message: `QMP connection to ${path} closed` });
    expect(changes).toEqual([expect.objectContaining({ type: 'disconnected', reconnect: false })]);
  });

  it('under load: every call settles once, none is replayed, calls after the reconnect succeed', async () => {
    const path = socketPath();
    const received = new Set<number>();
    const slowEcho: StubHandler = async (args) => {
      received.add(Number(args['n']));
      await new Promise((resolve) => setImmediate(resolve));
      return args['n'];
    };
    const first = await stubServerAt(path, { echo: slowEcho });
    const { client: qmp } = await client(path, { reconnect: { initialDelay: 10, factor: 1 } });
    const outcomes = new Map<number, string>();
    let n = 0;
    let stop = false;
    const issue = (): void => {
      const k = n++;
      qmp.execute('echo', { n: k }).then(
        (value) => outcomes.set(k, value === k ? 'ok' : `wrong ${String(value)}`),
        (error: unknown) =>
          outcomes.set(
            k,
            error instanceof QmpConnectionError ? (error.sent ? 'lost in flight' : 'refused while down') : `other ${String(error)}`,
          ),
      );
    };
    // 300 calls in flight at the drop, and more issued all along.
    for (let i = 0; i < 300; i++) issue();
    const feeder = setInterval(() => {
      if (!stop) for (let i = 0; i < 20; i++) issue();
    }, 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const reconnected = next(qmp, 'reconnected');
    await first.server.close();
    const beforeRestart = new Set(received);
    await new Promise((resolve) => setTimeout(resolve, 30));
    received.clear();
    await stubServerAt(path, { echo: slowEcho });
    await reconnected;
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop = true;
    clearInterval(feeder);
    const last = n;
    const settled = Array.from({ length: 50 }, (_, i) => qmp.execute('echo', { n: last + i }));
    expect(await Promise.all(settled)).toEqual(Array.from({ length: 50 }, (_, i) => last + i));
    n += 50;
    await new Promise((resolve) => setTimeout(resolve, 20));

    const counts = { ok: 0, 'lost in flight': 0, 'refused while down': 0 };
    for (const outcome of outcomes.values()) {
      expect(Object.keys(counts)).toContain(outcome);
      counts[outcome as keyof typeof counts]++;
    }
    expect(outcomes.size).toBe(n - 50);
    expect(counts['lost in flight']).toBeGreaterThan(0);
    expect(counts['refused while down']).toBeGreaterThan(0);
    // Nothing that went to the first server reached the second: no call was sent again.
    for (const k of received) expect(beforeRestart.has(k)).toBe(false);
    // And every call the first server got before the drop settled as answered or as lost.
    for (const k of beforeRestart) expect(['ok', 'lost in flight']).toContain(outcomes.get(k));
  });
});
