/**
 * The typed client's drift check and probes with a test double for the server: what is
 * reported (and through what), on demand, on connect, again after a reconnect, never fatal;
 * the server's schema asked once per connection.
 */
import { describe, expect, it } from 'vitest';
import { qmpSchemaInfo } from '../../../generated/index.js';
import { createJobServer } from '../../../runtime/serve/job-server.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import { tempSocketPath } from '../qmp/wire-support.js';
import type { QmpConnectionListener } from '../../../runtime/qmp/client/reconnect.js';
import { QmpError } from '../../../runtime/qmp/dispatch/errors.js';
import { typedQmpClient } from '../../../runtime/qmp/typed/client.js';
import type { UntypedQmpClient } from '../../../runtime/qmp/typed/client.js';
import type { DecodeIssue } from '../../../runtime/qmp/typed/decode.js';
import { introspectText } from '../../generator/backends/introspect/load.js';

const PACKAGE = `
  { 'enum': 'Mode', 'data': [ 'fast', 'safe' ] }
  { 'command': 'backup', 'data': { 'device': 'str', '*mode': 'Mode', '*compress': 'bool' } }
  { 'command': 'legacy' }
  { 'command': 'status', 'returns': 'Status' }
  { 'struct': 'Status', 'data': { 'running': 'bool' } }
  { 'event': 'DONE', 'data': { 'device': 'str' } }`;

// A newer server: legacy gone, backup deprecated without 'compress', 'safe' gone, a new command.
const SERVER = `
  { 'enum': 'Mode', 'data': [ 'fast', 'paranoid' ] }
  { 'command': 'backup', 'data': { 'device': 'str', '*mode': 'Mode', '*bandwidth': 'int' }, 'features': [ 'deprecated' ] }
  { 'command': 'status', 'returns': 'Status' }
  { 'command': 'brand-new' }
  { 'struct': 'Status', 'data': { 'running': 'bool' } }
  { 'event': 'DONE', 'data': { 'device': 'str' } }`;

/** A server double answering query-qmp-schema with `schemas[n]` on the n-th connection. */
function fakeServer(schemas: readonly (string | undefined)[]) {
  let connection = 0;
  const asked: number[] = [];
  const listeners = new Set<QmpConnectionListener>();
  const client: UntypedQmpClient = {
    execute: <T>(command: string): Promise<T> => {
      if (command !== 'query-qmp-schema') return Promise.reject(new Error(`unexpected ${command}`));
      asked.push(connection);
      const schema = schemas[connection];
      if (schema === undefined) return Promise.reject(new QmpError('CommandNotFound', 'The command query-qmp-schema has not been found'));
      return Promise.resolve(introspectText(schema) as T);
    },
    on: () => () => undefined,
    events: () => {
      throw new Error('not used');
    },
    close: () => Promise.resolve(),
    onConnection: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const reconnect = (): void => {
    connection += 1;
    for (const listener of listeners) listener({ type: 'reconnected', attempt: 1, downtime: 10 });
  };
  return { client, asked, reconnect };
}

function summary(issues: readonly DecodeIssue[]): string[] {
  return issues.map((i) => `${i.kind} ${i.source} ${i.name} [${i.path}] ${i.expected}`);
}

const EXPECTED = [
  "schema-drift schema backup [] gains feature 'deprecated'",
  "schema-drift schema backup [arguments.mode] argument 'mode': enum value 'safe' removed",
  "schema-drift schema backup [arguments.compress] argument 'compress' removed",
  'schema-drift schema legacy [] removed',
];

describe('checkDrift()', () => {
  it('reports what the package expects and the server lacks or deprecates, through onDecodeIssue, and returns it', async () => {
    const server = fakeServer([SERVER]);
    const reported: DecodeIssue[] = [];
    const qmp = typedQmpClient(server.client, { schemaInfo: introspectText(PACKAGE), onDecodeIssue: (i) => reported.push(i) });
    const issues = await qmp.checkDrift();
    expect(summary(issues)).toEqual(EXPECTED);
    expect(reported).toEqual(issues);
    expect(issues[1]).toMatchObject({
      value: 'safe',
      drift: { entity: 'command', part: 'arguments', path: 'mode', kind: 'enum-value-removed', breaking: true },
    });
  });

  it('the same schema on both sides: nothing', async () => {
    const qmp = typedQmpClient(fakeServer([PACKAGE]).client, { schemaInfo: introspectText(PACKAGE) });
    expect(await qmp.checkDrift()).toEqual([]);
  });

  it('a generated package (its qmpSchemaInfo as is) against a live qapi-ts serve of the same schema: nothing', async () => {
    const socket = tempSocketPath();
    const server = createJobServer();
    try {
      await server.listen({ path: socket.path });
      const qmp = typedQmpClient(await connectQmp({ path: socket.path }), { schemaInfo: qmpSchemaInfo });
      expect(await qmp.checkDrift()).toEqual([]);
      expect(await qmp.supports('job-pause/arg-type/id/!string')).toBe(true);
      await qmp.close();
    } finally {
      await server.close();
      socket.cleanup();
    }
  });

  it('on connect with checkDrift: true, and again after a reconnect (the server may be another QEMU)', async () => {
    const server = fakeServer([SERVER, PACKAGE, SERVER]);
    const reported: DecodeIssue[] = [];
    typedQmpClient(server.client, { schemaInfo: introspectText(PACKAGE), checkDrift: true, onDecodeIssue: (i) => reported.push(i) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(summary(reported)).toEqual(EXPECTED);
    server.reconnect();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(summary(reported)).toEqual(EXPECTED);
    server.reconnect();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(summary(reported)).toEqual([...EXPECTED, ...EXPECTED]);
    expect(server.asked).toEqual([0, 1, 2]);
  });

  it('is never fatal on connect: a server without query-qmp-schema, a reporter that throws', async () => {
    const quiet = typedQmpClient(fakeServer([undefined]).client, { schemaInfo: introspectText(PACKAGE), checkDrift: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // On demand, the caller hears why.
    await expect(quiet.checkDrift()).rejects.toThrow('The command query-qmp-schema has not been found');
    const throwing = typedQmpClient(fakeServer([SERVER]).client, {
      schemaInfo: introspectText(PACKAGE),
      onDecodeIssue: () => {
        throw new Error('reporter bug');
      },
    });
    expect(await throwing.checkDrift()).toHaveLength(EXPECTED.length);
  });

  it("needs the package's schemaInfo", async () => {
    const { client } = fakeServer([SERVER]);
    await expect(typedQmpClient(client).checkDrift()).rejects.toThrow('checkDrift() needs the schemaInfo option');
    expect(() => typedQmpClient(client, { checkDrift: true })).toThrow('checkDrift needs the schemaInfo option');
  });
});

describe('supports()', () => {
  it("probes the server's schema, asked once per connection", async () => {
    const server = fakeServer([PACKAGE, SERVER]);
    const qmp = typedQmpClient(server.client);
    expect(await qmp.supports('legacy')).toBe(true);
    expect(await qmp.supports('backup/arg-type/mode/^safe')).toBe(true);
    expect(await qmp.supports('backup/$deprecated')).toBe(false);
    expect(server.asked).toEqual([0]);
    server.reconnect();
    expect(await qmp.supports('legacy')).toBe(false);
    expect(await qmp.supports('backup/arg-type/mode/^paranoid')).toBe(true);
    expect(await qmp.supports('backup/$deprecated')).toBe(true);
    expect(server.asked).toEqual([0, 1]);
    await expect(qmp.supports('backup//mode')).rejects.toThrow("invalid schema probe 'backup//mode': empty step");
  });

  it('a failed fetch is asked again next time', async () => {
    const server = fakeServer([undefined]);
    const qmp = typedQmpClient(server.client);
    await expect(qmp.supports('legacy')).rejects.toThrow('has not been found');
    await expect(qmp.supports('legacy')).rejects.toThrow('has not been found');
    expect(server.asked).toEqual([0, 0]);
  });
});
