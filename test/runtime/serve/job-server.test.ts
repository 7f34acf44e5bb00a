/** The typed client against `createJobServer()` over a Unix socket: demo jobs through every verb. */
import { afterEach, describe, expect, it } from 'vitest';
import { qmpSchemaInfo } from '../../../generated/index.js';
import { QmpReplyError } from '../../../runtime/qmp/client/errors.js';
import { openSession, within } from './support.js';
import type { Session } from './support.js';

let session: Session | undefined;

afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function open(): Promise<Session> {
  session = await openSession();
  return session;
}

describe('createJobServer', () => {
  it('runs a demo job to CONCLUDED, followed by the tracker, and dismisses it', async () => {
    const s = await open();
    await s.client.execute('x-demo-job-start', { id: 'j1', 'duration-ms': 50, 'auto-dismiss': false });
    s.log.push('reply');
    // QEMU's order: the events a command causes come before its reply.
    expect(s.log).toEqual(['j1:created', 'j1:running', 'reply']);
    const job = s.tracker.job('j1');
    await within(job.until('concluded'), 3000, 'j1 concluded');
    expect(await s.client.execute('query-jobs')).toEqual([
      { id: 'j1', type: 'create', status: 'concluded', 'current-progress': 100, 'total-progress': 100 },
    ]);
    await s.client.execute('job-dismiss', { id: 'j1' });
    expect(s.statuses('j1')).toEqual(['created', 'running', 'waiting', 'pending', 'concluded', 'null']);
    expect(job.outcome).toBe('completed');
    expect(await s.client.execute('query-jobs')).toEqual([]);
  });

  it('pauses, resumes and cancels a running job', async () => {
    const s = await open();
    await s.client.execute('x-demo-job-start', { id: 'j2', 'duration-ms': 10_000 });
    const job = s.tracker.job('j2');
    await s.client.execute('job-pause', { id: 'j2' });
    await within(job.until('paused'), 3000, 'j2 paused');
    await s.client.execute('job-resume', { id: 'j2' });
    // Through the tracker, which then knows the end is a cancel rather than a failure.
    await s.tracker.verb('j2', 'cancel');
    await within(job.until('null'), 3000, 'j2 gone');
    expect(s.statuses('j2')).toEqual(['created', 'running', 'paused', 'running', 'aborting', 'concluded', 'null']);
    expect(job.outcome).toBe('cancelled');
  });

  it('completes a READY job, with a standby on the way', async () => {
    const s = await open();
    await s.client.execute('x-demo-job-start', { id: 'j3', 'duration-ms': 20, ready: true });
    const job = s.tracker.job('j3');
    await within(job.until('ready'), 3000, 'j3 ready');
    await s.client.execute('job-pause', { id: 'j3' });
    await within(job.until('standby'), 3000, 'j3 standby');
    await s.client.execute('job-resume', { id: 'j3' });
    await s.client.execute('job-complete', { id: 'j3' });
    await within(job.until('null'), 3000, 'j3 gone');
    expect(s.statuses('j3')).toEqual(['created', 'running', 'ready', 'standby', 'ready', 'waiting', 'pending', 'concluded', 'null']);
    expect(job.outcome).toBe('completed');
  });

  it('waits in PENDING for job-finalize when auto-finalize is false', async () => {
    const s = await open();
    await s.client.execute('x-demo-job-start', { id: 'j4', 'duration-ms': 10, 'auto-finalize': false });
    const job = s.tracker.job('j4');
    await within(job.until('pending'), 3000, 'j4 pending');
    expect((await s.client.execute('query-jobs'))[0]?.status).toBe('pending');
    await s.client.execute('job-finalize', { id: 'j4' });
    await within(job.until('null'), 3000, 'j4 gone');
    expect(s.statuses('j4')).toEqual(['created', 'running', 'waiting', 'pending', 'concluded', 'null']);
  });

  it('fails a job with the requested error', async () => {
    const s = await open();
    await s.client.execute('x-demo-job-start', { id: 'j5', 'duration-ms': 10, error: 'disk on fire', 'auto-dismiss': false });
    const job = s.tracker.job('j5');
    await within(job.until('concluded'), 3000, 'j5 concluded');
    await within(
      waitUntil(() => job.outcome !== undefined),
      3000,
      'j5 result',
    );
    expect(job.outcome).toBe('failed');
    expect(job.error).toBe('disk on fire');
    expect(s.statuses('j5')).toEqual(['created', 'running', 'aborting', 'concluded']);
    await s.tracker.verb('j5', 'dismiss');
    expect(s.statuses('j5').at(-1)).toBe('null');
  });

  it('answers verb and argument errors as QEMU does', async () => {
    const s = await open();
    await s.client.execute('x-demo-job-start', { id: 'j6', 'duration-ms': 10_000 });
    const refused = await s.client.execute('job-complete', { id: 'j6' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QmpReplyError);
    expect(refused).toMatchObject({
      errorClass: 'GenericError',
      desc: "Job 'j6' in state 'running' cannot accept command verb 'complete'",
    });
    const duplicate = await s.raw.execute('x-demo-job-start', { id: 'j6' }).catch((error: unknown) => error);
    expect(duplicate).toMatchObject({ desc: "Job ID 'j6' already in use" });
    const missing = await s.raw.execute('job-pause', { id: 'nope' }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ errorClass: 'GenericError', desc: 'Job not found' });
    await s.client.execute('job-cancel', { id: 'j6' });
  });

  it('refuses a duration no timer can wait for as QEMU refuses a bad uint32, and starts no job', async () => {
    const s = await open();
    for (const duration of [4294967296, 1e12, -1]) {
      const refused = await s.raw.execute('x-demo-job-start', { id: 'long', 'duration-ms': duration }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ errorClass: 'GenericError', desc: "Parameter 'duration-ms' expects uint32_t" });
    }
    expect(await s.client.execute('query-jobs')).toEqual([]);
    await s.client.execute('x-demo-job-start', { id: 'longest', 'duration-ms': 4294967295 });
    expect(await s.client.execute('query-jobs')).toMatchObject([{ id: 'longest', status: 'running', 'current-progress': 0 }]);
    await s.client.execute('job-cancel', { id: 'longest' });
  });

  it('answers the control queries', async () => {
    const s = await open();
    expect(await s.client.execute('query-version')).toEqual({ qemu: { major: 7, minor: 2, micro: 0 }, package: '' });
    const names = (await s.client.execute('query-commands')).map((info) => info.name);
    expect(names).toContain('qmp_capabilities');
    expect(names).toContain('x-demo-job-start');
    expect(names).toContain('query-jobs');
    expect(await s.client.execute('query-qmp-schema')).toEqual(qmpSchemaInfo);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
