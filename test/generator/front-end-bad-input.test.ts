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

  it('reports a chain of 2,000 includes at the directive past 300 files (QEMU dies of its recursion limit at about 330)', () => {
    mkdirSync(join(work, 'chain'), { recursive: true });
    for (let i = 0; i < 2000; i++)
      write(`chain/f${i}.json`, i < 1999 ? `{ 'include': 'f${i + 1}.json' }\n` : "{ 'enum': 'Last', 'data': [ 'a' ] }\n");
    const r = dump('chain/f0.json');
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBe(300);
    expect(lines[0]).toBe('In file included from chain/f0.json:1:');
    expect(lines[299]).toBe('chain/f299.json:1: includes nested too deeply (more than 300 files)');
  });

  it('reads a chain of 300 includes', () => {
    mkdirSync(join(work, 'chain300'), { recursive: true });
    for (let i = 0; i < 300; i++)
      write(`chain300/f${i}.json`, i < 299 ? `{ 'include': 'f${i + 1}.json' }\n` : "{ 'enum': 'Last', 'data': [ 'a' ] }\n");
    const r = dump('chain300/f0.json');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('enum Last\n');
  });

  it('refuses what is not a regular file, without reading it', () => {
    expect(dump('/dev/zero')).toEqual({ status: 1, stdout: '', stderr: "can't read schema file '/dev/zero': not a regular file\n" });
    expect(spawnSync('mkfifo', [join(work, 'fifo.json')]).status).toBe(0);
    expect(dump('fifo.json')).toEqual({ status: 1, stdout: '', stderr: "can't read schema file 'fifo.json': not a regular file\n" });
    const f = write('inc-zero.json', "{ 'include': '/dev/zero' }\n");
    expect(dump(f)).toEqual({
      status: 1,
      stdout: '',
      stderr: "inc-zero.json:1: can't read include file '/dev/zero': not a regular file\n",
    });
  });

  it('refuses a file larger than any schema (16 MiB)', () => {
    const f = write('too-big.json', Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    expect(dump(f)).toEqual({
      status: 1,
      stdout: '',
      stderr: "can't read schema file 'too-big.json': file too large (16777217 bytes; the limit is 16777216)\n",
    });
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
