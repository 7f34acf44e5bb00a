import { afterEach, describe, expect, it } from 'vitest';
import { connectQmp } from '../../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../../runtime/qmp/client/client.js';
import { QmpConnectionError, QmpReplyError, QmpTimeoutError } from '../../../../runtime/qmp/client/errors.js';
import type { QmpEvent } from '../../../../runtime/qmp/client/events.js';
import { QmpError } from '../../../../runtime/qmp/dispatch/errors.js';
import { createQmpServer } from '../../../../runtime/qmp/server/server.js';
import type { QmpServer } from '../../../../runtime/qmp/server/server.js';
import { gate, StubDispatcher, tempSocketPath } from '../wire-support.js';
import type { StubCommand, StubHandler } from '../wire-support.js';

let server: QmpServer | undefined;
const clients: QmpClient[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Transport = 'unix' | 'tcp';

async function serve(
  transport: Transport,
  commands: Record<string, StubHandler | StubCommand>,
  capabilities?: string[],
): Promise<QmpClient> {
  server = createQmpServer({ dispatcher: new StubDispatcher(commands), ...(capabilities === undefined ? {} : { capabilities }) });
  let client: QmpClient;
  if (transport === 'unix') {
    const socket = tempSocketPath();
    cleanups.push(socket.cleanup);
    await server.listen({ path: socket.path });
    client = await connectQmp({ path: socket.path });
  } else {
    const address = await server.listen({ port: 0, host: '127.0.0.1' });
    client = await connectQmp(address as { host: string; port: number });
  }
  clients.push(client);
  return client;
}

const emit = (event: string, data?: unknown): void => server?.emit(event, data);

for (const transport of ['unix', 'tcp'] as const) {
  describe(`QMP client over ${transport}`, () => {
    it('reads the greeting, negotiates OOB when offered, and executes commands', async () => {
      const client = await serve(transport, { 'query-jobs': () => [], add: (a) => Number(a['x']) + Number(a['y']) });
      expect(client.offeredCapabilities).toEqual(['oob']);
      expect(client.enabledCapabilities).toEqual(['oob']);
      expect(await client.execute('query-jobs')).toEqual([]);
      expect(await client.execute('add', { x: 2, y: 3 })).toBe(5);
    });

    it('does not enable OOB when it is not offered', async () => {
      const client = await serve(transport, {}, []);
      expect(client.enabledCapabilities).toEqual([]);
    });

    it('turns error replies into QmpError with class and desc', async () => {
      const client = await serve(transport, {});
      const error = await client.execute('nope').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QmpError);
      expect(error).toBeInstanceOf(QmpReplyError);
      expect(error).toMatchObject({ errorClass: 'CommandNotFound', desc: 'The command nope has not been found', command: 'nope' });
    });

    it('delivers events interleaved with replies, in order, to callbacks and iterators', async () => {
      const client = await serve(transport, {
        burst: (args) => {
          for (let i = 0; i < Number(args['n']); i++) emit('TICK', { i });
          return 'done';
        },
      });
      const seen: string[] = [];
      const off = client.on('TICK', (e) => seen.push(`tick ${String(e.data?.['i'])}`));
      client.on('*', (e) => seen.push(`any ${e.event}`));
      const stream = client.events('TICK');
      const result = client.execute('burst', { n: 3 }).then((r) => seen.push(`reply ${String(r)}`));
      await result;
      expect(seen).toEqual(['tick 0', 'any TICK', 'tick 1', 'any TICK', 'tick 2', 'any TICK', 'reply done']);
      off();
      const got: QmpEvent[] = [];
      for await (const event of stream) {
        got.push(event);
        if (got.length === 3) break;
      }
      expect(got.map((e) => e.data?.['i'])).toEqual([0, 1, 2]);
      expect(got[0]?.timestamp.seconds).toBeGreaterThan(1_600_000_000);
      // Many events with interleaved calls: none lost, none reordered.
      const all = client.events();
      const calls = Array.from({ length: 20 }, (_, k) => client.execute('burst', { n: 50 }).then(() => k));
      expect(await Promise.all(calls)).toEqual(Array.from({ length: 20 }, (_, k) => k));
      const indexes: unknown[] = [];
      for await (const event of all) {
        indexes.push(event.data?.['i']);
        if (indexes.length === 1000) break;
      }
      expect(indexes).toEqual(Array.from({ length: 1000 }, (_, k) => k % 50));
    });

    it('carries large replies and 64-bit integers', async () => {
      const big = Array.from({ length: 5000 }, (_, i) => ({
        name: `entity-${i}`,
        'meta-type': 'object',
        members: [{ name: 'x', type: 'int' }],
      }));
      const client = await serve(transport, { schema: () => big, echo: (a) => a['v'] });
      const reply = (await client.execute('schema')) as unknown[];
      expect(reply.length).toBe(5000);
      expect(JSON.stringify(reply).length).toBeGreaterThan(280_000);
      expect(await client.execute('echo', { v: 18446744073709551615n })).toBe(18446744073709551615n);
      expect(await client.execute('echo', { v: -9223372036854775808n })).toBe(-9223372036854775808n);
      expect(await client.execute('echo', { v: 0.5 })).toBe(0.5);
    });
  });
}

describe('QMP client: timeouts, aborts, disconnects', () => {
  it('times a call out, discards its late reply, and keeps working', async () => {
    const slow = gate();
    const client = await serve('unix', { slow: async () => slow.promise.then(() => 'late'), ping: () => 'pong' });
    const error = await client.execute('slow', undefined, { timeout: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpTimeoutError);
    expect((error as Error).message).toBe("QMP command 'slow' got no reply within 30 ms");
    slow.open();
    expect(await client.execute('ping')).toBe('pong');
  });

  it('aborts a call with its AbortSignal', async () => {
    const slow = gate();
    const client = await serve('unix', { slow: async () => slow.promise, ping: () => 'pong' });
    const controller = new AbortController();
    const pending = client.execute('slow', undefined, { signal: controller.signal });
    controller.abort(new Error('user gave up'));
    await expect(pending).rejects.toThrow('user gave up');
    await expect(client.execute('ping', undefined, { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
    slow.open();
    expect(await client.execute('ping')).toBe('pong');
  });

  it('fails pending calls with a clear error when the connection drops', async () => {
    const client = await serve('unix', { hang: () => new Promise(() => undefined) });
    const pending = client.execute('hang').catch((e: unknown) => e);
    const ended = client.events();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server?.close();
    server = undefined;
    const error = await pending;
    expect(error).toBeInstanceOf(QmpConnectionError);
    expect((error as Error).message).toMatch(/closed before 'hang' was answered/);
    expect(await ended.next()).toEqual({ value: undefined, done: true });
    await expect(client.execute('x')).rejects.toBeInstanceOf(QmpConnectionError);
  });

  it('reports a server that is not there', async () => {
    const socket = tempSocketPath();
    cleanups.push(socket.cleanup);
    await expect(connectQmp({ path: socket.path })).rejects.toThrow(/cannot connect to QMP/);
  });
});
