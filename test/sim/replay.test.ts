import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobProfile, JOB_RELEASES } from '../../runtime/jobs/profile.js';
import { replayTrace } from '../../sim/replay.js';
import { verifyTrace } from '../../sim/verify.js';
import { QmpLogError } from '../../runtime/qmp/log/qmp-log.js';
import { qemuValidationTables } from '../runtime/qmp/support.js';
import { qemuDir } from '../support/qemu-dir.js';

/** Traces in which no job appears (QMP protocol handling, queries): the job tools refuse them. */
const NOT_ABOUT_JOBS = new Set(['p_protocol.jsonl', 'h_queries.jsonl']);

function isJobTrace(text: string): boolean {
  return /"(job-|block-job-|blockdev-backup|blockdev-mirror|blockdev-create|block-stream|block-commit|transaction|query-jobs)/.test(text);
}

function replay(release: string, text: string, name: string): ReturnType<typeof replayTrace> {
  return replayTrace(text, { tables: qemuValidationTables(release), profile: jobProfile(release), name });
}

for (const release of JOB_RELEASES) {
  const traceDir = join(qemuDir(release), 'traces');
  const traces = readdirSync(traceDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();

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
      if (NOT_ABOUT_JOBS.has(file)) {
        it(`${scenario}: verify and replay refuse it, it holds no job`, () => {
          const noJob = new QmpLogError(undefined, 'no job in this log (no JOB_STATUS_CHANGE or BLOCK_JOB_* event)');
          expect(() => verifyTrace(text, jobProfile(release))).toThrow(noJob);
          expect(() => replay(release, text, file)).toThrow(noJob);
        });
      } else {
        it(`${scenario}: every transition and verb fits the tables`, () => {
          const v = verifyTrace(text, jobProfile(release));
          expect(v.ok, v.diff).toBe(true);
          expect(v.checked.transitions).toBe(text.split('"JOB_STATUS_CHANGE"').length - 1);
        });
      }
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
    expect(result.diff.split('\n')[0]).toBe(`tampered: ${result.differences.length} difference(s)`);
    expect(verifyTrace(text).ok).toBe(false);
  });

  it('counts differences, not the lines that show them', () => {
    const text = readFileSync(file, 'utf8').replace('"desc": "Job is already paused"', '"desc": "Job is not paused"');
    const result = replay('7.2', text, 'one');
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatch(
      /^line \d+: job-pause \{"id":"bk0"\}\n {4}QEMU: {4}ERROR GenericError: Job is not paused\n {4}runtime: ERROR GenericError: Job is already paused$/u,
    );
    expect(result.diff).toBe(`one: 1 difference(s)\n${result.differences[0] ?? ''}`);
  });

  it("replayed as the other release, a 10.0 transcript differs where 10.0's job behaviour does", () => {
    const text = readFileSync(join(qemuDir('10.0'), 'traces', 'f8_txn_errors.jsonl'), 'utf8');
    const result = replay('7.2', text, 'f8');
    expect(result.ok).toBe(false);
    expect(result.diff).toContain('does not support Transaction property completion-mode = grouped');
  });
});

describe('two jobs racing in QEMU itself', () => {
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

describe('QMP logs the job tools refuse or read', () => {
  const plain = [
    '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": ["oob"]}}',
    '{"execute": "qmp_capabilities"}',
    '{"return": {}}',
    '{"timestamp": {"seconds": 1, "microseconds": 0}, "event": "JOB_STATUS_CHANGE", "data": {"status": "created", "id": "j"}}',
    '{"timestamp": {"seconds": 1, "microseconds": 5}, "event": "JOB_STATUS_CHANGE", "data": {"status": "running", "id": "j"}}',
    '{"execute": "job-pause", "arguments": {"id": "j"}}',
    '{"timestamp": {"seconds": 1, "microseconds": 9}, "event": "JOB_STATUS_CHANGE", "data": {"status": "paused", "id": "j"}}',
    '{"return": {}}',
  ];

  it('reads plain QMP lines (CRLF too), inferring who sent what', () => {
    const v = verifyTrace(`${plain.join('\r\n')}\r\n`);
    expect(v).toEqual({ ok: true, diff: '', problems: [], checked: { messages: 8, jobs: 1, transitions: 3, verbs: 1 }, greeting: '7.2' });
  });

  it('fails a plain log with an illegal transition', () => {
    const bad = [
      ...plain,
      '{"timestamp": {"seconds": 2, "microseconds": 0}, "event": "JOB_STATUS_CHANGE", "data": {"status": "concluded", "id": "j"}}',
    ];
    const v = verifyTrace(bad.join('\n'));
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(['line 9: job j: illegal transition paused -> concluded']);
  });

  it('sees a verb the table forbids in a plain log', () => {
    const bad = [...plain, '{"execute": "job-dismiss", "arguments": {"id": "j"}}', '{"return": {}}'];
    expect(verifyTrace(bad.join('\n')).problems).toEqual([
      "line 9: job-dismiss 'j' in paused: accepted, but the verb table forbids 'dismiss'",
    ]);
  });

  it.each([
    ['not json', 'not json', new QmpLogError(1, 'not JSON (')],
    ['an empty log', '', new QmpLogError(undefined, 'no QMP message in this log')],
    ['blank lines only', '\n\n  \n', new QmpLogError(undefined, 'no QMP message in this log')],
    [
      'an object that is no QMP message',
      '{"foo": 1}',
      new QmpLogError(1, "not a QMP message: no member 'execute', 'exec-oob', 'QMP', 'return', 'error', 'event'"),
    ],
    ['a JSON array', '[1, 2]', new QmpLogError(1, 'not a JSON object')],
    ['a bad direction', '{"dir": "up", "msg": {"return": {}}}', new QmpLogError(1, '"dir" must be "in" or "out", not "up"')],
    ['a record without a message', '{"dir": "in"}', new QmpLogError(1, 'a {"dir"} record needs "msg" or "raw"')],
    [
      'QEMU sending a non-message',
      '{"dir": "in", "msg": {"foo": 1}}',
      new QmpLogError(1, "not a message QEMU sends: no member 'QMP', 'return', 'error', 'event'"),
    ],
    ['raw bytes only', '{"dir": "out", "raw": "xyz\\n"}', new QmpLogError(undefined, 'no QMP message in this log')],
    [
      'a log with no job',
      plain.slice(0, 3).join('\n'),
      new QmpLogError(undefined, 'no job in this log (no JOB_STATUS_CHANGE or BLOCK_JOB_* event)'),
    ],
    ['a bad line after good ones', [...plain.slice(0, 4), '{"return": {}'].join('\n'), new QmpLogError(5, 'not JSON (')],
  ])('refuses %s, saying where', (_what, text, error) => {
    for (const tool of [(t: string) => verifyTrace(t), (t: string) => replay('7.2', t, 'log')]) {
      let thrown: unknown;
      try {
        tool(text);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(QmpLogError);
      const { line, message } = thrown as QmpLogError;
      // JSON.parse's own words vary between Node versions: only their start is pinned.
      if (error.reason === 'not JSON (')
        expect({ line, message: message.slice(0, error.message.length) }).toEqual({ line: error.line, message: error.message });
      else expect({ line, message }).toEqual({ line: error.line, message: error.message });
    }
  });
});
