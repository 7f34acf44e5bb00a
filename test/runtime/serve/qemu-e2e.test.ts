/** Our client and job tracker against a real QEMU 7.2: query-version, blockdev-create, errors. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobTracker } from '../../../runtime/jobs/tracker.js';
import { connectQmp } from '../../../runtime/qmp/client.js';
import type { QmpClient } from '../../../runtime/qmp/client.js';
import { QmpReplyError } from '../../../runtime/qmp/client-errors.js';
import { trackerClient } from '../../../runtime/qmp/client-tracker.js';
import { runQemuTests, startQemu, warnIfSkipped } from '../../support/qemu.js';
import type { RunningQemu } from '../../support/qemu.js';
import { within } from './support.js';

warnIfSkipped('real-QEMU end-to-end tests');

let qemu: RunningQemu | undefined;
let client: QmpClient | undefined;

afterEach(async () => {
  client?.destroy();
  client = undefined;
  await qemu?.stop();
  qemu = undefined;
});

async function connect(): Promise<QmpClient> {
  qemu = await startQemu();
  client = await connectQmp({ path: qemu.socket }, { defaultTimeout: 10_000 });
  return client;
}

interface JobInfoLike {
  readonly id: string;
  readonly status: string;
  readonly type: string;
}

describe.runIf(runQemuTests)('a real QEMU 7.2', () => {
  it('answers query-version', async () => {
    const c = await connect();
    const version = await c.execute<{ qemu: { major: number; minor: number } }>('query-version');
    expect(version.qemu).toMatchObject({ major: 7, minor: 2 });
  });

  it('creates a qcow2 image with blockdev-create, followed to CONCLUDED by the job tracker', async () => {
    const c = await connect();
    const tracker = new JobTracker(trackerClient(c));
    const image = join(qemu?.dir ?? '', 'created.qcow2');
    await c.execute('blockdev-create', { 'job-id': 'create-file', options: { driver: 'file', filename: image, size: 0 } });
    await within(tracker.job('create-file').until('concluded'), 10_000, 'create-file concluded');
    await tracker.verb('create-file', 'dismiss');
    await c.execute('blockdev-add', { driver: 'file', 'node-name': 'created-file', filename: image });
    await c.execute('blockdev-create', { 'job-id': 'create-qcow2', options: { driver: 'qcow2', file: 'created-file', size: 64 * 1024 * 1024 } });
    const job = tracker.job('create-qcow2');
    await within(job.until('concluded'), 10_000, 'create-qcow2 concluded');
    const jobs = await c.execute<JobInfoLike[]>('query-jobs');
    expect(jobs).toEqual([expect.objectContaining({ id: 'create-qcow2', type: 'create', status: 'concluded' })]);
    await tracker.verb('create-qcow2', 'dismiss');
    await within(job.until('null'), 10_000, 'create-qcow2 gone');
    expect(job.history).toEqual(['created', 'running', 'waiting', 'pending', 'concluded', 'null']);
    expect(job.outcome).toBe('completed');
    // The new image opens as qcow2.
    await c.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'created-fmt', file: 'created-file' });
    tracker.close();
  });

  it('maps an error reply to QmpReplyError with class and desc', async () => {
    const c = await connect();
    const error = await c.execute('job-pause', { id: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpReplyError);
    expect(error).toMatchObject({ errorClass: 'GenericError', desc: 'Job not found', command: 'job-pause' });
    const unknown = await c.execute('no-such-command').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ errorClass: 'CommandNotFound', desc: "The command no-such-command has not been found" });
  });
});
