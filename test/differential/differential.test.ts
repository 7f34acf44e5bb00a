/**
 * The differential check, bounded: a few seeds per QEMU release, each scenario played on the
 * real binary and replayed on the runtime (`npm run differential` runs many more). The seeds
 * were chosen so that together they cover every job type, both transaction modes, injected
 * EIO, graph changes while jobs run, standby, and (10.0) block-job-change.
 */
import { describe, expect, it } from 'vitest';
import { canRunQemu, qemuReleases, warnIfSkipped } from '../support/qemu.js';
import type { QemuRelease } from '../support/qemu.js';
import { checkSeed } from './check.js';
import { isQemuRace, replayHasReleaseProfiles } from './compare.js';
import { EPISODES, generateScenario } from './scenario.js';

const BOUNDED_SEEDS: Readonly<Record<QemuRelease, readonly number[]>> = {
  '7.2': [1, 2, 4, 40, 66],
  '10.0': [2, 19, 25, 38, 66],
};

describe('scenario generator', () => {
  it('gives the same scenario for the same seed and release', () => {
    expect(generateScenario(7, '10.0')).toEqual(generateScenario(7, '10.0'));
    expect(generateScenario(7, '7.2')).toEqual(generateScenario(7, '7.2'));
    expect(JSON.stringify(generateScenario(7, '7.2'))).not.toBe(JSON.stringify(generateScenario(8, '7.2')));
  });

  it('covers every job type and every kind of step over 200 seeds', () => {
    const titles = Array.from({ length: 200 }, (_, i) => generateScenario(i + 1, '10.0').title).join(' ');
    for (const word of [
      ...EPISODES.filter((e) => e !== 'transaction'),
      'txn-grouped',
      'txn-individual',
      'ioerror-stop',
      'ioerror-report',
      'standby',
      'change',
      'quit-with-jobs',
      'graph-add',
      'graph-add+del',
      'block-job-cancel-force',
      'job-complete',
      'manual-finalize',
      'set-speed',
      'verb-error',
    ]) {
      expect(titles, word).toContain(word);
    }
    const commands = new Set(
      Array.from({ length: 200 }, (_, i) => generateScenario(i + 1, '7.2').steps)
        .flat()
        .flatMap((s) => (s.kind === 'command' ? [s.execute] : [])),
    );
    expect(commands.has('block-job-change'), '7.2 has no block-job-change').toBe(false);
    for (const command of [
      'blockdev-backup',
      'blockdev-mirror',
      'block-stream',
      'block-commit',
      'blockdev-create',
      'transaction',
      'job-pause',
      'job-resume',
      'job-cancel',
      'job-complete',
      'job-finalize',
      'job-dismiss',
      'block-job-set-speed',
      'blockdev-add',
      'blockdev-del',
    ]) {
      expect(commands.has(command), command).toBe(true);
    }
  });
});

describe('races QEMU itself has', () => {
  const query = (qemu: object, runtime: object): string =>
    `line 14: query-block-jobs {}\n    QEMU:    ${JSON.stringify([qemu])}\n    runtime: ${JSON.stringify([runtime])}`;
  const job = { device: 'bk0', busy: false, len: 4194304, offset: 0, status: 'running', paused: false, speed: 1048576, type: 'backup' };

  it("forgive query-block-jobs' busy (and the progress figures the replay masks)", () => {
    expect(isQemuRace(query(job, { ...job, busy: true, len: 67108864 }))).toBe(true);
    expect(isQemuRace(query(job, { ...job, busy: true, paused: true }))).toBe(false);
    expect(isQemuRace(query(job, { ...job, status: 'paused' }))).toBe(false);
    expect(isQemuRace(query(job, {}))).toBe(false);
    expect(isQemuRace('line 9: query-jobs {}\n    QEMU:    []\n    runtime: []')).toBe(false);
  });

  it('forgive a pause that took effect before the reply on one side and after it on the other', () => {
    const pause = (command: string, args: object, qemu: string, runtime: string): string =>
      `line 64: ${command} ${JSON.stringify(args)}: events before the reply differ\n    QEMU:    ${qemu}\n    runtime: ${runtime}`;
    expect(isQemuRace(pause('job-pause', { id: 'st2' }, '(none)', 'st2:paused'))).toBe(true);
    expect(isQemuRace(pause('block-job-pause', { device: 'mir0' }, 'mir0:standby', '(none)'))).toBe(true);
    expect(isQemuRace(pause('job-pause', { id: 'st2' }, '(none)', 'bk0:paused'))).toBe(false);
    expect(isQemuRace(pause('job-pause', { id: 'st2' }, '(none)', 'st2:paused, st2:running'))).toBe(false);
    expect(isQemuRace(pause('job-resume', { id: 'st2' }, '(none)', 'st2:running'))).toBe(false);
  });

  it('forgive a cancel that took effect before the reply on one side and after it on the other', () => {
    const cancel = (qemu: string, runtime: string): string =>
      `line 49: job-cancel {"id":"ta1"}: events before the reply differ\n    QEMU:    ${qemu}\n    runtime: ${runtime}`;
    expect(isQemuRace(cancel('(none)', 'ta1:aborting, tb1:aborting, tb1:BLOCK_JOB_CANCELLED, tb1:concluded'))).toBe(true);
    expect(isQemuRace(cancel('ta1:aborting, ta1:BLOCK_JOB_CANCELLED', '(none)'))).toBe(true);
    expect(isQemuRace(cancel('(none)', 'tb1:aborting, ta1:aborting'))).toBe(false);
    expect(isQemuRace(cancel('ta1:aborting', 'ta1:aborting, ta1:concluded'))).toBe(false);
  });

  it('forgive a speed change whose effect on the job came before the reply on one side only', () => {
    const speed = (qemu: string, runtime: string): string =>
      `line 41: block-job-set-speed {"device":"bk1","speed":0}: events before the reply differ\n    QEMU:    ${qemu}\n    runtime: ${runtime}`;
    expect(isQemuRace(speed('bk1:BLOCK_JOB_ERROR(read,stop), bk1:paused', '(none)'))).toBe(true);
    expect(isQemuRace(speed('bk1:BLOCK_JOB_ERROR(read,stop), bk0:paused', '(none)'))).toBe(false);
    expect(isQemuRace(speed('bk1:paused', 'bk1:running'))).toBe(false);
  });

  it("forgive two jobs' pauses in another order, not other orders between jobs", () => {
    const before = (qemu: string, runtime: string): string =>
      `line 46: quit {}: events before the reply differ\n    QEMU:    ${qemu}\n    runtime: ${runtime}`;
    expect(
      isQemuRace(before('SHUTDOWN, m:standby, b:paused, b:running, m:ready', 'SHUTDOWN, b:paused, m:standby, b:running, m:ready')),
    ).toBe(true);
    expect(
      isQemuRace(before('SHUTDOWN, m:standby, b:paused, b:running, m:ready', 'SHUTDOWN, b:paused, m:standby, m:ready, b:running')),
    ).toBe(true);
    // a job's own events in another order, or another event, are differences
    expect(isQemuRace(before('m:standby, b:paused, b:running', 'b:running, b:paused, m:standby'))).toBe(false);
    expect(isQemuRace(before('m:standby, b:paused', 'b:paused, m:ready'))).toBe(false);
    // 10.0's transaction starts its jobs last action first: that order is QEMU's rule
    expect(
      isQemuRace(before('a:created, b:created, b:running, b:paused, a:running', 'a:created, b:created, a:running, b:running, b:paused')),
    ).toBe(false);
  });
});

for (const release of qemuReleases) {
  const runnable = canRunQemu(release) && replayHasReleaseProfiles();
  if (!replayHasReleaseProfiles()) {
    console.warn(
      `\n*** SKIPPED: differential check (QEMU ${release}): jobs replay has no per-release job profile (--schema) in this build ***\n`,
    );
  }
  warnIfSkipped('differential check', release);
  describe.runIf(runnable)(`differential check against QEMU ${release}`, () => {
    for (const seed of BOUNDED_SEEDS[release]) {
      it(`seed ${String(seed)}: ${generateScenario(seed, release).title}`, async () => {
        const result = await checkSeed(seed, release);
        expect(result.stuck, 'waits that timed out').toEqual([]);
        expect(result.verdict.agrees, result.verdict.output).toBe(true);
      }, 90_000);
    }
  });
}
