/** `qapi-ts generate`, run in-process as users run it: settings, config messages, `--check`. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli as run } from './support.js';
import { qemuDir, repoRoot } from '../support/qemu-dir.js';

let dir = '';
let cwd = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-cli-'));
  cpSync(join(repoRoot, 'qapi'), join(dir, 'qapi'), { recursive: true });
  cpSync(join(repoRoot, 'qapi.config.json5'), join(dir, 'qapi.config.json5'));
  cwd = process.cwd();
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('qapi-ts generate', () => {
  it('with no arguments, generates as qapi.config.json5 says, with a manifest of what it wrote', async () => {
    const result = await run('generate');
    expect(result).toEqual({ code: 0, stdout: 'generated: 11 written, 0 unchanged\n', stderr: '' });
    expect(readFileSync(join(dir, 'generated/job.ts'), 'utf8')).toContain('export type JobStatus =');
    const manifest = JSON.parse(readFileSync(join(dir, 'generated/.qapi-ts-manifest.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toHaveLength(11);
    expect(manifest.files['job.ts']).toMatch(/^sha256:[0-9a-f]{64}$/u);
  });

  it('the committed generated/ carries the same manifest a fresh run writes', async () => {
    await run('generate');
    expect(readFileSync(join(dir, 'generated/.qapi-ts-manifest.json'), 'utf8')).toBe(
      readFileSync(join(repoRoot, 'generated/.qapi-ts-manifest.json'), 'utf8'),
    );
  });

  it('writes only the files whose content changed', async () => {
    await run('generate');
    const before = statSync(join(dir, 'generated/job.ts')).mtimeMs;
    writeFileSync(join(dir, 'generated/index.ts'), 'stale');
    expect((await run('generate')).stdout).toBe('generated: 1 written, 10 unchanged\n');
    expect(statSync(join(dir, 'generated/job.ts')).mtimeMs).toBe(before);
  });

  it('--check exits 1 naming stale and left-over files and the manifest, and writes nothing', async () => {
    writeFileSync(
      join(dir, 'qapi/extra.json'),
      "##\n# = Extra\n##\n\n##\n# @Extra:\n#\n# @one: a value\n#\n# Since: 1.0\n##\n{ 'enum': 'Extra', 'data': [ 'one' ] }\n",
    );
    const main = readFileSync(join(dir, 'qapi/qapi-schema.json'), 'utf8');
    writeFileSync(join(dir, 'qapi/qapi-schema.json'), `${main}{ 'include': 'extra.json' }\n`);
    expect((await run('generate')).code).toBe(0);
    writeFileSync(join(dir, 'qapi/qapi-schema.json'), main);
    writeFileSync(join(dir, 'generated/job.ts'), '// edited');
    const result = await run('generate', '--check');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'qapi-ts: generated files are out of date (run qapi-ts generate):\n' +
        '  generated/job.ts\n  generated/index.ts\n  generated/extra.ts\n  generated/.qapi-ts-manifest.json\n',
    );
    expect(readFileSync(join(dir, 'generated/job.ts'), 'utf8')).toBe('// edited');
    expect(existsSync(join(dir, 'generated/extra.ts'))).toBe(true);
    expect(await run('generate')).toMatchObject({ code: 0, stdout: 'generated: 2 written, 9 unchanged, 1 removed\n' });
    expect(existsSync(join(dir, 'generated/extra.ts'))).toBe(false);
    expect(await run('generate', '--check')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('lets flags override the config', async () => {
    const schema = join(qemuDir(), 'tests/qapi-schema/qapi-schema-test.json');
    const result = await run('generate', schema, '-o', 'out', '-D', 'TEST_IF_STRUCT', '--define', 'TEST_IF_ENUM');
    expect(result.code).toBe(0);
    const text = readFileSync(join(dir, 'out/qapi-schema-test.ts'), 'utf8');
    expect(text).toContain('export interface TestIfStruct {');
    expect(text).not.toContain('TestIfAlternate');
  });

  it('takes its symbols from --defines-file too, and its config keys defines and unmask', async () => {
    const schema = join(qemuDir(), 'tests/qapi-schema/qapi-schema-test.json');
    writeFileSync(join(dir, 'defines.json'), '{"defined": ["TEST_IF_STRUCT"]}');
    expect((await run('generate', schema, '-o', 'out', '--defines-file', 'defines.json', '--qemu', '7.2')).code).toBe(0);
    const text = readFileSync(join(dir, 'out/qapi-schema-test.ts'), 'utf8');
    expect(text).toContain('export interface TestIfStruct {');
    expect(text).not.toContain('TestIfAlternate');
    writeFileSync(
      join(dir, 'qapi.config.json5'),
      `{ schema: '${schema}', output: 'cfg', defines: ['TEST_IF_STRUCT'], unmask: true, qemu: '7.2' }`,
    );
    expect((await run('generate')).code).toBe(0);
    expect(readFileSync(join(dir, 'cfg/qapi-schema-test.ts'), 'utf8')).not.toContain('TestIfAlternate');
    expect(readFileSync(join(dir, 'cfg/qmp-introspection.ts'), 'utf8')).toContain('"name":"UserDefOne"');
    expect(readFileSync(join(dir, 'out/qmp-introspection.ts'), 'utf8')).not.toContain('"name":"UserDefOne"');
  });

  it('prints schema errors exactly as dump does, and exits 1', async () => {
    const schema = join(qemuDir(), 'tests/qapi-schema/enum-clash-member.json');
    const dump = await run('dump', schema);
    const generate = await run('generate', schema, '-o', 'out');
    expect(generate).toEqual({ code: 1, stdout: '', stderr: dump.stderr });
    expect(dump.stderr).toMatch(/enum-clash-member\.json:\d+: /u);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('says what is missing: no config file at all, a config without schema or output', async () => {
    rmSync(join(dir, 'qapi.config.json5'));
    expect(await run('generate')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `qapi-ts: no schema given, and there is no qapi.config.json5 in ${process.cwd()}: name one (qapi-ts generate SCHEMA -o DIR) ` +
        "or create qapi.config.json5 with { schema: 'path/to/schema.json', output: 'DIR' }\n",
    });
    expect(await run('generate', 'qapi/qapi-schema.json')).toMatchObject({
      code: 1,
      stderr: 'qapi-ts: no output folder given: add -o DIR (there is no qapi.config.json5 here to give one)\n',
    });
    writeFileSync(join(dir, 'qapi.config.json5'), "{ output: 'x' }");
    expect(await run('generate')).toMatchObject({
      code: 1,
      stderr:
        "qapi-ts: no schema given, and qapi.config.json5 has no 'schema' key: add one (schema: 'path/to/schema.json') or name it (qapi-ts generate SCHEMA)\n",
    });
    writeFileSync(join(dir, 'qapi.config.json5'), "{ schema: 'qapi/qapi-schema.json' }");
    expect(await run('generate')).toMatchObject({
      code: 1,
      stderr: "qapi-ts: no output folder given, and qapi.config.json5 has no 'output' key: add one (output: 'DIR') or give -o DIR\n",
    });
    expect(await run('generate', '-c', 'nope.json5')).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read config') });
  });

  it('refuses a bad config with the key at fault', async () => {
    writeFileSync(join(dir, 'qapi.config.json5'), "{ schema: 'qapi/qapi-schema.json', outptu: 'x' }");
    expect(await run('generate')).toMatchObject({ code: 1, stderr: expect.stringContaining("unknown key 'outptu'") });
    writeFileSync(join(dir, 'qapi.config.json5'), "{ schema: 'qapi/qapi-schema.json', output: 'x', unmask: 'yes' }");
    expect(await run('generate')).toMatchObject({ code: 1, stderr: expect.stringContaining("'unmask' must be true or false") });
  });

  it('refuses --watch with --check', async () => {
    expect(await run('generate', '--watch', '--check')).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot be used with') });
  });

  it('--help explains each option with an example', async () => {
    const help = (await run('generate', '--help')).stdout;
    for (const option of ['--output', '--define', '--defines-file', '--unmask', '--check', '--watch', '--config'])
      expect(help).toContain(option);
    expect(help).toContain('$ qapi-ts generate --check');
    expect(help).toContain('-D CONFIG_LINUX');
    expect(help).toContain('.qapi-ts-manifest.json');
  });

  it('creates nested output folders', async () => {
    mkdirSync(join(dir, 'a'));
    expect((await run('generate', 'qapi/qapi-schema.json', '-o', 'a/b/c')).code).toBe(0);
    expect(existsSync(join(dir, 'a/b/c/index.ts'))).toBe(true);
  });
});
