/**
 * Compile-time tests of the typed client, server stubs and emitter over the project's own
 * generated package: each `@ts-expect-error` must meet an error (an unused one fails `tsc`),
 * and the lines without one must compile. Checked by `npm run typecheck` and by
 * typed-types.test.ts; nothing here runs.
 */
import { expectTypeOf } from 'vitest';
import type { JobInfo, JobStatusChangeData, QmpCommands, QmpEvents } from '../../../../generated/index.js';
import { qmpValidation } from '../../../../generated/index.js';
import type { QmpHandlersFor, QmpPackage, TypedQmpClient, UntypedQmpClient, ValidationTables } from '../../../../runtime/index.js';
import { createEventEmitter, createTypedDispatcher, qmpPackage, typedQmpClient } from '../../../../runtime/index.js';
import { JobCommands, JobManager, VirtualScheduler } from '../../../../runtime/jobs/index.js';

declare const client: TypedQmpClient<QmpCommands, QmpEvents>;

export async function calls(): Promise<void> {
  await client.execute('job-pause', { id: 'job0' });
  // @ts-expect-error `id` is required
  await client.execute('job-pause', {});
  // @ts-expect-error `id` is a string
  await client.execute('job-pause', { id: 1 });
  // @ts-expect-error job-pause takes arguments
  await client.execute('job-pause');
  // @ts-expect-error an unknown member
  await client.execute('job-pause', { id: 'job0', force: true });
  // @ts-expect-error not a command of the schema
  await client.execute('job-explode', { id: 'job0' });

  expectTypeOf(client.execute('query-jobs')).resolves.toEqualTypeOf<JobInfo[]>();
  expectTypeOf(client.execute('job-pause', { id: 'j' })).resolves.toEqualTypeOf<Record<string, never>>();
  await client.execute('query-jobs', undefined, { timeout: 1000 });
  // @ts-expect-error query-jobs takes no arguments
  await client.execute('query-jobs', {});
  // @ts-expect-error query-jobs does not allow out-of-band execution
  await client.execute('query-jobs', undefined, { oob: true });
}

export function events(): void {
  client.on('JOB_STATUS_CHANGE', (event) => {
    expectTypeOf(event.data).toEqualTypeOf<JobStatusChangeData>();
    expectTypeOf(event.event).toEqualTypeOf<'JOB_STATUS_CHANGE'>();
  });
  // @ts-expect-error not an event of the schema
  client.on('JOB_EXPLODED', () => undefined);
}

export async function iterate(): Promise<void> {
  for await (const event of client.events('JOB_STATUS_CHANGE')) expectTypeOf(event.data.status).toEqualTypeOf<JobInfo['status']>();
}

// The client's lifecycle: the tracker takes the typed client as it is, completions are typed, close().
import { JobTracker as Tracker } from '../../../../runtime/jobs/index.js';
import type { QmpConnectionEvent } from '../../../../runtime/index.js';

export async function lifecycle(): Promise<void> {
  const tracker = new Tracker(client, { onReconcile: (report) => expectTypeOf(report.lost).toEqualTypeOf<readonly string[]>() });
  tracker.close();
  const done = await client.executeAndWait(
    'job-dismiss',
    { id: 'job0' },
    {
      event: 'JOB_STATUS_CHANGE',
      match: (event) => event.data.id === 'job0' && event.data.status === 'null',
      timeout: 5000,
    },
  );
  expectTypeOf(done.result).toEqualTypeOf<Record<string, never>>();
  expectTypeOf(done.event.data).toEqualTypeOf<JobStatusChangeData>();
  // @ts-expect-error `id` is a string
  await client.executeAndWait('job-dismiss', { id: 1 }, { event: 'JOB_STATUS_CHANGE', timeout: 5000 });
  // @ts-expect-error not an event of the schema
  await client.executeAndWait('job-dismiss', { id: 'job0' }, { event: 'JOB_EXPLODED', timeout: 5000 });
  // @ts-expect-error the timeout is required
  await client.executeAndWait('job-dismiss', { id: 'job0' }, { event: 'JOB_STATUS_CHANGE' });
  await client.whenConnected();
  client.onConnection(
    (change: QmpConnectionEvent) => change.type === 'reconnected' && expectTypeOf(change.downtime).toEqualTypeOf<number>(),
  );
  await client.close();
}

/** The commands of qapi/job.json (the schema also has control and demo commands, served elsewhere). */
type JobCommandName = 'job-pause' | 'job-resume' | 'job-cancel' | 'job-complete' | 'job-dismiss' | 'job-finalize' | 'query-jobs';
type JobHandlers = Pick<QmpHandlersFor<QmpCommands>, JobCommandName>;

const manager = new JobManager({ scheduler: new VirtualScheduler(), emit: () => undefined });

/** The job runtime implements the generated handler interface of the job commands. */
export const jobHandlers: JobHandlers = new JobCommands(manager);

export const dispatcher = createTypedDispatcher<QmpCommands>({ validation: qmpValidation, handlers: jobHandlers });

const asyncHandlers: JobHandlers = {
  ...jobHandlers,
  'job-pause': async () => Promise.resolve({}),
  'job-resume': () => undefined,
  'query-jobs': async () => Promise.resolve([]),
};

export const wrongReturns: JobHandlers[] = [
  // @ts-expect-error query-jobs returns JobInfo[], not a string
  { ...asyncHandlers, 'query-jobs': () => 'no jobs' },
  // @ts-expect-error the elements must be JobInfo
  { ...asyncHandlers, 'query-jobs': () => [{ id: 'j' }] },
  // @ts-expect-error job-pause answers {}
  { ...asyncHandlers, 'job-pause': () => 42 },
  // @ts-expect-error a promise of the wrong type is wrong too
  { ...asyncHandlers, 'query-jobs': async () => Promise.resolve(7) },
  // @ts-expect-error the arguments of job-pause are { id: string }
  { ...asyncHandlers, 'job-pause': (args: { id: number }) => ({ echoed: args.id }) },
];

// @ts-expect-error every command needs a handler
export const incomplete: QmpHandlersFor<QmpCommands> = { 'query-jobs': () => [] };

export function emit(): void {
  const emitter = createEventEmitter<QmpEvents>(() => undefined);
  emitter.emit('JOB_STATUS_CHANGE', { id: 'job0', status: 'running' });
  // @ts-expect-error not a JobStatus
  emitter.emit('JOB_STATUS_CHANGE', { id: 'job0', status: 'sleeping' });
  // @ts-expect-error the data is required
  emitter.emit('JOB_STATUS_CHANGE');
}

/** Without type arguments: the maps come from the type of the generated `qmpValidation`. */
export function inferredFromTheTables(untyped: UntypedQmpClient): void {
  expectTypeOf(qmpValidation).toEqualTypeOf<ValidationTables<QmpCommands, QmpEvents>>();

  const inferred = typedQmpClient(untyped, { validation: qmpValidation });
  expectTypeOf(inferred).toEqualTypeOf<TypedQmpClient<QmpCommands, QmpEvents>>();
  // @ts-expect-error `id` is a string
  void inferred.execute('job-pause', { id: 1 });

  createTypedDispatcher({ validation: qmpValidation, handlers: jobHandlers });
  createTypedDispatcher({ validation: qmpValidation, handlers: { 'query-jobs': () => [] } });
  // @ts-expect-error query-jobs returns JobInfo[], not a string
  createTypedDispatcher({ validation: qmpValidation, handlers: { 'query-jobs': () => 'no jobs' } });
  // @ts-expect-error the arguments of job-pause are { id: string }
  createTypedDispatcher({ validation: qmpValidation, handlers: { 'job-pause': (args: { id: number }) => ({ echoed: args.id }) } });
  // @ts-expect-error not a command of the schema
  createTypedDispatcher({ validation: qmpValidation, handlers: { 'job-explode': () => ({}) } });

  expectTypeOf(qmpPackage({ validation: qmpValidation })).toEqualTypeOf<QmpPackage<QmpCommands, QmpEvents>>();

  const emitter = createEventEmitter((message) => expectTypeOf(message.event).toEqualTypeOf<'JOB_STATUS_CHANGE'>(), {
    validation: qmpValidation,
  });
  emitter.emit('JOB_STATUS_CHANGE', { id: 'job0', status: 'running' });
  // @ts-expect-error not a JobStatus
  emitter.emit('JOB_STATUS_CHANGE', { id: 'job0', status: 'sleeping' });
  // @ts-expect-error not an event of the schema
  emitter.emit('JOB_EXPLODED');
}

/** The maps named explicitly must be the tables' own. */
interface OtherCommands {
  'feed-pet': { args: { name: string }; returns: Record<string, never> };
}
declare const otherTables: ValidationTables<OtherCommands, QmpEvents>;

export function mismatchedMaps(untyped: UntypedQmpClient): void {
  // @ts-expect-error tables of another schema
  typedQmpClient<QmpCommands, QmpEvents>(untyped, { validation: otherTables });
  // @ts-expect-error tables of another schema
  createTypedDispatcher<QmpCommands>({ validation: otherTables, handlers: {} });
}

/** Tables made at run time (the generator API) carry no maps: name them, as before. */
declare const runtimeTables: ValidationTables;

export function runtimeTablesTakeExplicitMaps(untyped: UntypedQmpClient): void {
  const client = typedQmpClient<QmpCommands, QmpEvents>(untyped, { validation: runtimeTables });
  // @ts-expect-error `id` is a string
  void client.execute('job-pause', { id: 1 });
  // @ts-expect-error query-jobs returns JobInfo[], not a string
  createTypedDispatcher<QmpCommands>({ validation: runtimeTables, handlers: { 'query-jobs': () => 'no jobs' } });
}
