import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { qemuDir } from '../support/qemu-dir.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

const trace = join(qemuDir(), 'traces/b_backup_manual_finalize.jsonl');

describe('qapi-ts jobs', () => {
  it('replays a real transcript clean', async () => {
    expect(await run('jobs', 'replay', trace)).toEqual({ code: 0, out: `${trace}: ok (QEMU 7.2)\n`, err: '' });
  });

  it("takes the QEMU release from the transcript's greeting, or from --qemu, and checks it", async () => {
    const trace10 = join(qemuDir('10.0'), 'traces/b_backup_manual_finalize.jsonl');
    expect((await run('jobs', 'verify', trace10)).out).toBe(`${trace10}: ok (QEMU 10.0)\n`);
    expect((await run('jobs', 'verify', '--qemu', '7.2', trace10)).out).toBe(`${trace10}: ok (QEMU 7.2)\n`);
    expect(await run('jobs', 'verify', '--qemu', '9.1', trace10)).toEqual({
      code: 1,
      out: '',
      err: `qapi-ts: ${trace10}: unknown QEMU version '9.1' (supported: 7.2, 10.0, 10.2)\n`,
    });
    const dir = mkdtempSync(join(tmpdir(), 'qapi-jobs-'));
    const greeted82 = join(dir, 'qemu82.jsonl');
    writeFileSync(greeted82, readFileSync(trace, 'utf8').replace('"minor": 2, "major": 7', '"minor": 2, "major": 8'));
    expect((await run('jobs', 'verify', greeted82)).err).toBe(`qapi-ts: ${greeted82}: unknown QEMU version '8.2' (supported: 7.2, 10.0, 10.2)\n`);
    const noGreeting = join(dir, 'no-greeting.jsonl');
    writeFileSync(noGreeting, readFileSync(trace, 'utf8').split('\n').slice(1).join('\n'));
    expect((await run('jobs', 'verify', noGreeting)).out).toBe(`${noGreeting}: ok (QEMU 10.0)\n`);
  });

  it('exits 1 with a diff when the transcript disagrees with the runtime', async () => {
    const tampered = join(mkdtempSync(join(tmpdir(), 'qapi-jobs-')), 'tampered.jsonl');
    writeFileSync(tampered, readFileSync(trace, 'utf8').replace('"status": "pending"', '"status": "ready"'));
    const r = await run('jobs', 'replay', tampered);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${tampered}: differs (QEMU 7.2)\n`);
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
