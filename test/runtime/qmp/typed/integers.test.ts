/**
 * 64-bit integers through the typed layers, over a real socket (so values come from the QMP
 * JSON reader, which gives integers beyond 2^53 as bigints): with tables generated for
 * `number`, the typed client hands out numbers and reports the ones that lost precision; for
 * `bigint`, every `int`/`int64`/`uint64`/`size` value is a bigint, the narrower ones stay
 * numbers, and bigint arguments go out exactly. The typed server hands its handlers the same.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectQmp, type QmpClient } from '../../../../runtime/qmp/client/client.js';
import { createQmpServer, type QmpServer } from '../../../../runtime/qmp/server/server.js';
import { typedQmpClient } from '../../../../runtime/qmp/typed/client.js';
import type { DecodeIssue } from '../../../../runtime/qmp/typed/decode.js';
import { Dispatcher } from '../../../../runtime/qmp/dispatch/dispatcher.js';
import { createTypedDispatcher } from '../../../../runtime/qmp/typed/server.js';
import type { Int64Representation, ValidationTables } from '../../../../contracts/validation-tables.js';
import { buildValidationTables } from '../../../../generator/backends/validation/index.js';
import { dialectFor } from '../../../../generator/dialect/select.js';
import { loadSchema } from '../../../../generator/frontend.js';
import { tablesOf } from '../support.js';
import { StubDispatcher, tempSocketPath } from '../wire-support.js';

const schema = tablesOf(`
{ 'alternate': 'Limit', 'data': { 'bytes': 'uint64', 'none': 'null' } }
{ 'struct': 'Extent', 'data': { 'offset': 'size', 'delta': 'int', 'depth': 'uint32', 'ratio': 'number', '*note': 'any', '*limit': 'Limit' } }
{ 'command': 'query-extents', 'returns': [ 'Extent' ] }
{ 'command': 'seek', 'data': { 'offset': 'size', '*whence': 'int8' }, 'returns': 'Extent' }
{ 'event': 'MOVED', 'data': { 'offset': 'uint64' } }
`);

const BIG = 2n ** 60n + 1n; // not a double: Number(BIG) is 2^60
const MAX_U64 = 2n ** 64n - 1n;

/** What the server sends (the serializer writes bigints' exact digits, the client's reader reads them back). */
const EXTENTS = [
  { offset: BIG, delta: -5, depth: 7, ratio: BIG, note: { n: MAX_U64, m: [1] }, limit: MAX_U64 },
  { offset: 4096, delta: 2, depth: 0, ratio: 0.5, limit: null },
];

interface Commands {
  'query-extents': { args: undefined; returns: Record<string, unknown>[] };
  seek: { args: { offset: number | bigint; whence?: number }; returns: Record<string, unknown> };
}
interface Events {
  MOVED: { offset: number | bigint };
}

function tables(int64: Int64Representation): ValidationTables {
  return { int64, ...schema };
}

let server: QmpServer | undefined;
let raw: QmpClient | undefined;
let cleanup = (): void => undefined;
afterEach(async () => {
  await raw?.close();
  await server?.close();
  cleanup();
  vi.restoreAllMocks();
});

async function connect(
  dispatcher: ConstructorParameters<typeof StubDispatcher>[0] | ReturnType<typeof createTypedDispatcher>,
): Promise<QmpClient> {
  const socket = tempSocketPath();
  cleanup = socket.cleanup;
  server = createQmpServer({ dispatcher: dispatcher instanceof Dispatcher ? dispatcher : new StubDispatcher(dispatcher) });
  await server.listen({ path: socket.path });
  raw = await connectQmp({ path: socket.path });
  return raw;
}

function replyingServer(): Promise<QmpClient> {
  return connect({ 'query-extents': () => EXTENTS });
}

describe('int64 as number', () => {
  it('hands out numbers and reports each integer that lost precision', async () => {
    const issues: DecodeIssue[] = [];
    const client = typedQmpClient<Commands, Events>(await replyingServer(), {
      validation: tables('number'),
      onDecodeIssue: (i) => issues.push(i),
    });
    const [first, second] = await client.execute('query-extents');
    expect(first).toMatchObject({ offset: 2 ** 60, delta: -5, depth: 7, ratio: 2 ** 60, note: { n: 2 ** 64, m: [1] }, limit: 2 ** 64 });
    expect(typeof first?.['offset']).toBe('number');
    expect(second).toMatchObject({ offset: 4096, ratio: 0.5 });
    // `ratio` is a QAPI number (a double in QEMU too): converted without a report.
    expect(issues.map((i) => [i.kind, i.path, i.value])).toEqual([
      ['inexact-integer', 'return[0].offset', BIG],
      ['inexact-integer', 'return[0].note.n', MAX_U64],
      ['inexact-integer', 'return[0].limit', MAX_U64],
    ]);
  });

  it('warns when no reporter is given: precision is never lost silently', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const client = typedQmpClient<Commands, Events>(await replyingServer(), { validation: tables('number') });
    await client.execute('query-extents');
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[0]?.[0])).toBe(
      `return of query-extents: return[0].offset = ${BIG} is not an integer a JavaScript number holds exactly (this value becomes ${2 ** 60})`,
    );
  });

  it('a reporter that throws stops neither the call nor the conversion', async () => {
    const client = typedQmpClient<Commands, Events>(await replyingServer(), {
      validation: tables('number'),
      onDecodeIssue: () => {
        throw new Error('reporter bug');
      },
    });
    const [first] = await client.execute('query-extents');
    expect(first).toMatchObject({ offset: 2 ** 60, limit: 2 ** 64 });
  });

  it('the typed server refuses an argument a number cannot hold, and passes the others', async () => {
    const seen: unknown[] = [];
    const client = await connect(
      createTypedDispatcher({
        validation: tables('number'),
        handlers: {
          seek: (args: { offset: number }) => (seen.push(args.offset), { offset: args.offset, delta: 0, depth: 0, ratio: 1 }),
        } as never,
      }),
    );
    await expect(client.execute('seek', { offset: BIG })).rejects.toThrow(
      `Parameter 'offset' is ${BIG}, beyond what this server holds exactly (its types use number)`,
    );
    expect(await client.execute('seek', { offset: 2 ** 40 })).toMatchObject({ offset: 2 ** 40 });
    expect(seen).toEqual([2 ** 40]);
  });
});

describe('int64 as bigint', () => {
  it('hands out bigints for the 64-bit types and numbers for the others, copying what it changes', async () => {
    const issues: DecodeIssue[] = [];
    const rawClient = await replyingServer();
    const client = typedQmpClient<Commands, Events>(rawClient, { validation: tables('bigint'), onDecodeIssue: (i) => issues.push(i) });
    const [first, second] = await client.execute('query-extents');
    expect(first).toMatchObject({ offset: BIG, delta: -5n, depth: 7, ratio: 2 ** 60, note: { n: MAX_U64, m: [1] }, limit: MAX_U64 });
    expect(second).toMatchObject({ offset: 4096n, delta: 2n, depth: 0, ratio: 0.5, limit: null });
    expect(issues).toEqual([]);
    // the untyped client underneath still gives the reader's values
    expect(await rawClient.execute<Record<string, unknown>[]>('query-extents')).toMatchObject([
      { offset: BIG, delta: -5 },
      { offset: 4096 },
    ]);
  });

  it('sends bigint arguments exactly, and the typed server hands its handler bigints', async () => {
    const seen: unknown[] = [];
    const client = await connect(
      createTypedDispatcher({
        validation: tables('bigint'),
        handlers: {
          seek: (args: { offset: bigint; whence?: number }) => (
            seen.push(args), { offset: args.offset + 1n, delta: -1n, depth: 3, ratio: 1 }
          ),
        } as never,
      }),
    );
    const typed = typedQmpClient<Commands, Events>(client, { validation: tables('bigint') });
    expect(await typed.execute('seek', { offset: BIG, whence: 2 })).toMatchObject({ offset: BIG + 1n, delta: -1n, depth: 3 });
    expect(await typed.execute('seek', { offset: 12n })).toMatchObject({ offset: 13n });
    expect(seen).toEqual([{ offset: BIG, whence: 2 }, { offset: 12n }]);
  });

  it('executeAndWait decodes its result and its event the same way', async () => {
    const client = await connect({
      seek: () => {
        server?.emit('MOVED', { offset: 5 });
        return { offset: 7, delta: 0, depth: 0, ratio: 1 };
      },
    });
    const typed = typedQmpClient<Commands, Events>(client, { validation: tables('bigint') });
    const done = await typed.executeAndWait('seek', { offset: 1n }, { event: 'MOVED', match: (e) => e.data.offset === 5n, timeout: 5000 });
    expect(done.result).toMatchObject({ offset: 7n, delta: 0n });
    expect(done.event.data).toEqual({ offset: 5n });
  });

  it('decodes event data too', async () => {
    const client = await connect({});
    const typed = typedQmpClient<Commands, Events>(client, { validation: tables('bigint') });
    const got = new Promise<unknown>((resolve) => typed.on('MOVED', (e) => resolve(e.data)));
    server?.emit('MOVED', { offset: 5 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await got).toEqual({ offset: 5n });
  });
});

describe('a union branch that is itself a union (QEMU 10.0)', () => {
  const text = `
{ 'enum': 'Outer', 'data': [ 'disk', 'net' ] }
{ 'enum': 'Inner', 'data': [ 'file', 'host' ] }
{ 'struct': 'FileDisk', 'data': { 'size': 'size' } }
{ 'union': 'Disk', 'base': { 'format': 'Inner' }, 'discriminator': 'format', 'data': { 'file': 'FileDisk' } }
{ 'union': 'Device', 'base': { 'kind': 'Outer' }, 'discriminator': 'kind', 'data': { 'disk': 'Disk' } }
{ 'command': 'query-device', 'returns': 'Device' }
`;
  const { schema: tenSchema } = loadSchema('ten.json', () => Buffer.from(text), dialectFor('10.0'));
  const nested: ValidationTables = { int64: 'bigint', ...buildValidationTables(tenSchema, {}) };

  it("decodes the inner branch's members, and knows them", async () => {
    const issues: DecodeIssue[] = [];
    const client = await connect({ 'query-device': () => ({ kind: 'disk', format: 'file', size: 512, extra: 1 }) });
    const typed = typedQmpClient<{ 'query-device': { args: undefined; returns: object } }, Events>(client, {
      validation: nested,
      onDecodeIssue: (i) => issues.push(i),
    });
    expect(await typed.execute('query-device')).toEqual({ kind: 'disk', format: 'file', size: 512n, extra: 1 });
    expect(issues.map((i) => [i.kind, i.path])).toEqual([['unknown-member', 'return.extra']]);
  });
});
