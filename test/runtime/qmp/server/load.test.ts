/**
 * Load and fault tests of the QMP server on Unix sockets: one client's huge input against
 * another's replies, and the server-wide cap on unfinished input. Bounds here are generous
 * (seconds where the work takes milliseconds); they catch a server that stalls, not a slow one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createQmpServer } from '../../../../runtime/qmp/server/server.js';
import type { QmpServer, QmpServerOptions } from '../../../../runtime/qmp/server/server.js';
import { gate, LineClient, StubDispatcher, tempSocketPath } from '../wire-support.js';

let server: QmpServer | undefined;
const clients: LineClient[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function start(options: Partial<QmpServerOptions> = {}): Promise<string> {
  const socket = tempSocketPath();
  cleanups.push(socket.cleanup);
  server = createQmpServer({ dispatcher: new StubDispatcher({ ping: (args) => args['n'] ?? 'pong' }), ...options });
  await server.listen({ path: socket.path });
  return socket.path;
}

async function connect(path: string): Promise<LineClient> {
  const client = await LineClient.connect({ path });
  clients.push(client);
  await client.line();
  client.send('{"execute": "qmp_capabilities"}\n');
  expect(await client.line()).toBe('{"return": {}}');
  return client;
}

const NOT_AN_OBJECT = '{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}';

describe('QMP server under load', () => {
  const digits = (): Buffer => {
    const bytes = Buffer.alloc(20_000_000, 0x37);
    bytes[0] = 0x31;
    return bytes;
  };
  const accented = (): Buffer => Buffer.concat([Buffer.from('"'), Buffer.from('é'.repeat(30_000_000)), Buffer.from('"')]);

  // Reading such tokens once stopped every other client for seconds: the integer through
  // BigInt (3 to 6 s), the string decoded at once and a character at a time (2 to 3 s).
  it.each([
    ['a 20 MB integer', digits],
    ['a 60 MB string of 2-byte characters', accented],
  ])(
    'answers a client promptly while another sends %s',
    async (_, make) => {
      const input = make();
      const path = await start();
      const greedy = await connect(path);
      const polite = await connect(path);
      greedy.send(input);
      greedy.send('\n');
      let greedyReply: string | undefined;
      const greedyDone = greedy.line(60_000).then((line) => (greedyReply = line));
      // Ping until the greedy client has its answer; no gap between two replies may be long.
      let answered = 0;
      let longestGap = 0;
      let last = performance.now();
      while (greedyReply === undefined) {
        polite.send(`{"execute": "ping", "arguments": {"n": ${answered}}}\n`);
        expect(await polite.line(10_000)).toBe(`{"return": ${answered}}`);
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
        answered++;
      }
      await greedyDone;
      expect(greedyReply).toBe(NOT_AN_OBJECT);
      expect(answered).toBeGreaterThan(1);
      expect(longestGap).toBeLessThan(1500);
    },
    60_000,
  );

  it('drops the client holding the most unfinished input when all together pass the cap, and logs it', async () => {
    const logs: string[] = [];
    const path = await start({ maxBufferedInput: 1_000_000, onLog: (line) => logs.push(line) });
    const bystander = await connect(path);
    const modest = await connect(path);
    const greedy = await connect(path);
    // Unfinished strings, counted as the token buffers that hold them (they grow by doubling)
    // plus what is decoded ahead: the modest client's never passes 262,144 + 200,000 bytes, and
    // the total passes 1,000,000 only once the greedy one's buffer has reached 524,288 and more
    // is decoded, so the choice does not depend on timing.
    modest.send(`"${'m'.repeat(200_000)}`);
    greedy.send(`"${'g'.repeat(900_000)}`);
    await expect(greedy.line(10_000)).rejects.toThrow('connection closed');
    expect(logs, logs.join('\n')).toHaveLength(1);
    expect(logs[0]).toMatch(
      /^dropped the client holding the most unfinished input \(\d+ bytes\): all clients held \d+, over maxBufferedInput \(1000000\)$/,
    );
    // The others keep their input and their connection.
    modest.send('"\n');
    expect(await modest.line()).toBe(NOT_AN_OBJECT);
    bystander.send('{"execute": "ping"}\n');
    expect(await bystander.line()).toBe('{"return": "pong"}');
    expect(server?.sessionCount).toBe(2);
  }, 20_000);

  it('a suspended session stops reading: input sent behind a running command stays in the socket, not in the server', async () => {
    const logs: string[] = [];
    const slow = gate();
    const socket = tempSocketPath();
    cleanups.push(socket.cleanup);
    server = createQmpServer({
      dispatcher: new StubDispatcher({ slow: async () => slow.promise.then(() => 'slow'), ping: () => 'pong' }),
      maxBufferedInput: 1_000_000,
      onLog: (line) => logs.push(line),
    });
    await server.listen({ path: socket.path });
    const client = await connect(socket.path);
    client.send('{"execute": "slow"}\n');
    client.send(Buffer.alloc(4_000_000, 0x20));
    client.send('{"execute": "ping"}\n');
    expect(await client.silent(300)).toBe(true);
    slow.open();
    expect(await client.line(20_000)).toBe('{"return": "slow"}');
    expect(await client.line(20_000)).toBe('{"return": "pong"}');
    expect(logs).toEqual([]);
  }, 30_000);

  it('under the cap nobody is dropped, however the input is split between clients', async () => {
    const logs: string[] = [];
    const path = await start({ maxBufferedInput: 2_000_000, onLog: (line) => logs.push(line) });
    // 3 x 240,000 bytes, each in a token buffer of 262,144 (they grow by doubling) and decoded
    // ahead as it comes: at most 502,144 each, as the cap counts.
    const all = await Promise.all(Array.from({ length: 3 }, () => connect(path)));
    for (const client of all) client.send(`"${'x'.repeat(240_000)}`);
    for (const client of all) client.send('"\n');
    for (const client of all) expect(await client.line()).toBe(NOT_AN_OBJECT);
    expect(logs).toEqual([]);
  }, 20_000);
});
