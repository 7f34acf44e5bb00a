/** examples/backup-progress.ts against a real QEMU 7.2 (skipped loudly without QEMU, outside CI). */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupWithProgress, progressBar } from '../../examples/backup-progress.js';
import { qemuImg, runQemuTests, startQemu, warnIfSkipped } from '../support/qemu.js';
import type { RunningQemu } from '../support/qemu.js';

warnIfSkipped('examples/backup-progress.ts against QEMU');

let qemu: RunningQemu | undefined;

afterEach(async () => {
  await qemu?.stop();
  qemu = undefined;
});

describe('examples/backup-progress.ts', () => {
  it('draws a bar from query-jobs progress', () => {
    expect(progressBar({ 'current-progress': 1, 'total-progress': 4 })).toBe(`[${'#'.repeat(10)}${'.'.repeat(30)}]  25.0%`);
    expect(progressBar({ 'current-progress': 0, 'total-progress': 0 })).toContain('0.0%');
  });

  it.runIf(runQemuTests)('backs up an image of a running QEMU and reports the result, twice on the same QEMU', async () => {
    qemu = await startQemu();
    const source = join(qemu.dir, 'disk.qcow2');
    const target = join(qemu.dir, 'backup.qcow2');
    qemuImg('create', '-f', 'qcow2', source, '8M');
    qemuImg('create', '-f', 'qcow2', target, '8M');
    for (const run of [1, 2]) {
      let output = '';
      const result = await backupWithProgress({
        socket: qemu.socket,
        source,
        target,
        speed: 32 * 1024 * 1024,
        write: (text) => (output += text),
      });
      expect(result, `run ${run}`).toEqual({ ok: true, bytes: 8 * 1024 * 1024 });
      expect(output).toContain('100.0%');
      expect(output).toContain('concluded');
    }
  });
});
