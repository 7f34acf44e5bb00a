/**
 * One command line: every command that reads a schema takes the same schema options, the same
 * `if` default holds everywhere, user errors exit 1 on every command, and `--help` text is
 * wrapped by commander (no hard line breaks inside paragraphs).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { runCli as run } from './support.js';
import { qemuDir } from '../support/qemu-dir.js';

const work = mkdtempSync(join(tmpdir(), 'qapi-ts-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// QEMU 7.2's test schema, read in its dialect (--qemu 7.2) by every command below.
const testSchema = join(qemuDir(), 'tests/qapi-schema/qapi-schema-test.json');

/** The entries of a generated qmp-introspection.ts: one JSON object per line of its array. */
async function generatedIntrospection(...flags: string[]): Promise<unknown[]> {
  const out = mkdtempSync(join(work, 'gen-'));
  expect((await run('generate', '--qemu', '7.2', testSchema, '-o', out, ...flags)).code).toBe(0);
  const text = readFileSync(join(out, 'qmp-introspection.ts'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('  {'))
    .map((line) => JSON.parse(line.trim().replace(/,$/u, '')) as unknown);
}

const SCHEMA_COMMANDS = ['dump', 'generate', 'introspect', 'serve'];

describe('the schema options', () => {
  it.each(SCHEMA_COMMANDS)('%s takes -D/--define, --defines-file and --unmask', async (command) => {
    const help = (await run(command, '--help')).stdout;
    expect(help).toMatch(/-D, --define <symbol>[\s\S]*--defines-file <file>[\s\S]*--unmask/u);
  });

  it('dump says in its help that they change nothing there, and still refuses a bad defines file', async () => {
    const help = (await run('dump', '--help')).stdout.replace(/\s+/gu, ' ');
    expect(help).toContain('no effect on dump, which prints every condition as written');
    expect(help).toContain('no effect on dump (it prints real type names)');
    const r = await run('dump', '--qemu', '7.2', testSchema, '--defines-file', join(work, 'missing.json'));
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^qapi-ts: cannot read defines file '.*missing\.json': ENOENT/u),
    });
  });

  it('introspect and generate keep every conditional item when no symbol is given, and agree with symbols', async () => {
    const introspect = JSON.parse((await run('introspect', '--qemu', '7.2', testSchema)).stdout) as unknown[];
    expect(introspect).toEqual(await generatedIntrospection());
    expect(introspect.some((e) => (e as { name: string }).name === 'test-if-cmd')).toBe(true);
    const symbols = ['-D', 'TEST_IF_CMD', '-D', 'TEST_IF_STRUCT', '--unmask'];
    const withSymbols = JSON.parse((await run('introspect', '--qemu', '7.2', testSchema, ...symbols)).stdout) as unknown[];
    expect(withSymbols).toEqual(await generatedIntrospection(...symbols));
    expect(withSymbols.length).toBeLessThan(introspect.length);
  });

  it('--defines-file names the same symbols as -D, on every command that evaluates them', async () => {
    const file = join(work, 'defines.json');
    writeFileSync(file, '{"defined": ["TEST_IF_CMD", "TEST_IF_STRUCT"]}');
    const viaFile = (await run('introspect', '--qemu', '7.2', testSchema, '--defines-file', file)).stdout;
    expect(viaFile).toBe((await run('introspect', '--qemu', '7.2', testSchema, '-D', 'TEST_IF_CMD', '-D', 'TEST_IF_STRUCT')).stdout);
    expect(await generatedIntrospection('--defines-file', file)).toEqual(JSON.parse(viaFile));
  });
});

describe('exit codes', () => {
  it.each([
    ['dump'],
    ['dump', 'x.json', '--nope'],
    ['generate', '--nope'],
    ['introspect'],
    ['introspect', 'x.json', '--all-conditions', '-D', 'X'],
    ['serve', '--nope'],
    ['jobs', 'replay'],
    ['jobs', 'diagram', '--format', 'png'],
    ['nope'],
  ])('usage error %j exits 1', async (...argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('internal error');
  });

  it('a bug (here: output that cannot be written, thrown as a plain Error) exits 2, as an internal error', async () => {
    let stderr = '';
    const code = await main(['jobs', 'table'], {
      stdout: () => {
        throw new Error('boom');
      },
      stderr: (t) => void (stderr += t),
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^qapi-ts: internal error: Error: boom\n/u);
  });

  it('serve without exactly one of --socket and --tcp exits 1 with the reason', async () => {
    expect(await run('serve')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'qapi-ts: serve: give exactly one of --socket PATH and --tcp HOST:PORT\n',
    });
    expect(await run('serve', '--tcp', 'nohost')).toEqual({
      code: 1,
      stdout: '',
      stderr: "qapi-ts: serve: --tcp wants HOST:PORT, not 'nohost'\n",
    });
  });
});

/**
 * Commander wraps at 80 columns here (not a terminal). A line is well wrapped when the next
 * line of the same paragraph could not have fitted its first word on it; a hard line break
 * inside a paragraph leaves a short line followed by a continuation.
 */
function badlyWrapped(help: string): string[] {
  const body = help.split(/\n(?=Examples?:)/u)[0]!.split('\n');
  const indent = (line: string): number => line.length - line.trimStart().length;
  const bad: string[] = [];
  for (let i = 0; i + 1 < body.length; i++) {
    const line = body[i]!;
    const next = body[i + 1]!;
    if (line.trim() === '' || next.trim() === '' || line.endsWith(':')) continue;
    const continues = (indent(line) === 0 && indent(next) === 0) || indent(next) > 2;
    if (!continues) continue;
    if (line.length + 1 + next.trimStart().split(' ')[0]!.length <= 80) bad.push(`${line}\n${next}`);
  }
  return bad;
}

describe('--help', () => {
  it.each([
    [],
    ['dump'],
    ['generate'],
    ['introspect'],
    ['serve'],
    ['jobs'],
    ['jobs', 'replay'],
    ['jobs', 'verify'],
    ['jobs', 'table'],
    ['jobs', 'diagram'],
  ])('%j is wrapped by commander alone', async (...command) => {
    const r = await run(...command, '--help');
    expect(r.code).toBe(0);
    expect(badlyWrapped(r.stdout)).toEqual([]);
  });

  it('the checker sees a hard line break', () => {
    expect(badlyWrapped('Usage: x\n\nA paragraph broken by hand\nin the middle.\n')).toHaveLength(1);
  });
});
