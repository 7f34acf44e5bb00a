/**
 * The client under a misbehaving peer: a failed connect leaves nothing behind, an AbortSignal
 * ends every phase of connecting, malformed replies fail their call with a protocol error, a
 * peer that closes mid-message fails every pending call by name, and errors carry the
 * caller's stack.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { QmpCommands, QmpEvents } from '../../../../generated/index.js';
import { connectQmp } from '../../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../../runtime/qmp/client/client.js';
import { QmpConnectionError, QmpProtocolError, QmpReplyError } from '../../../../runtime/qmp/client/errors.js';
import { typedQmpClient } from '../../../../runtime/qmp/typed/client.js';
import type { TypedQmpClient } from '../../../../runtime/qmp/typed/client.js';
import { GREETING, heldResources, negotiated, scriptedPeer, settleIo } from '../client-support.js';
import type { PeerConnection, ScriptedPeer } from '../client-support.js';

let peer: ScriptedPeer | undefined;
const clients: QmpClient[] = [];

/** Timers and sockets held once the peer's side is gone too (the peer's server stays, it is no socket). */
async function resourcesNow(): Promise<string[]> {
  await peer?.dropConnections();
  await settleIo();
  return heldResources();
}

/**
 * Nothing more is held than before: per kind, no more timers or sockets
 * (the test runner's own timers may end meanwhile; ours must not be among what is left).
 */
function expectNoMoreHeld(before: string[], after: string[]): void {
  const count = (list: string[], kind: string): number => list.filter((k) => k === kind).length;
  for (const kind of new Set(after))
    expect({ kind, held: count(after, kind) }).toEqual({ kind, held: Math.min(count(after, kind), count(before, kind)) });
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await peer?.close();
  peer = undefined;
});

async function connected(): Promise<{ client: QmpClient; connection: PeerConnection }> {
  peer = await scriptedPeer();
  const connecting = connectQmp({ path: peer.path });
  const connection = await negotiated(peer);
  const client = await connecting;
  clients.push(client);
  return { client, connection };
}

describe('a failed connect leaves nothing behind', () => {
  it('a peer that closes before its greeting: rejected at once, no timer or socket left', async () => {
    peer = await scriptedPeer();
    const before = await resourcesNow();
    const connecting = connectQmp({ path: peer.path }, { connectTimeout: 60_000 }).catch((e: unknown) => e);
    (await peer.nextConnection()).socket.end();
    const error = await connecting;
    expect(error).toBeInstanceOf(QmpConnectionError);
    expect((error as Error).message).toBe(`QMP at ${peer.path} closed before its greeting`);
    expectNoMoreHeld(before, await resourcesNow());
  });

  it('a first message that is not a greeting is a protocol error', async () => {
    peer = await scriptedPeer();
    const before = await resourcesNow();
    const connecting = connectQmp({ path: peer.path }).catch((e: unknown) => e);
    (await peer.nextConnection()).send('{"return": {}}\r\n');
    const error = await connecting;
    expect(error).toBeInstanceOf(QmpConnectionError);
    expect((error as Error).message).toBe(
      `QMP at ${peer.path} closed before its greeting: QMP at ${peer.path} sent {"return": {}} instead of a QMP greeting`,
    );
    expect((error as Error).cause).toBeInstanceOf(QmpProtocolError);
    expectNoMoreHeld(before, await resourcesNow());
  });

  it('the deadline covers a peer that never greets, and names the phase', async () => {
    peer = await scriptedPeer();
    const before = await resourcesNow();
    const error = await connectQmp({ path: peer.path }, { connectTimeout: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpConnectionError);
    expect((error as Error).message).toBe(`waiting for the greeting of QMP at ${peer.path} timed out after 50 ms`);
    expectNoMoreHeld(before, await resourcesNow());
  });

  it('an AbortSignal ends every phase: before connecting, the greeting, the negotiation', async () => {
    peer = await scriptedPeer();
    const before = await resourcesNow();
    await expect(connectQmp({ path: peer.path }, { signal: AbortSignal.abort(new Error('aborted before connecting')) })).rejects.toThrow(
      'aborted before connecting',
    );
    const greeting = new AbortController();
    const waitingForGreeting = connectQmp({ path: peer.path }, { signal: greeting.signal }).catch((e: unknown) => e);
    await peer.nextConnection();
    greeting.abort(new Error('user gave up waiting for the greeting'));
    expect(await waitingForGreeting).toEqual(new Error('user gave up waiting for the greeting'));

    const negotiation = new AbortController();
    const negotiating = connectQmp({ path: peer.path }, { signal: negotiation.signal }).catch((e: unknown) => e);
    const connection = await peer.nextConnection();
    connection.send(GREETING);
    expect((await connection.nextRequest()).execute).toBe('qmp_capabilities');
    negotiation.abort(new Error('user gave up negotiating'));
    expect(await negotiating).toEqual(new Error('user gave up negotiating'));
    expectNoMoreHeld(before, await resourcesNow());
  });

  it('a server that is not there', async () => {
    const before = await resourcesNow();
    await expect(connectQmp({ path: '/nonexistent/qmp.sock' })).rejects.toThrow(/cannot connect to QMP at \/nonexistent\/qmp.sock/);
    expectNoMoreHeld(before, await resourcesNow());
  });
});

describe('malformed replies', () => {
  it('an error that is not an object fails its call with a protocol error; the connection goes on', async () => {
    const { client, connection } = await connected();
    const call = client.execute('query-jobs').catch((e: unknown) => e);
    await connection.nextRequest();
    connection.send('{"error": "boom"}\r\n');
    const error = await call;
    expect(error).toBeInstanceOf(QmpProtocolError);
    expect(error).toMatchObject({
      command: 'query-jobs',
      message: `QMP at ${peer?.path} answered 'query-jobs' with an error that is not {"class": string, "desc": string}: {"error": "boom"}`,
    });
    const next = client.execute('query-jobs');
    const request = await connection.nextRequest();
    connection.send(`{"return": [], "id": ${JSON.stringify(request.id)}}\r\n`);
    expect(await next).toEqual([]);
  });

  it('an error without desc, or a reply with both return and error, is a protocol error', async () => {
    const { client, connection } = await connected();
    const first = client.execute('job-pause', { id: 'j' }).catch((e: unknown) => e);
    const second = client.execute('job-resume', { id: 'j' }).catch((e: unknown) => e);
    const [a, b] = [await connection.nextRequest(), await connection.nextRequest()];
    connection.send(`{"error": {"class": "GenericError"}, "id": ${JSON.stringify(a.id)}}\r\n`);
    connection.send(`{"return": {}, "error": {"class": "GenericError", "desc": "x"}, "id": ${JSON.stringify(b.id)}}\r\n`);
    expect(await first).toMatchObject({ name: 'QmpProtocolError', command: 'job-pause' });
    expect(await second).toMatchObject({
      name: 'QmpProtocolError',
      command: 'job-resume',
      message: expect.stringContaining('both a return and an error'),
    });
  });

  it('a reply with an id this client never sent fails every pending call and closes', async () => {
    const { client, connection } = await connected();
    const calls = ['query-jobs', 'query-version'].map((command) => client.execute(command).catch((e: unknown) => e));
    await connection.nextRequest();
    await connection.nextRequest();
    connection.send('{"return": {}, "id": "1"}\r\n');
    const errors = await Promise.all(calls);
    for (const [i, command] of ['query-jobs', 'query-version'].entries()) {
      expect(errors[i]).toBeInstanceOf(QmpProtocolError);
      expect(errors[i]).toMatchObject({
        command,
        message: `QMP at ${peer?.path} sent a reply with id "1", which this client never sent: {"return": {}, "id": "1"}; '${command}' was not answered`,
      });
    }
    expect(await client.closed).toBeInstanceOf(QmpProtocolError);
  });

  it('invalid JSON or a message that is not an object ends the connection; each pending call is told', async () => {
    for (const [garbage, what] of [
      ['{"return": }', 'sent invalid JSON: JSON parse error, expecting value'],
      ['42', 'sent a message that is not a JSON object: 42'],
    ]) {
      const { client, connection } = await connected();
      const call = client.execute('query-jobs').catch((e: unknown) => e);
      await connection.nextRequest();
      connection.send(`${garbage}\r\n`);
      expect(await call).toMatchObject({
        name: 'QmpProtocolError',
        command: 'query-jobs',
        message: `QMP at ${peer?.path} ${what}; 'query-jobs' was not answered`,
      });
      expect(await client.closed).toMatchObject({ name: 'QmpProtocolError', message: `QMP at ${peer?.path} ${what}` });
      await peer?.close();
      peer = undefined;
    }
  });

  it('a peer that closes in the middle of a reply fails each pending call once, by name', async () => {
    const { client, connection } = await connected();
    const commands = ['query-jobs', 'query-version', 'query-status'];
    const calls = commands.map((command) => client.execute(command).catch((e: unknown) => e));
    for (const _ of commands) await connection.nextRequest();
    connection.socket.end('{"return": [{"id": "jo');
    const errors = await Promise.all(calls);
    expect(errors.map((e) => (e as Error).message)).toEqual(
      commands.map((command) => `QMP connection to ${peer?.path} closed in the middle of a message before '${command}' was answered`),
    );
    for (const [i, command] of commands.entries()) expect(errors[i]).toMatchObject({ name: 'QmpConnectionError', command, sent: true });
  });
});

describe("errors carry the caller's stack", () => {
  it('QmpReplyError names the function whose execute failed', async () => {
    const { client, connection } = await connected();
    void answerWithError(connection);
    const error = await pauseTheJobUntyped(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpReplyError);
    expect((error as Error).stack).toMatch(/at (async )?pauseTheJobUntyped .*client\/honest\.test\.ts/);

    void answerWithError(connection);
    const typed = typedQmpClient<QmpCommands, QmpEvents>(client);
    const viaTyped = await pauseTheJobTyped(typed).catch((e: unknown) => e);
    expect(viaTyped).toBeInstanceOf(QmpReplyError);
    expect((viaTyped as Error).stack).toMatch(/at (async )?pauseTheJobTyped .*client\/honest\.test\.ts/);
  });
});

async function answerWithError(connection: PeerConnection): Promise<void> {
  const request = await connection.nextRequest();
  connection.send(`{"error": {"class": "GenericError", "desc": "Job 'j' not found"}, "id": ${JSON.stringify(request.id)}}\r\n`);
}

async function pauseTheJobUntyped(client: QmpClient): Promise<void> {
  await client.execute('job-pause', { id: 'j' });
}

async function pauseTheJobTyped(client: TypedQmpClient<QmpCommands, QmpEvents>): Promise<void> {
  await client.execute('job-pause', { id: 'j' });
}
