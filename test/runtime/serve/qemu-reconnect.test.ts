/**
 * Reconnect and reconciliation against a real QEMU 7.2 killed in the middle of a job: the
 * client reaches a new QEMU at the same socket path (a symlink the test points at each QEMU's
 * socket in turn), negotiates again, and the job tracker marks the job lost. Same policy as
 * qemu-e2e.test.ts: skipped loudly without QEMU, failing under CI.
 */
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobTracker } from '../../../runtime/jobs/tracker.js';
import type { ReconcileReport } from '../../../runtime/jobs/tracker.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import type { QmpConnectionEvent } from '../../../runtime/qmp/client/reconnect.js';
import { qemuImg, runQemuTests, startQemu, warnIfSkipped } from '../../support/qemu.js';
import { within } from './support.js';

warnIfSkipped('reconnecting to a real QEMU');

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.runIf(runQemuTests)('reconnecting to a real QEMU 7.2', () => {
  it('QEMU killed in the middle of a backup: reconnected to a new QEMU, the job marked lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qmp-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const link = join(dir, 'qmp.sock');
    const first = await startQemu();
    cleanups.push(() => first.stop());
    symlinkSync(first.socket, link);

    const client = await connectQmp({ path: link }, { reconnect: { initialDelay: 50, factor: 1.5, maxDelay: 500, maxTime: 60_000 } });
    cleanups.push(() => client.destroy());
    const changes: QmpConnectionEvent['type'][] = [];
    client.onConnection((change) => changes.push(change.type));
    const reports: ReconcileReport[] = [];
    const tracker = new JobTracker(client, { onReconcile: (report) => reports.push(report) });
    cleanups.push(() => tracker.close());

    const src = join(first.dir, 'src.qcow2');
    const tgt = join(first.dir, 'tgt.qcow2');
    qemuImg('create', '-q', '-f', 'qcow2', src, '16M');
    qemuImg('create', '-q', '-f', 'qcow2', tgt, '16M');
    await client.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'src', file: { driver: 'file', filename: src } });
    await client.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'tgt', file: { driver: 'file', filename: tgt } });
    // 64 KiB/s over 16 MiB: minutes, so the job is surely running when QEMU dies.
    await client.execute('blockdev-backup', {
      'job-id': 'bk0',
      device: 'src',
      target: 'tgt',
      sync: 'full',
      speed: 65_536,
      'auto-dismiss': false,
    });
    const job = tracker.job('bk0');
    await within(job.until('running'), 10_000, 'bk0 running');
    const concluded = job.until('concluded').catch((e: unknown) => e);

    const reconciled = new Promise<ReconcileReport>((resolve) => {
      const poll = setInterval(() => {
        const report = reports[0];
        if (report === undefined) return;
        clearInterval(poll);
        resolve(report);
      }, 10);
    });
    await first.stop();
    const second = await startQemu();
    cleanups.push(() => second.stop());
    unlinkSync(link);
    symlinkSync(second.socket, link);

    const report = await within(reconciled, 30_000, 'the reconcile after the reconnect');
    expect(report).toEqual({ changed: [], appeared: [], lost: ['bk0'] });
    expect(job).toMatchObject({ lost: true, outcome: 'lost', status: 'null' });
    expect(await concluded).toEqual(new Error('job bk0 was lost before reaching concluded: the server no longer lists it'));
    expect(changes[0]).toBe('disconnected');
    expect(changes.at(-1)).toBe('reconnected');
    // The new QEMU, negotiated: it answers, and it has no job.
    expect(client.enabledCapabilities).toEqual(['oob']);
    expect(await client.execute('query-jobs')).toEqual([]);
    expect(await client.execute('query-status')).toMatchObject({ status: 'running' });
  }, 60_000);
});
