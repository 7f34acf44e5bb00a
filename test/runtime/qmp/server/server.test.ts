import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QmpError } from '../../../../runtime/qmp/dispatch/errors.js';
import { QmpDouble } from '../../../../runtime/qmp/json/value.js';
import { createQmpServer } from '../../../../runtime/qmp/server/server.js';
import type { QmpServer, QmpServerOptions } from '../../../../runtime/qmp/server/server.js';
import { gate, LineClient, StubDispatcher, tempSocketPath } from '../wire-support.js';
import type { StubCommand, StubHandler } from '../wire-support.js';

let server: QmpServer | undefined;
const clients: LineClient[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function start(
  commands: Record<string, StubHandler | StubCommand>,
  options: Partial<QmpServerOptions> = {},
): Promise<{ path: string; dispatcher: StubDispatcher }> {
  const socket = tempSocketPath();
  cleanups.push(socket.cleanup);
  const dispatcher = new StubDispatcher(commands);
  server = createQmpServer({ dispatcher, ...options });
  await server.listen({ path: socket.path });
  return { path: socket.path, dispatcher };
}

/** A raw client past the greeting; `negotiate` null leaves it in negotiation mode. */
async function connect(path: string, negotiate: string | null = '{"execute": "qmp_capabilities"}'): Promise<LineClient> {
  const client = await LineClient.connect({ path });
  clients.push(client);
  await client.line(); // greeting
  if (negotiate !== null) {
    client.send(`${negotiate}\n`);
    expect(await client.line()).toBe('{"return": {}}');
  }
  return client;
}

describe('QMP server: session', () => {
  it('greets with the configured version and offered capabilities', async () => {
    const { path } = await start({}, { capabilities: [] });
    const client = await LineClient.connect({ path });
    clients.push(client);
    expect(await client.line()).toBe(
      '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": []}}',
    );
  });

  it('negotiation mode: only qmp_capabilities, texts as QEMU', async () => {
    const { path } = await start({ 'query-jobs': () => [] });
    const client = await connect(path, null);
    client.send('{"execute": "query-jobs", "id": 1}\n');
    expect(await client.line()).toBe(
      `{"id": 1, "error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with 'qmp_capabilities'"}}`,
    );
    client.send('{"execute": "nope"}\n{"execute": "qmp_capabilities", "arguments": {"enable": "oob"}}\n');
    expect(await client.line()).toBe(
      `{"error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with 'qmp_capabilities'"}}`,
    );
    expect(await client.line()).toBe(
      `{"error": {"class": "GenericError", "desc": "Invalid parameter type for 'enable', expected: array"}}`,
    );
    client.send('{"execute": "qmp_capabilities", "arguments": {"enable": [1]}}\n{"execute": "qmp_capabilities", "arguments": {"x": 1}}\n');
    expect(await client.line()).toBe(
      `{"error": {"class": "GenericError", "desc": "Invalid parameter type for 'enable[0]', expected: string"}}`,
    );
    expect(await client.line()).toBe(`{"error": {"class": "GenericError", "desc": "Parameter 'x' is unexpected"}}`);
    client.send('{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}, "id": "n"}\n');
    expect(await client.line()).toBe('{"return": {}, "id": "n"}');
    client.send('{"execute": "query-jobs", "id": 2}\n');
    expect(await client.line()).toBe('{"return": [], "id": 2}');
  });

  it('refuses a capability that was not offered', async () => {
    const { path } = await start({}, { capabilities: [] });
    const client = await connect(path, null);
    client.send('{"execute": "qmp_capabilities", "arguments": {"enable": ["oob", "oob"]}}\n');
    expect(await client.line()).toBe('{"error": {"class": "GenericError", "desc": "Capability oob, oob not available"}}');
  });

  it('malformed input is answered and the connection stays usable', async () => {
    const { path } = await start({ ping: () => 'pong' });
    const client = await connect(path);
    client.send('{"execute": "ping", \x01 "id": 1}\n');
    // As QEMU: the stray byte drops the message so far; recovery stops at ':', which is a
    // message of its own, then the 1 and the '}' are messages too.
    expect(await client.line()).toBe(`{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\u0001'"}}`);
    expect(await client.line()).toBe('{"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}');
    expect(await client.line()).toBe('{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}');
    expect(await client.line()).toBe('{"error": {"class": "GenericError", "desc": "JSON parse error, expecting value"}}');
    client.send(Buffer.from([0xff, 0x0a]));
    expect(await client.line()).toBe(`{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\uFFFD'"}}`);
    client.send(`${'['.repeat(1025)}\n`);
    expect(await client.line()).toBe('{"error": {"class": "GenericError", "desc": "JSON nesting depth limit exceeded"}}');
    client.send('{"execute": "ping", "id": 2}\n');
    expect(await client.line()).toBe('{"return": "pong", "id": 2}');
  });

  it('runs in-band requests one at a time in arrival order', async () => {
    let running = 0;
    let most = 0;
    const { path } = await start({
      work: async (args) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, Number(args['ms'])));
        running--;
        return args['n'];
      },
    });
    const client = await connect(path);
    const batch = [30, 1, 20, 0, 5].map((ms, n) => `{"execute": "work", "arguments": {"ms": ${ms}, "n": ${n}}, "id": ${n}}`).join('\r\n');
    client.send(batch + '\r\n');
    for (let n = 0; n < 5; n++) expect(await client.line()).toBe(`{"return": ${n}, "id": ${n}}`);
    expect(most).toBe(1);
  });

  it('exec-oob overtakes a running in-band command when OOB is enabled', async () => {
    const slow = gate();
    const { path } = await start({ slow: async () => slow.promise.then(() => 'slow'), ping: { run: () => 'pong', allowOob: true } });
    const client = await connect(path, '{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}');
    client.send('{"execute": "slow", "id": 1}\n{"exec-oob": "ping", "id": 2}\n{"exec-oob": "slow", "id": 3}\n');
    expect(await client.line()).toBe('{"return": "pong", "id": 2}');
    expect(await client.line()).toBe('{"id": 3, "error": {"class": "GenericError", "desc": "The command slow does not support OOB"}}');
    slow.open();
    expect(await client.line()).toBe('{"return": "slow", "id": 1}');
  });

  it('without OOB, nothing more is read until the queued request is answered', async () => {
    const slow = gate();
    const { path } = await start({ slow: async () => slow.promise.then(() => 'slow'), ping: { run: () => 'pong', allowOob: true } });
    const client = await connect(path);
    client.send('{"execute": "slow", "id": 1}\n{"exec-oob": "ping", "id": 2}\n');
    expect(await client.silent(50)).toBe(true);
    slow.open();
    expect(await client.line()).toBe('{"return": "slow", "id": 1}');
    expect(await client.line()).toBe(`{"id": 2, "error": {"class": "GenericError", "desc": "QMP input member 'exec-oob' is unexpected"}}`);
  });

  it('with OOB, at most 8 in-band requests queue before reading pauses', async () => {
    const gates = Array.from({ length: 10 }, () => gate());
    let n = 0;
    const { path } = await start({ block: async () => gates[n++]?.promise, ping: { run: () => 'pong', allowOob: true } });
    const client = await connect(path, '{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}');
    const blocks = Array.from({ length: 9 }, (_, i) => `{"execute": "block", "id": ${i}}\n`).join('');
    client.send(`${blocks}{"exec-oob": "ping", "id": "oob"}\n`);
    // #0 runs, #1..#8 fill the queue: the OOB request behind them is not read yet.
    expect(await client.silent(50)).toBe(true);
    gates[0]?.open();
    expect(await client.line()).toBe('{"return": {}, "id": 0}');
    expect(await client.line()).toBe('{"return": "pong", "id": "oob"}');
    for (const g of gates) g.open();
    for (let i = 1; i < 9; i++) expect(await client.line()).toBe(`{"return": {}, "id": ${i}}`);
  });

  it('echoes id verbatim, turns QmpError into an error reply, and hides handler crashes', async () => {
    const errors: unknown[] = [];
    const { path } = await start(
      {
        fail: () => {
          throw new QmpError('DeviceNotFound', 'no such device');
        },
        crash: () => {
          throw new Error('boom');
        },
        weird: () => ({ f: () => 1 }),
        echo: (args) => args,
      },
      { onError: (error) => errors.push(error) },
    );
    const client = await connect(path);
    client.send('{"execute": "fail", "id": [1, {"a": null}]}\n');
    expect(await client.line()).toBe('{"id": [1, {"a": null}], "error": {"class": "DeviceNotFound", "desc": "no such device"}}');
    client.send('{"execute": "crash", "id": 1}\n{"execute": "weird", "id": 2}\n');
    expect(await client.line()).toBe('{"id": 1, "error": {"class": "GenericError", "desc": "Internal error: boom"}}');
    expect(await client.line()).toBe(
      '{"id": 2, "error": {"class": "GenericError", "desc": "Internal error: cannot serialize a value of type function"}}',
    );
    expect(errors.length).toBe(2);
    client.send(`{"execute": "echo", "arguments": {"big": 18446744073709551615, "d": 1.0, "e": 0.1, "s": 'it\\'s'}, "id": 3}\n`);
    // The handler's object goes out in QDict order, whatever order it was built in.
    expect(await client.line()).toBe(`{"return": {"d": 1, "s": "it's", "e": 0.10000000000000001, "big": 18446744073709551615}, "id": 3}`);
  });

  it('passes integral doubles to the dispatcher as QmpDouble', async () => {
    let seen: unknown;
    const { path } = await start({ take: (args) => (seen = args['x']) === undefined });
    const client = await connect(path);
    client.send('{"execute": "take", "arguments": {"x": 2.0}}\n');
    await client.line();
    expect(seen).toEqual(new QmpDouble(2));
  });
});

describe('QMP server: events and clients', () => {
  it('broadcasts events only to sessions in command mode', async () => {
    const { path } = await start({});
    const negotiated = await connect(path);
    const negotiating = await connect(path, null);
    server?.emit('STOP');
    server?.emit('JOB_STATUS_CHANGE', { id: 'j', status: 'running' });
    expect(await negotiated.line()).toMatch(/^\{"timestamp": \{"seconds": \d+, "microseconds": \d+\}, "event": "STOP"\}$/);
    expect(await negotiated.line()).toMatch(/"event": "JOB_STATUS_CHANGE", "data": \{"status": "running", "id": "j"\}\}$/);
    expect(await negotiating.silent(30)).toBe(true);
  });

  it('a client leaving mid-command costs the others nothing, and garbage never stops the server', async () => {
    const slow = gate();
    const { path } = await start({ slow: async () => slow.promise.then(() => 1), ping: () => 'pong' });
    const leaving = await connect(path);
    const staying = await connect(path);
    leaving.send('{"execute": "slow", "id": 1}\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    leaving.close();
    slow.open();
    staying.send('{"execute": "ping", "id": 2}\n');
    expect(await staying.line()).toBe('{"return": "pong", "id": 2}');
    const rude = await LineClient.connect({ path });
    clients.push(rude);
    rude.send(Buffer.alloc(100_000, 0x7b));
    rude.send(Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)));
    rude.socket.destroy();
    staying.send('{"execute": "ping", "id": 3}\n');
    expect(await staying.line()).toBe('{"return": "pong", "id": 3}');
    expect(server?.sessionCount).toBeGreaterThanOrEqual(1);
  });

  it('serves several clients at once', async () => {
    const { path } = await start({ echo: (args) => args['n'] });
    const all = await Promise.all(Array.from({ length: 5 }, () => connect(path)));
    all.forEach((client, n) => client.send(`{"execute": "echo", "arguments": {"n": ${n}}, "id": ${n}}\n`));
    const replies = await Promise.all(all.map((client) => client.line()));
    expect(replies).toEqual(all.map((_, n) => `{"return": ${n}, "id": ${n}}`));
  });

  it('creates its Unix socket with mode 0600 and removes it on close', async () => {
    const { path } = await start({});
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await server?.close();
    server = undefined;
    expect(() => statSync(path)).toThrow();
  });

  it('refuses a Unix socket path longer than sun_path (108 bytes) before touching anything, as QEMU', async () => {
    const socket = tempSocketPath();
    cleanups.push(socket.cleanup);
    const dir = dirname(socket.path);
    const longest = join(dir, 'a'.repeat(108 - dir.length - 1));
    const tooLong = `${longest}b`;
    server = createQmpServer({ dispatcher: new StubDispatcher({}) });
    await expect(server.listen({ path: tooLong })).rejects.toThrow(
      `QMP server: UNIX socket path '${tooLong}' is too long (109 bytes; at most 108)`,
    );
    expect(readdirSync(dir)).toEqual([]);
    // 108 bytes fill sun_path without a NUL: Linux takes that, and so does QEMU.
    await server.listen({ path: longest });
    const client = await LineClient.connect({ path: longest });
    clients.push(client);
    expect(await client.line()).toContain('"QMP"');
  });

  it('listens on TCP loopback with an ephemeral port', async () => {
    server = createQmpServer({ dispatcher: new StubDispatcher({ ping: () => 'pong' }) });
    const address = await server.listen({ port: 0 });
    expect(address).toMatchObject({ host: '127.0.0.1' });
    const client = await LineClient.connect(address as { host: string; port: number });
    clients.push(client);
    expect(await client.line()).toContain('"QMP"');
  });
});
