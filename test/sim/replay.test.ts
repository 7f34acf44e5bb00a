import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobProfile, JOB_RELEASES } from '../../runtime/jobs/profile.js';
import { replayTrace } from '../../sim/replay.js';
import { verifyTrace } from '../../sim/verify.js';
import { qemuValidationTables } from '../runtime/qmp/support.js';
import { qemuDir } from '../support/qemu-dir.js';

/** Traces that are not about jobs: QMP protocol handling, the QMP server's tests (test/runtime/qmp). */
const NOT_ABOUT_JOBS = new Set(['p_protocol.jsonl']);

function isJobTrace(text: string): boolean {
  return /"(job-|block-job-|blockdev-backup|blockdev-mirror|blockdev-create|block-stream|block-commit|transaction|query-jobs)/.test(text);
}

function replay(release: string, text: string, name: string): ReturnType<typeof replayTrace> {
  return replayTrace(text, { tables: qemuValidationTables(release), profile: jobProfile(release), name });
}

for (const release of JOB_RELEASES) {
  const traceDir = join(qemuDir(release), 'traces');
  const traces = readdirSync(traceDir).filter((f) => f.endsWith('.jsonl')).sort();

  describe(release, () => {
    it(`has job-lifecycle traces in ${traceDir}`, () => {
      expect(traces.filter((f) => !NOT_ABOUT_JOBS.has(f)).length).toBeGreaterThan(20);
    });
    for (const file of traces) {
      const text = readFileSync(join(traceDir, file), 'utf8');
      const scenario = file.replace(/\.jsonl$/, '');
      if (!NOT_ABOUT_JOBS.has(file) && isJobTrace(text)) {
        it(`${scenario} replays identically`, () => {
          const result = replay(release, text, file);
          expect(result.ok, result.diff).toBe(true);
        });
      }
      it(`${scenario}: every transition and verb fits the tables`, () => {
        const v = verifyTrace(text, jobProfile(release));
        expect(v.ok, v.diff).toBe(true);
      });
    }
  });
}

describe('replay diff', () => {
  const file = join(qemuDir('7.2'), 'traces', 'c_backup_pause_resume_cancel.jsonl');
  it('reports a changed reply and a changed event sequence', () => {
    const text = readFileSync(file, 'utf8')
      .replace('"desc": "Job is already paused"', '"desc": "Job is not paused"')
      .replace('"data": {"status": "aborting", "id": "bk0"}', '"data": {"status": "waiting", "id": "bk0"}');
    const result = replay('7.2', text, 'tampered');
    expect(result.ok).toBe(false);
    expect(result.diff).toContain('QEMU:    ERROR GenericError: Job is not paused');
    expect(result.diff).toContain('job bk0: events differ');
    expect(verifyTrace(text).ok).toBe(false);
  });

  it("replayed as the other release, a 10.0 transcript differs where 10.0's job behaviour does", () => {
    const text = readFileSync(join(qemuDir('10.0'), 'traces', 'f8_txn_errors.jsonl'), 'utf8');
    const result = replay('7.2', text, 'f8');
    expect(result.ok).toBe(false);
    expect(result.diff).toContain('does not support Transaction property completion-mode = grouped');
  });
});

describe("two jobs racing in QEMU itself", () => {
  // f6: two unthrottled backups of one grouped transaction reach WAITING in whichever order
  // their copy loops end; QEMU's recordings show both orders (see sim/replay.ts).
  for (const release of JOB_RELEASES) {
    it(`${release}: f6 replays with either job's waiting first`, () => {
      const lines = readFileSync(join(qemuDir(release), 'traces', 'f6_txn_grouped_manual_finalize.jsonl'), 'utf8').split('\n');
      const waiting = lines.flatMap((line, i) => (line.includes('"status": "waiting"') ? [i] : []));
      expect(waiting).toHaveLength(2);
      const [a, b] = waiting as [number, number];
      const swapped = [...lines];
      [swapped[a], swapped[b]] = [lines[b] as string, lines[a] as string];
      expect(swapped.join('\n')).not.toBe(lines.join('\n'));
      for (const text of [lines.join('\n'), swapped.join('\n')]) {
        const result = replay(release, text, 'f6');
        expect(result.ok, result.diff).toBe(true);
      }
    });
  }
});

describe('verifyTrace', () => {
  it("checks block-job-change against the release's verb table", () => {
    const lines = [
      { dir: 'in', msg: { event: 'JOB_STATUS_CHANGE', data: { status: 'created', id: 'm' } } },
      { dir: 'in', msg: { event: 'JOB_STATUS_CHANGE', data: { status: 'running', id: 'm' } } },
      { dir: 'out', msg: { execute: 'block-job-change', arguments: { id: 'm', type: 'mirror', 'copy-mode': 'write-blocking' }, id: 1 } },
      { dir: 'in', msg: { return: {}, id: 1 } },
    ];
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    expect(verifyTrace(text, jobProfile('10.0')).ok).toBe(true);
    expect(verifyTrace(text, jobProfile('7.2')).diff).toContain("forbids 'change'");
  });

  it('flags an accepted verb the table forbids', () => {
    const lines = [
      { dir: 'in', msg: { event: 'JOB_STATUS_CHANGE', data: { status: 'created', id: 'j' } } },
      { dir: 'in', msg: { event: 'JOB_STATUS_CHANGE', data: { status: 'running', id: 'j' } } },
      { dir: 'out', msg: { execute: 'job-dismiss', arguments: { id: 'j' }, id: 1 } },
      { dir: 'in', msg: { return: {}, id: 1 } },
    ];
    const v = verifyTrace(lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(v.ok).toBe(false);
    expect(v.diff).toContain("forbids 'dismiss'");
  });
});
