import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { qemuDir } from '../../support/qemu-dir.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

const trace = join(qemuDir(), 'traces/b_backup_manual_finalize.jsonl');

describe('qapi-ts jobs', () => {
  it('replays a real transcript clean', async () => {
    expect(await run('jobs', 'replay', trace)).toEqual({ code: 0, out: `${trace}: ok\n`, err: '' });
  });

  it('exits 1 with a diff when the transcript disagrees with the runtime', async () => {
    const tampered = join(mkdtempSync(join(tmpdir(), 'qapi-jobs-')), 'tampered.jsonl');
    writeFileSync(tampered, readFileSync(trace, 'utf8').replace('"status": "pending"', '"status": "ready"'));
    const r = await run('jobs', 'replay', tampered);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${tampered}: differs\n`);
  });

  it('verifies a real log against the tables', async () => {
    expect((await run('jobs', 'verify', trace)).code).toBe(0);
  });

  it('reports an unreadable trace', async () => {
    const r = await run('jobs', 'verify', '/nonexistent/x.jsonl');
    expect(r).toEqual({ code: 1, out: '', err: "qapi-ts: can't read trace '/nonexistent/x.jsonl': No such file or directory\n" });
  });

  it('prints the verb table and both diagrams', async () => {
    const table = await run('jobs', 'table');
    expect(table.out).toMatch(/^\| verb \| undefined \| created \|/);
    expect((await run('jobs', 'diagram')).out).toMatch(/^stateDiagram-v2\n/);
    expect((await run('jobs', 'diagram', '--format', 'dot')).out).toMatch(/^digraph/);
    expect((await run('jobs', 'diagram', '--format', 'svg')).code).toBe(1);
  });
});
