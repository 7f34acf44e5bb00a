/**
 * Per-command default timeouts (the table, the user's overrides, the call's own) and
 * `executeAndWait`: a command and its completion event, subscribed before sending.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { QmpCommands, QmpEvents } from '../../../../generated/index.js';
import { qmpValidation } from '../../../../generated/index.js';
import { connectQmp } from '../../../../runtime/qmp/client/client.js';
import type { QmpClient, QmpClientOptions } from '../../../../runtime/qmp/client/client.js';
import { QmpConnectionError, QmpReplyError, QmpTimeoutError } from '../../../../runtime/qmp/client/errors.js';
import { CommandTimeouts, DEFAULT_COMMAND_TIMEOUT } from '../../../../runtime/qmp/client/timeouts.js';
import { createQmpServer } from '../../../../runtime/qmp/server/server.js';
import type { QmpServer } from '../../../../runtime/qmp/server/server.js';
import { typedQmpClient } from '../../../../runtime/qmp/typed/client.js';
import { createJobServer } from '../../../../runtime/serve/job-server.js';
import { gate, StubDispatcher, tempSocketPath } from '../wire-support.js';
import type { StubHandler } from '../wire-support.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stub(
  commands: Record<string, StubHandler>,
  options: QmpClientOptions = {},
): Promise<{ client: QmpClient; server: QmpServer }> {
  const socket = tempSocketPath();
  cleanups.push(socket.cleanup);
  const server = createQmpServer({ dispatcher: new StubDispatcher(commands) });
  await server.listen({ path: socket.path });
  cleanups.push(() => server.close());
  const client = await connectQmp({ path: socket.path }, options);
  cleanups.push(() => client.destroy());
  return { client, server };
}

describe('per-command timeouts', () => {
  it('block jobs, migration and image creation get minutes, the rest the default; the user overrides both', () => {
    const defaults = new CommandTimeouts({});
    expect(DEFAULT_COMMAND_TIMEOUT).toBe(10_000);
    for (const command of [
      'blockdev-create',
      'blockdev-backup',
      'drive-mirror',
      'block-commit',
      'job-complete',
      'migrate',
      'transaction',
    ]) {
      expect([command, defaults.of(command)]).toEqual([command, 300_000]);
    }
    expect(defaults.of('query-jobs')).toBe(10_000);
    expect(defaults.of('device_del')).toBe(10_000);
    const mine = new CommandTimeouts({ defaultTimeout: 2000, timeouts: { 'blockdev-create': 3_600_000, 'query-jobs': Infinity } });
    expect([mine.of('blockdev-create'), mine.of('query-jobs'), mine.of('device_del'), mine.of('migrate')]).toEqual([
      3_600_000,
      Infinity,
      2000,
      300_000,
    ]);
  });

  it('a typo must not mean "never": zero, negative and NaN timeouts are refused', async () => {
    expect(() => new CommandTimeouts({ defaultTimeout: 0 })).toThrow(
      'QMP client: defaultTimeout must be a positive number of milliseconds or Infinity, not 0',
    );
    expect(() => new CommandTimeouts({ timeouts: { migrate: Number.NaN } })).toThrow(
      "QMP client: timeouts['migrate'] must be a positive number",
    );
    const { client } = await stub({ ping: () => 'pong' });
    await expect(client.execute('ping', undefined, { timeout: -5 })).rejects.toThrow(
      'QMP client: timeout must be a positive number of milliseconds or Infinity, not -5',
    );
    expect(await client.execute('ping')).toBe('pong');
  });

  it('the table, then the per-command override, then the call decide', async () => {
    const never = gate();
    const hang: StubHandler = async () => never.promise;
    const { client } = await stub(
      { hang, 'also-hang': hang, late: async () => new Promise((resolve) => setTimeout(() => resolve('late'), 120)) },
      { defaultTimeout: 60, timeouts: { 'also-hang': 30 } },
    );
    const byDefault = await client.execute('hang').catch((e: unknown) => e);
    expect(byDefault).toBeInstanceOf(QmpTimeoutError);
    expect((byDefault as Error).message).toBe("QMP command 'hang' got no reply within 60 ms");
    expect(await client.execute('also-hang').catch((e: unknown) => (e as Error).message)).toBe(
      "QMP command 'also-hang' got no reply within 30 ms",
    );
    expect(await client.execute('hang', undefined, { timeout: 20 }).catch((e: unknown) => (e as Error).message)).toBe(
      "QMP command 'hang' got no reply within 20 ms",
    );
    // The server answers in-band commands in order: the hung ones must end first.
    never.open();
    expect(await client.execute('late', undefined, { timeout: Infinity })).toBe('late');
  });

  it('calls with different deadlines each time out on their own', async () => {
    const never = gate();
    const { client } = await stub({ hang: async () => never.promise });
    const order: string[] = [];
    const calls = [80, 20, 50].map((ms) => client.execute('hang', undefined, { timeout: ms }).catch(() => order.push(`${ms}`)));
    await Promise.all(calls);
    expect(order).toEqual(['20', '50', '80']);
    never.open();
  });
});

describe('executeAndWait', () => {
  it('catches a completion event that overtakes the reply, and only the one that matches', async () => {
    let server: QmpServer | undefined;
    const { client, server: s } = await stub({
      device_del: (args) => {
        server?.emit('DEVICE_DELETED', { device: 'other', path: '/machine/peripheral/other' });
        server?.emit('DEVICE_DELETED', { device: args['id'], path: `/machine/peripheral/${String(args['id'])}` });
        return {};
      },
    });
    server = s;
    const { result, event } = await client.executeAndWait(
      'device_del',
      { id: 'nic0' },
      {
        event: 'DEVICE_DELETED',
        match: (e) => e.data?.['device'] === 'nic0',
        timeout: 5000,
      },
    );
    expect(result).toEqual({});
    expect(event.data).toEqual({ device: 'nic0', path: '/machine/peripheral/nic0' });
  });

  it('times out when no matching event comes, naming the command and the event', async () => {
    const { client } = await stub({ device_del: () => ({}) });
    const error = await client
      .executeAndWait('device_del', { id: 'nic0' }, { event: 'DEVICE_DELETED', timeout: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpTimeoutError);
    expect(error).toMatchObject({
      command: 'device_del',
      event: 'DEVICE_DELETED',
      message: "QMP command 'device_del': no matching DEVICE_DELETED event within 50 ms",
    });
  });

  it("fails with the command's error without waiting", async () => {
    const { client } = await stub({});
    const error = await client
      .executeAndWait('device_del', { id: 'nic0' }, { event: 'DEVICE_DELETED', timeout: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpReplyError);
    expect(error).toMatchObject({ errorClass: 'CommandNotFound' });
  });

  it('fails when the connection drops while it waits', async () => {
    const { client, server } = await stub({ device_del: () => ({}) });
    const waiting = client
      .executeAndWait('device_del', { id: 'nic0' }, { event: 'DEVICE_DELETED', timeout: 60_000 })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.close();
    const error = await waiting;
    expect(error).toBeInstanceOf(QmpConnectionError);
    expect((error as Error).message).toMatch(/^QMP connection lost while 'device_del' waited for DEVICE_DELETED: /);
  });

  it('typed: a job command, then the terminal JOB_STATUS_CHANGE of that job', async () => {
    const socket = tempSocketPath();
    cleanups.push(socket.cleanup);
    const server = createJobServer();
    await server.listen({ path: socket.path });
    cleanups.push(() => server.close());
    const raw = await connectQmp({ path: socket.path });
    const qmp = typedQmpClient<QmpCommands, QmpEvents>(raw, { validation: qmpValidation });
    cleanups.push(() => qmp.close());
    await qmp.execute('x-demo-job-start', { id: 'other', 'duration-ms': 0 });
    const { result, event } = await qmp.executeAndWait(
      'x-demo-job-start',
      { id: 'job0', 'duration-ms': 50, 'auto-dismiss': false },
      {
        event: 'JOB_STATUS_CHANGE',
        match: (e) => e.data.id === 'job0' && e.data.status === 'concluded',
        timeout: 5000,
      },
    );
    expect(result).toEqual({});
    expect(event).toMatchObject({ event: 'JOB_STATUS_CHANGE', data: { id: 'job0', status: 'concluded' } });
    // Arguments are checked before anything is sent or subscribed.
    await expect(
      qmp.executeAndWait('job-dismiss', { id: 5 } as unknown as { id: string }, { event: 'JOB_STATUS_CHANGE', timeout: 1000 }),
    ).rejects.toMatchObject({ name: 'QmpArgumentError', desc: "Invalid parameter type for 'id', expected: string" });
    await qmp.close();
    expect(raw.isClosed).toBe(true);
  });
});
