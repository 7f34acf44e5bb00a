/**
 * Hostile input through the real CLI: a QAPI error with file:line (or a clear CLI error),
 * exit 1, no stack trace, no hang.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/qemu-dir.js';

const work = mkdtempSync(join(tmpdir(), 'qapi-bad-'));

function dump(file: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/qapi-ts.cjs'), 'dump', '--qemu', '7.2', file], {
    cwd: work,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: string | Uint8Array): string {
  writeFileSync(join(work, name), content);
  return name;
}

describe('qapi-ts dump on bad input', () => {
  it('reports invalid UTF-8 at its line', () => {
    const f = write('utf8.json', Buffer.from([...Buffer.from("{ 'enum': 'Foo',\n  'data': [ '"), 0xc3, 0x28, ...Buffer.from("' ] }\n")]));
    expect(dump(f)).toEqual({ status: 1, stdout: '', stderr: 'utf8.json:2: source is not valid UTF-8\n' });
  });

  it('reports deep nesting without overflowing the stack', () => {
    const f = write('deep.json', '['.repeat(100_000));
    const r = dump(f);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('deep.json:1:1001: nesting too deep (more than 1000 levels)\n');
  });

  it('handles a huge schema', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `{ 'struct': 'S${i}x', 'data': { 'm': 'int' } }`);
    const f = write('huge.json', lines.join('\n'));
    const r = dump(f);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('object S')).length).toBe(50_000);
  });

  it('reports a missing include at the directive', () => {
    const f = write('inc.json', "# comment\n{ 'include': 'nowhere.json' }\n");
    expect(dump(f)).toEqual({
      status: 1,
      stdout: '',
      stderr: "inc.json:2: can't read include file 'nowhere.json': No such file or directory\n",
    });
  });

  it('reports a directory given as the schema', () => {
    mkdirSync(join(work, 'adir'), { recursive: true });
    expect(dump('adir')).toEqual({ status: 1, stdout: '', stderr: "can't read schema file 'adir': Is a directory\n" });
  });

  it('reports a double quote outside a string (a crash in QEMU 7.2)', () => {
    const f = write('dq.json', '{ "enum": 1 }\n');
    expect(dump(f)).toEqual({ status: 1, stdout: '', stderr: `dq.json:1:3: stray '"'\n` });
  });

  it('reports an empty enum value (a crash in QEMU 7.2)', () => {
    const f = write('empty-value.json', "{ 'enum': 'Foo', 'data': [ '' ] }\n");
    const r = dump(f);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("empty-value.json: In enum 'Foo':\nempty-value.json:1: 'data' member '' has an invalid name\n");
  });

  it('explains usage errors', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/qapi-ts.cjs'), 'dump'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("missing required argument 'schema'");
  });
});
