/** `qapi-ts introspect`, run in-process through the real command line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../../../cli/support.js';
import { qemuDir } from '../../../support/qemu-dir.js';
import { qemuJson } from './load.js';

const work = mkdtempSync(join(tmpdir(), 'qapi-introspect-'));

function write(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const run = (...args: string[]): Promise<CliRun> => runCli('introspect', ...args);

const schema = write(
  'paint.json',
  `{ 'enum': 'Color', 'data': [ 'red', { 'name': 'green', 'if': 'HAVE_GREEN' } ] }
{ 'command': 'paint', 'data': { 'color': 'Color' }, 'if': { 'not': 'NO_PAINT' } }
{ 'event': 'PAINTED', 'if': 'CONFIG_EVT' }
`,
);

describe('qapi-ts introspect', () => {
  it('prints a JSON array, one entry per line; with no symbol given, every element is kept', async () => {
    const r = await run(schema);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      '[\n' +
        '{"name":"paint","ret-type":"1","meta-type":"command","arg-type":"0"},\n' +
        '{"name":"PAINTED","meta-type":"event","arg-type":"1"},\n' +
        '{"name":"0","members":[{"name":"color","type":"2"}],"meta-type":"object"},\n' +
        '{"name":"1","members":[],"meta-type":"object"},\n' +
        '{"name":"2","members":[{"name":"red"},{"name":"green"}],"meta-type":"enum","values":["red","green"]}\n' +
        ']\n',
    );
  });

  it('defines symbols with repeated --define / -D', async () => {
    const r = await run(schema, '--define', 'HAVE_GREEN', '-D', 'CONFIG_EVT', '--unmask');
    const entries = JSON.parse(r.stdout) as { name: string; values?: string[] }[];
    expect(entries.map((e) => e.name)).toEqual(['paint', 'PAINTED', 'q_obj_paint-arg', 'q_empty', 'Color']);
    expect(entries.find((e) => e.name === 'Color')?.values).toEqual(['red', 'green']);
  });

  it('keeps everything with no symbol (or the old --all-conditions), even behind a negation', async () => {
    expect((await run(schema, '--all-conditions')).stdout).toBe((await run(schema)).stdout);
    const r = await run(schema, '--unmask');
    expect((JSON.parse(r.stdout) as { name: string }[]).map((e) => e.name)).toEqual([
      'paint',
      'PAINTED',
      'q_obj_paint-arg',
      'q_empty',
      'Color',
    ]);
    // Only the disabled command's implicit argument type inherits its condition; the types
    // it reaches stay (their numbers too), as in QEMU's generated C.
    const noPaint = JSON.parse((await run(schema, '-D', 'NO_PAINT')).stdout) as { name: string }[];
    expect(noPaint.map((e) => e.name)).toEqual(['1', '2']);
  });

  it("reproduces QEMU's query-qmp-schema from a defines file", async () => {
    const r = await run(
      '--qemu',
      '7.2',
      join(qemuDir(), 'qapi/qapi-schema.json'),
      '--defines-file',
      join(qemuDir(), 'introspection/conditions.json'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(1051 + 3);
    expect(JSON.parse(r.stdout)).toEqual(qemuJson('introspection/query-qmp-schema.json'));
  });

  it("reproduces QEMU 10.0.2's query-qmp-schema with --qemu 10.0, byte for byte but for the layout", async () => {
    const r = await run(
      '--qemu',
      '10.0',
      join(qemuDir('10.0'), 'qapi/qapi-schema.json'),
      '--defines-file',
      join(qemuDir('10.0'), 'introspection/conditions.json'),
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const expected = qemuJson('introspection/query-qmp-schema.json', '10.0') as unknown[];
    expect(expected).toHaveLength(1172);
    // One entry per line, each exactly the JSON of QEMU's entry (keys in the order QEMU sends them).
    expect(r.stdout).toBe(`[\n${expected.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
  });

  it('rejects an unusable defines file with a clear message', async () => {
    const missing = await run(schema, '--defines-file', join(work, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^qapi-ts: cannot read defines file '.*nope\.json': ENOENT/);
    const wrong = await run(schema, '--defines-file', write('bad.json', '{"defined": "X"}'));
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toContain('must be a JSON object with a "defined" array of strings');
  });

  it('refuses --all-conditions together with --define', async () => {
    const r = await run(schema, '--all-conditions', '-D', 'X');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'--all-conditions' cannot be used with option '-D, --define <symbol>'");
  });

  it('reports schema errors as QEMU does', async () => {
    const bad = write('bad-schema.json', "{ 'command': 'oops', 'data': { 'x': 'Nope' } }\n");
    const r = await run(bad);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(`${bad}: In command 'oops':\n${bad}:1: parameter 'x' uses unknown type 'Nope'\n`);
  });

  it('teaches in --help, with an example', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('query-qmp-schema');
    expect(r.stdout).toMatch(/--define <symbol>[\s\S]*--defines-file <file>[\s\S]*--unmask/);
    expect(r.stdout).toContain('Examples:\n  # what a QEMU built');
  });
});
