/**
 * Our client and job tracker against each real QEMU release (7.2 installed, 10.0.2 unpacked by
 * scripts/qemu-10.0.sh): query-version, blockdev-create, errors, and on 10.0 `block-job-change`
 * of a mirror, the command 10.0 added.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobTracker } from '../../../runtime/jobs/tracker.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../runtime/qmp/client/client.js';
import { QmpReplyError } from '../../../runtime/qmp/client/errors.js';
import { trackerClient } from '../../../runtime/qmp/client/tracker.js';
import { canRunQemu, qemuImg, qemuIo, qemuReleases, startQemu, warnIfSkipped } from '../../support/qemu.js';
import type { QemuRelease, RunningQemu } from '../../support/qemu.js';
import { within } from './support.js';

for (const release of qemuReleases) warnIfSkipped('real-QEMU end-to-end tests', release);

let qemu: RunningQemu | undefined;
let client: QmpClient | undefined;
let tracker: JobTracker | undefined;

afterEach(async () => {
  tracker?.close();
  tracker = undefined;
  client?.destroy();
  client = undefined;
  await qemu?.stop();
  qemu = undefined;
});

async function connect(release: QemuRelease): Promise<QmpClient> {
  qemu = await startQemu(release);
  client = await connectQmp({ path: qemu.socket }, { defaultTimeout: 10_000 });
  return client;
}

interface JobInfoLike {
  readonly id: string;
  readonly status: string;
  readonly type: string;
}

interface BlockJobInfoLike {
  readonly device: string;
  readonly type: string;
  readonly ready: boolean;
  readonly 'actively-synced'?: boolean;
}

/** The major, minor and micro of each release's binary (7.2 is whichever 7.2.x Debian installed). */
const versions: Record<QemuRelease, { major: number; minor: number; micro?: number }> = {
  '7.2': { major: 7, minor: 2 },
  '10.0': { major: 10, minor: 0, micro: 2 },
};

for (const release of qemuReleases)
  describe.runIf(canRunQemu(release))(`a real QEMU ${release}`, () => {
    it('answers query-version', async () => {
      const c = await connect(release);
      const version = await c.execute<{ qemu: { major: number; minor: number; micro: number }; package: string }>('query-version');
      expect(version.qemu).toMatchObject(versions[release]);
    });

    it('creates a qcow2 image with blockdev-create, followed to CONCLUDED by the job tracker', async () => {
      const c = await connect(release);
      tracker = new JobTracker(trackerClient(c));
      const image = join(qemu?.dir ?? '', 'created.qcow2');
      await c.execute('blockdev-create', { 'job-id': 'create-file', options: { driver: 'file', filename: image, size: 0 } });
      await within(tracker.job('create-file').until('concluded'), 10_000, 'create-file concluded');
      await tracker.verb('create-file', 'dismiss');
      await c.execute('blockdev-add', { driver: 'file', 'node-name': 'created-file', filename: image });
      await c.execute('blockdev-create', {
        'job-id': 'create-qcow2',
        options: { driver: 'qcow2', file: 'created-file', size: 64 * 1024 * 1024 },
      });
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
    });

    it('maps an error reply to QmpReplyError with class and desc', async () => {
      const c = await connect(release);
      const error = await c.execute('job-pause', { id: 'nope' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QmpReplyError);
      expect(error).toMatchObject({ errorClass: 'GenericError', desc: 'Job not found', command: 'job-pause' });
      const unknown = await c.execute('no-such-command').catch((e: unknown) => e);
      expect(unknown).toMatchObject({ errorClass: 'CommandNotFound', desc: 'The command no-such-command has not been found' });
    });

    if (release === '7.2')
      it('has no block-job-change (new in 10.0)', async () => {
        const c = await connect(release);
        const error = await c
          .execute('block-job-change', { id: 'm0', type: 'mirror', 'copy-mode': 'write-blocking' })
          .catch((e: unknown) => e);
        expect(error).toMatchObject({ errorClass: 'CommandNotFound', desc: 'The command block-job-change has not been found' });
      });

    if (release === '10.0')
      it('switches a READY mirror to write-blocking with block-job-change, then cancels it to dismiss', async () => {
        const c = await connect(release);
        const dir = qemu?.dir ?? '';
        const src = join(dir, 'src.qcow2');
        const tgt = join(dir, 'tgt.qcow2');
        qemuImg('create', '-q', '-f', 'qcow2', src, '4M');
        qemuIo('-f', 'qcow2', '-c', 'write -q -P 0x5a 0 4M', src);
        qemuImg('create', '-q', '-f', 'qcow2', tgt, '4M');
        tracker = new JobTracker(trackerClient(c));
        await c.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'src', file: { driver: 'file', filename: src } });
        await c.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'tgt', file: { driver: 'file', filename: tgt } });
        const job = tracker.job('m0');
        await c.execute('blockdev-mirror', { 'job-id': 'm0', device: 'src', target: 'tgt', sync: 'full', 'auto-dismiss': false });
        await within(job.until('ready'), 30_000, 'm0 ready');
        const mirror = async (): Promise<BlockJobInfoLike | undefined> => (await c.execute<BlockJobInfoLike[]>('query-block-jobs'))[0];
        // 10.0's BlockJobInfo is a union on `type`; a mirror's branch says whether writes are mirrored synchronously.
        expect(await mirror()).toMatchObject({ device: 'm0', type: 'mirror', ready: true, 'actively-synced': false });

        // Arguments are checked first, then the job is looked up, then the mirror driver decides.
        await expect(c.execute('block-job-change', { id: 'm0', type: 'mirror' })).rejects.toMatchObject({
          errorClass: 'GenericError',
          desc: "Parameter 'copy-mode' is missing",
        });
        await expect(c.execute('block-job-change', { id: 'nope', type: 'mirror', 'copy-mode': 'write-blocking' })).rejects.toMatchObject({
          errorClass: 'DeviceNotActive',
          desc: "Block job 'nope' not found",
        });
        expect(await c.execute('block-job-change', { id: 'm0', type: 'mirror', 'copy-mode': 'write-blocking' })).toEqual({});
        // The mirror's loop takes the new mode on its next pass: then writes are mirrored synchronously.
        const deadline = Date.now() + 10_000;
        while ((await mirror())?.['actively-synced'] !== true && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await mirror()).toMatchObject({ device: 'm0', ready: true, 'actively-synced': true });
        await expect(c.execute('block-job-change', { id: 'm0', type: 'mirror', 'copy-mode': 'background' })).rejects.toMatchObject({
          errorClass: 'GenericError',
          desc: "Change to copy mode 'background' is not implemented",
        });
        expect(job.status).toBe('ready');

        // job-cancel (unlike block-job-cancel without force) aborts a READY mirror.
        await tracker.verb('m0', 'cancel');
        await within(job.until('concluded'), 10_000, 'm0 concluded');
        await tracker.verb('m0', 'dismiss');
        await within(job.until('null'), 10_000, 'm0 gone');
        expect(job.history.slice(0, 2)).toEqual(['created', 'running']);
        expect(job.history).toContain('ready');
        expect(job.history.slice(-4)).toEqual(['ready', 'aborting', 'concluded', 'null']);
        expect(job.outcome).toBe('cancelled');
        expect(await c.execute('query-jobs')).toEqual([]);
      });
  });
