/**
 * The recording proxy in front of a real QEMU 7.2: a blockdev-create job driven through it,
 * then the log checked by `jobs verify` and replayed by `jobs replay`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOBS_7_2 } from '../../../runtime/jobs/profile.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import { readQmpLog } from '../../../runtime/qmp/log/qmp-log.js';
import { createQmpRecorder } from '../../../runtime/qmp/log/recorder.js';
import type { QmpRecorder } from '../../../runtime/qmp/log/recorder.js';
import { runQemuTests, startQemu, warnIfSkipped } from '../../support/qemu.js';
import type { RunningQemu } from '../../support/qemu.js';
import { tempSocketPath } from '../qmp/wire-support.js';
import { replayTrace } from '../../../sim/replay.js';
import { verifyTrace } from '../../../sim/verify.js';
import { qemuValidationTables } from '../qmp/support.js';
import { within } from './support.js';

warnIfSkipped('recording a real QEMU');

let qemu: RunningQemu | undefined;
let recorder: QmpRecorder | undefined;
afterEach(async () => {
  await recorder?.close();
  await qemu?.stop();
  recorder = undefined;
  qemu = undefined;
});

describe.runIf(runQemuTests)('qapi-ts record in front of a real QEMU 7.2', () => {
  it('records a blockdev-create job that jobs verify and jobs replay accept', async () => {
    qemu = await startQemu();
    const front = tempSocketPath();
    const log: string[] = [];
    recorder = createQmpRecorder({ connect: { path: qemu.socket }, write: (line) => log.push(line) });
    await recorder.listen({ path: front.path });
    try {
      const client = await connectQmp({ path: front.path }, { defaultTimeout: 10_000 });
      const concluded = new Promise<void>((resolve) =>
        client.on('JOB_STATUS_CHANGE', (event) => {
          if ((event.data as { status: string }).status === 'concluded') resolve();
        }),
      );
      const image = join(qemu.dir, 'recorded.raw');
      await client.execute('blockdev-create', { 'job-id': 'rec', options: { driver: 'file', filename: image, size: 0 } });
      await within(concluded, 10_000, 'job rec concluded');
      await client.execute('query-jobs');
      await client.execute('job-dismiss', { id: 'rec' });
      await client.execute('quit');
      await within(qemu.exited, 10_000, 'QEMU quit');
      await within(
        waitFor(() => recorder?.connectionCount === 0),
        5000,
        'proxy connection closed',
      );
    } finally {
      front.cleanup();
    }
    const text = log.join('');
    const entries = readQmpLog(text);
    expect(entries[0]?.msg?.['QMP']).toMatchObject({ version: { qemu: { major: 7, minor: 2 } } });
    const statuses = entries
      .filter((e) => e.msg?.['event'] === 'JOB_STATUS_CHANGE')
      .map((e) => (e.msg!['data'] as { status: string }).status);
    expect(statuses).toEqual(['created', 'running', 'waiting', 'pending', 'concluded', 'null']);
    const verified = verifyTrace(text);
    expect(verified.ok, verified.diff).toBe(true);
    expect(verified.checked).toMatchObject({ messages: entries.length, jobs: 1, transitions: 6 });
    const replayed = replayTrace(text, { tables: qemuValidationTables('7.2'), profile: JOBS_7_2, name: 'recorded' });
    expect(replayed.ok, replayed.diff).toBe(true);
    // qmp_capabilities, blockdev-create, query-jobs, job-dismiss, quit
    expect(replayed.checked).toEqual({ messages: entries.length, jobs: 1, transitions: 6, commands: 5, notModelled: 0 });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
