import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayTrace, verifyTrace } from '../../../runtime/jobs/replay.js';
import { qemuDir } from '../../support/qemu-dir.js';

const traceDir = join(qemuDir(), 'traces');
const traces = readdirSync(traceDir).filter((f) => f.endsWith('.jsonl')).sort();

/** Traces that are not about jobs: QMP protocol handling, not this runtime's business. */
const NOT_ABOUT_JOBS = new Set(['p_protocol.jsonl']);

function isJobTrace(text: string): boolean {
  return /"(job-|block-job-|blockdev-backup|blockdev-mirror|blockdev-create|block-stream|block-commit|transaction|query-jobs)/.test(text);
}

describe(`replay of QEMU 7.2 traces in ${traceDir}`, () => {
  it('has job-lifecycle traces', () => {
    expect(traces.filter((f) => !NOT_ABOUT_JOBS.has(f)).length).toBeGreaterThan(20);
  });
  for (const file of traces) {
    const text = readFileSync(join(traceDir, file), 'utf8');
    // Protocol-only traces are the QMP server's tests (test/runtime/qmp), not a job replay.
    if (!NOT_ABOUT_JOBS.has(file) && isJobTrace(text)) {
      it(`${file} replays identically`, () => {
        const result = replayTrace(text, file);
        expect(result.ok, result.diff).toBe(true);
      });
    }
    it(`${file}: every transition and verb fits the tables`, () => {
      const v = verifyTrace(text);
      expect(v.ok, v.diff).toBe(true);
    });
  }
});

describe('replay diff', () => {
  const file = join(traceDir, 'c_backup_pause_resume_cancel.jsonl');
  it('reports a changed reply and a changed event sequence', () => {
    const text = readFileSync(file, 'utf8')
      .replace('"desc": "Job is already paused"', '"desc": "Job is not paused"')
      .replace('"data": {"status": "aborting", "id": "bk0"}', '"data": {"status": "waiting", "id": "bk0"}');
    const result = replayTrace(text, 'tampered');
    expect(result.ok).toBe(false);
    expect(result.diff).toContain('QEMU:    ERROR GenericError: Job is not paused');
    expect(result.diff).toContain('job bk0: events differ');
    expect(verifyTrace(text).ok).toBe(false);
  });
});

describe('verifyTrace', () => {
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
