/**
 * The typed client end to end: the project's generated package, the job runtime's handlers
 * behind the typed dispatcher, the real QMP server and client over a Unix socket, and the
 * typed emitter feeding the server's events. Plus the client-side argument checks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QmpCommands, QmpEvents } from '../../../../generated/index.js';
import { qmpValidation } from '../../../../generated/index.js';
import {
  connectQmp,
  createEventEmitter,
  createQmpServer,
  createTypedDispatcher,
  QmpArgumentError,
  QmpReplyError,
  typedQmpClient,
} from '../../../../runtime/index.js';
import type { DecodeIssue, QmpServer, TypedQmpClient, TypedQmpEvent } from '../../../../runtime/index.js';
import { JobCommands, JobManager, VirtualScheduler } from '../../../../runtime/jobs/index.js';
import type { JobEventSink } from '../../../../runtime/jobs/index.js';
import { stepDriver } from '../../jobs/helpers.js';

let dir = '';
let server: QmpServer;
let manager: JobManager;
let client: TypedQmpClient<QmpCommands, QmpEvents>;
const issues: DecodeIssue[] = [];
const sent: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-typed-'));
  const emitter = createEventEmitter<QmpEvents>((message) => server.emit(message.event, message.data), { validation: qmpValidation });
  // The job runtime emits more events than the project schema has; only the schema's go out.
  const emit: JobEventSink = (event, data) => {
    if (event === 'JOB_STATUS_CHANGE') emitter.emit(event, data as QmpEvents['JOB_STATUS_CHANGE']);
  };
  manager = new JobManager({ scheduler: new VirtualScheduler(), emit });
  const dispatcher = createTypedDispatcher<QmpCommands>({ validation: qmpValidation, handlers: new JobCommands(manager) });
  server = createQmpServer({ dispatcher });
  await server.listen({ path: join(dir, 'qmp.sock') });
  const untyped = await connectQmp({ path: join(dir, 'qmp.sock') });
  const spy = {
    execute: <T>(name: string, args?: object, options?: object) => {
      sent.push(name);
      return untyped.execute<T>(name, args, options);
    },
    on: untyped.on.bind(untyped),
    events: untyped.events.bind(untyped),
    close: untyped.close.bind(untyped),
  };
  client = typedQmpClient<QmpCommands, QmpEvents>(spy, { validation: qmpValidation, onDecodeIssue: (issue) => issues.push(issue) });
  afterAll(() => untyped.close());
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('TypedQmpClient over the real server', () => {
  it('runs commands and gets their typed results', async () => {
    expect(await client.execute('query-jobs')).toEqual([]);
    const seen: TypedQmpEvent<QmpEvents, 'JOB_STATUS_CHANGE'>[] = [];
    const off = client.on('JOB_STATUS_CHANGE', (event) => seen.push(event));
    const iterator = client.events('JOB_STATUS_CHANGE');
    manager.start(manager.create({ id: 'job0', driver: stepDriver({ ready: true }) }));
    const jobs = await client.execute('query-jobs');
    expect(jobs.map((job) => [job.id, job.status])).toEqual([['job0', 'running']]);
    expect(await client.execute('job-pause', { id: 'job0' })).toEqual({});
    // The pause is immediate here, and its event comes before the reply, as QEMU sends it.
    expect(seen.map((event) => event.data.status)).toEqual(['created', 'running', 'paused']);
    expect(seen[0]?.timestamp.seconds).toBeGreaterThan(1_600_000_000);
    const first = await iterator.next();
    expect(first.value).toMatchObject({ event: 'JOB_STATUS_CHANGE', data: { id: 'job0', status: 'created' } });
    await iterator.return?.();
    off();
    expect(issues).toEqual([]);
  });

  it("passes the server's error replies on", async () => {
    await expect(client.execute('job-resume', { id: 'nosuchjob' })).rejects.toThrow(QmpReplyError);
    await expect(client.execute('job-resume', { id: 'nosuchjob' })).rejects.toMatchObject({
      errorClass: 'GenericError',
      desc: 'Job not found',
    });
  });

  it("refuses invalid arguments with QEMU's text before sending anything", async () => {
    const before = sent.length;
    const call = client.execute('job-pause', { id: 1 } as never);
    await expect(call).rejects.toThrow(QmpArgumentError);
    await expect(client.execute('job-pause', {} as never)).rejects.toMatchObject({ desc: "Parameter 'id' is missing" });
    await expect(client.execute('job-pause', { id: 'j', force: true } as never)).rejects.toMatchObject({
      desc: "Parameter 'force' is unexpected",
    });
    await expect(client.execute('query-jobs', { all: true } as never)).rejects.toMatchObject({ desc: "Parameter 'all' is unexpected" });
    expect(sent.length).toBe(before);
  });
});
