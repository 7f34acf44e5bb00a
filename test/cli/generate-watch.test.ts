/**
 * `qapi-ts generate --watch`, the built CLI in a child process as users run it: a line per
 * run, regenerating on a change of the schema or of a file it includes, errors that do not end
 * the watch, Ctrl-C (SIGINT) ending it with exit 0.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/qemu-dir.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-watch-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'pets.json'), "{ 'include': 'sub/toys.json' }\n{ 'struct': 'Pet', 'data': { 'name': 'str' } }\n");
  writeFileSync(join(dir, 'sub/toys.json'), "{ 'enum': 'Toy', 'data': [ 'ball' ] }\n");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The child's output (stdout and stderr), line by line, and a way to wait for the next line matching a pattern. */
function watchLines(child: ReturnType<typeof spawn>) {
  const lines: string[] = [];
  let cursor = 0; // lines before it were matched (or passed over) by an earlier next()
  let waiter: { pattern: RegExp; resolve: (line: string) => void } | undefined;
  const partial = { stdout: '', stderr: '' };
  const match = (): void => {
    if (waiter === undefined) return;
    for (; cursor < lines.length; cursor++) {
      if (!waiter.pattern.test(lines[cursor]!)) continue;
      const found = waiter;
      waiter = undefined;
      found.resolve(lines[cursor++]!);
      return;
    }
  };
  const take = (stream: 'stdout' | 'stderr', text: string): void => {
    const complete = (partial[stream] + text).split('\n');
    partial[stream] = complete.pop() ?? '';
    lines.push(...complete);
    match();
  };
  child.stdout!.setEncoding('utf8').on('data', (text: string) => take('stdout', text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => take('stderr', text));
  return {
    lines,
    next: (pattern: RegExp): Promise<string> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${String(pattern)} in:\n${lines.join('\n')}`)), 10_000);
        waiter = { pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) };
        match();
      }),
  };
}

describe('qapi-ts generate --watch', () => {
  it('regenerates on each change of the schema or an include, reports errors, ends on Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/qapi-ts.cjs'), 'generate', 'pets.json', '-o', 'out', '--watch'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const out = watchLines(child);
      expect(await out.next(/start:/u)).toMatch(/^\d\d:\d\d:\d\d start: out: \d+ written, 0 unchanged \(\d+ ms\)$/u);
      expect(await out.next(/watching/u)).toBe('qapi-ts generate: watching pets.json and 1 file it includes (Ctrl-C to stop)');

      writeFileSync(join(dir, 'sub/toys.json'), "{ 'enum': 'Toy', 'data': [ 'ball', 'bone' ] }\n");
      expect(await out.next(/changed/u)).toMatch(/^\d\d:\d\d:\d\d sub\/toys\.json changed: out: 1 written, \d+ unchanged \(\d+ ms\)$/u);
      expect(readFileSync(join(dir, 'out/sub/toys.ts'), 'utf8')).toContain("'bone'");

      writeFileSync(join(dir, 'sub/toys.json'), "{ 'enum': 'Toy', 'data': [ 'ball' }\n");
      expect(await out.next(/changed/u)).toMatch(/^\d\d:\d\d:\d\d sub\/toys\.json changed: In file included from pets\.json:1:$/u);
      expect(await out.next(/toys\.json:1:/u)).toBe("sub/toys.json:1:35: expected ',' or ']'");
      expect(readFileSync(join(dir, 'out/sub/toys.ts'), 'utf8')).toContain("'bone'");

      // Saving the same text, or a new access time, is no change: no run (the next line is about pets.json).
      writeFileSync(join(dir, 'sub/toys.json'), readFileSync(join(dir, 'sub/toys.json')));
      utimesSync(join(dir, 'sub/toys.json'), new Date(), new Date());
      await new Promise((resolve) => setTimeout(resolve, 200));
      // An editor saving by replacing the file; the schema itself changing.
      writeFileSync(join(dir, 'pets.json.new'), "{ 'struct': 'Pet', 'data': { 'name': 'str', 'age': 'int' } }\n");
      rmSync(join(dir, 'pets.json'));
      writeFileSync(join(dir, 'pets.json'), readFileSync(join(dir, 'pets.json.new')));
      expect(await out.next(/changed/u)).toMatch(
        /^\d\d:\d\d:\d\d pets\.json changed: out: \d+ written, \d+ unchanged, 1 removed \(\d+ ms\)$/u,
      );
      expect(readFileSync(join(dir, 'out/pets.ts'), 'utf8')).toContain('age: number;');

      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out.lines.at(-1)).toBe('qapi-ts generate: SIGINT, stopped watching');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
