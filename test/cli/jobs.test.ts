import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support.js';
import { DEFAULT_QEMU_VERSION } from '../../generator/dialect/versions.js';
import { qemuDir } from '../support/qemu-dir.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(...argv);
  return { code, out: stdout, err: stderr };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const trace = join(qemuDir(), 'traces/b_backup_manual_finalize.jsonl');

/** The release's own schema and build symbols, as `jobs replay` needs them. */
function schemaOf(version: string): string[] {
  const dir = qemuDir(version);
  return ['--schema', join(dir, 'qapi/qapi-schema.json'), '--defines-file', join(dir, 'introspection/conditions.json')];
}

describe('qapi-ts jobs', () => {
  it('replays a real transcript clean, saying what it compared', async () => {
    // The file has 60 lines, 24 of them commands, and 8 JOB_STATUS_CHANGE events of one job.
    const summary = '60 messages, 1 job, 24 commands replayed, 8 transitions';
    expect(await run('jobs', 'replay', ...schemaOf('7.2'), trace)).toEqual({
      code: 0,
      out: `${trace}: ok (QEMU 7.2; ${summary})\n`,
      err: '',
    });
  });

  it('says how many commands it could not compare', async () => {
    const withQuery = join(mkdtempSync(join(tmpdir(), 'qapi-jobs-')), 'with-query.jsonl');
    const lines = readFileSync(trace, 'utf8').split('\n');
    const query = [
      '{"dir": "out", "msg": {"execute": "query-version", "id": 99}}',
      '{"dir": "in", "msg": {"return": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": ""}, "id": 99}}',
    ];
    writeFileSync(withQuery, [...lines.slice(0, 3), ...query, ...lines.slice(3)].join('\n'));
    expect(await run('jobs', 'replay', ...schemaOf('7.2'), withQuery)).toEqual({
      code: 0,
      out: `${withQuery}: ok (QEMU 7.2; 62 messages, 1 job, 24 commands replayed (1 not modelled), 8 transitions)\n`,
      err: '',
    });
  });

  it("replays a 10.0 transcript with 10.0's job behaviour, and needs the release's schema", async () => {
    const trace10 = join(qemuDir('10.0'), 'traces/q_quit_with_active_jobs.jsonl');
    const r10 = await run('jobs', 'replay', ...schemaOf('10.0'), trace10);
    expect(r10).toEqual({
      code: 0,
      out: expect.stringMatching(new RegExp(`^${escapeRegExp(trace10)}: ok \\(QEMU 10\\.0; `, 'u')) as unknown,
      err: '',
    });
    const as72 = await run('jobs', 'replay', ...schemaOf('7.2'), '--qemu', '7.2', trace10);
    expect(as72.code).toBe(1);
    expect(as72.out).toMatch(new RegExp(`^${escapeRegExp(trace10)}: \\d+ differences \\(QEMU 7\\.2; `, 'u'));
    const noSchema = await run('jobs', 'replay', trace10);
    expect(noSchema.code).toBe(1);
    expect(noSchema.err).toContain("required option '--schema <file>' not specified");
  });

  it("takes the QEMU release from the transcript's greeting, or from --qemu, and checks it", async () => {
    const trace10 = join(qemuDir('10.0'), 'traces/b_backup_manual_finalize.jsonl');
    expect((await run('jobs', 'verify', trace10)).out).toMatch(
      new RegExp(`^${escapeRegExp(trace10)}: ok \\(QEMU 10\\.0; \\d+ messages, `, 'u'),
    );
    expect((await run('jobs', 'verify', '--qemu', '7.2', trace10)).out).toMatch(
      new RegExp(`^${escapeRegExp(trace10)}: ok \\(QEMU 7\\.2; \\d+ messages, `, 'u'),
    );
    expect(await run('jobs', 'verify', '--qemu', '9.1', trace10)).toEqual({
      code: 1,
      out: '',
      err: `qapi-ts: ${trace10}: unknown QEMU version '9.1' (supported: 7.2, 10.0, 10.2)\n`,
    });
    const dir = mkdtempSync(join(tmpdir(), 'qapi-jobs-'));
    const greeted82 = join(dir, 'qemu82.jsonl');
    writeFileSync(greeted82, readFileSync(trace, 'utf8').replace('"minor": 2, "major": 7', '"minor": 2, "major": 8'));
    expect((await run('jobs', 'verify', greeted82)).err).toBe(
      `qapi-ts: ${greeted82}: unknown QEMU version '8.2' (supported: 7.2, 10.0, 10.2)\n`,
    );
    const noGreeting = join(dir, 'no-greeting.jsonl');
    writeFileSync(noGreeting, readFileSync(trace, 'utf8').split('\n').slice(1).join('\n'));
    // The greeting was the first of the 60 lines.
    expect((await run('jobs', 'verify', noGreeting)).out).toBe(
      `${noGreeting}: ok (QEMU 10.0; 59 messages, 1 job, 8 transitions, 13 verbs checked)\n`,
    );
  });

  it('exits 1 with a diff when the transcript disagrees with the runtime', async () => {
    const tampered = join(mkdtempSync(join(tmpdir(), 'qapi-jobs-')), 'tampered.jsonl');
    writeFileSync(tampered, readFileSync(trace, 'utf8').replace('"status": "pending"', '"status": "ready"'));
    const r = await run('jobs', 'replay', ...schemaOf('7.2'), tampered);
    expect(r.code).toBe(1);
    // One difference (the job's event sequence; the changed event came after a reply), on 3 lines.
    expect(r.out).toMatch(
      new RegExp(
        `^${escapeRegExp(tampered)}: 1 difference \\(QEMU 7\\.2; 60 messages, 1 job, 24 commands replayed, 8 transitions\\)\njob bk0: events differ\n`,
        'u',
      ),
    );
    expect(r.out.split('\n').filter((l) => l !== '')).toHaveLength(1 + 3);
  });

  it('verifies a real log against the tables, saying what it checked', async () => {
    expect(await run('jobs', 'verify', trace)).toEqual({
      // 14 verb commands; the last job-dismiss names a job already gone, so its status is unknown.
      code: 0,
      out: `${trace}: ok (QEMU 7.2; 60 messages, 1 job, 8 transitions, 13 verbs checked)\n`,
      err: '',
    });
  });

  it('reports an unreadable file', async () => {
    const r = await run('jobs', 'verify', '/nonexistent/x.jsonl');
    expect(r).toEqual({ code: 1, out: '', err: "qapi-ts: can't read log '/nonexistent/x.jsonl': No such file or directory\n" });
  });

  it.each(['verify', 'replay'])('%s fails, with file:line, on what it cannot read or holds no job', async (tool) => {
    const dir = mkdtempSync(join(tmpdir(), 'qapi-jobs-'));
    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const notJson = file('not-json.log', '{"execute": "qmp_capabilities"}\nnot json\n');
    const empty = file('empty.log', '');
    const foo = file('foo.log', '{"foo": 1}\n');
    const noJob = file('no-job.log', '{"execute": "query-jobs"}\n{"return": []}\n');
    const r = await run('jobs', tool, ...(tool === 'replay' ? schemaOf('7.2') : []), notJson, empty, foo, noJob, trace);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${escapeRegExp(notJson)}:2: not JSON \\(`, 'u')),
      `${empty}: no QMP message in this log`,
      `${foo}:1: not a QMP message: no member 'execute', 'exec-oob', 'QMP', 'return', 'error', 'event'`,
      `${noJob}: no job in this log (no JOB_STATUS_CHANGE or BLOCK_JOB_* event)`,
      '',
    ]);
    expect(r.out).toMatch(new RegExp(`^${escapeRegExp(trace)}: ok \\(`, 'u'));
  });

  it("verify fails a plain QMP log (socat's view of the wire) holding an illegal transition", async () => {
    const event = (status: string): string =>
      `{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "JOB_STATUS_CHANGE", "data": {"status": "${status}", "id": "j"}}`;
    const lines = ['{"execute": "qmp_capabilities"}', '{"return": {}}', event('created'), event('running'), event('concluded')];
    const log = join(mkdtempSync(join(tmpdir(), 'qapi-jobs-')), 'plain.log');
    writeFileSync(log, `${lines.join('\r\n')}\r\n`);
    expect(await run('jobs', 'verify', log)).toEqual({
      code: 1,
      out: `${log}: 1 problem (QEMU ${DEFAULT_QEMU_VERSION}; 5 messages, 1 job, 3 transitions, 0 verbs checked)\nline 5: job j: illegal transition running -> concluded\n`,
      err: '',
    });
  });

  it('help points only at what the package holds', async () => {
    for (const tool of ['replay', 'verify']) {
      const help = (await run('jobs', tool, '--help')).out;
      expect(help).not.toMatch(/drive\.py|\.\.\/shared|traces\//u);
      expect(help).toContain('qapi-ts record');
    }
  });

  it('prints the verb table and both diagrams', async () => {
    const table = await run('jobs', 'table');
    expect(table.out).toMatch(/^\| verb \| undefined \| created \|/);
    expect((await run('jobs', 'diagram')).out).toMatch(/^stateDiagram-v2\n/);
    expect((await run('jobs', 'diagram', '--format', 'dot')).out).toMatch(/^digraph/);
    expect((await run('jobs', 'diagram', '--format', 'svg')).code).toBe(1);
  });

  it("prints each release's table and diagram: 10.0 (the default) has the change verb and graph-change drains", async () => {
    const t10 = (await run('jobs', 'table')).out;
    const t72 = (await run('jobs', 'table', '--qemu', '7.2')).out;
    expect(t10).toBe((await run('jobs', 'table', '--qemu', '10.0')).out);
    expect(t10).toMatch(/^\| change \| ✗ \| created \(mirror only\) \|/m);
    expect(t72).not.toContain('| change |');
    expect((await run('jobs', 'diagram')).out).toContain('pause / drain (graph change too)');
    expect((await run('jobs', 'diagram', '--qemu', '7.2')).out).not.toContain('graph change');
    expect(await run('jobs', 'table', '--qemu', '10.2')).toEqual({
      code: 1,
      out: '',
      err: 'qapi-ts: no job profile for QEMU 10.2 (supported: 7.2, 10.0)\n',
    });
  });
});
