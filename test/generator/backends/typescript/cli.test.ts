/** `qapi-ts generate`, run in-process as users run it. */
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../../generator/cli/main.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

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
  it('with no arguments, generates as qapi.config.json5 says', async () => {
    const result = await run('generate');
    expect(result).toEqual({ code: 0, stdout: 'generated: 11 written, 0 unchanged\n', stderr: '' });
    expect(readFileSync(join(dir, 'generated/job.ts'), 'utf8')).toContain('export type JobStatus =');
  });

  it('writes only the files whose content changed', async () => {
    await run('generate');
    const before = statSync(join(dir, 'generated/job.ts')).mtimeMs;
    writeFileSync(join(dir, 'generated/index.ts'), 'stale');
    expect((await run('generate')).stdout).toBe('generated: 1 written, 10 unchanged\n');
    expect(statSync(join(dir, 'generated/job.ts')).mtimeMs).toBe(before);
  });

  it('--check exits 1 naming stale and left-over files, and writes nothing', async () => {
    await run('generate');
    writeFileSync(join(dir, 'generated/job.ts'), '// edited');
    const leftOver = readFileSync(join(dir, 'generated/index.ts'), 'utf8');
    writeFileSync(join(dir, 'generated/old.ts'), leftOver);
    const result = await run('generate', '--check');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('  generated/job.ts\n');
    expect(result.stderr).toContain('  generated/old.ts\n');
    expect(readFileSync(join(dir, 'generated/job.ts'), 'utf8')).toBe('// edited');
    await run('generate');
    expect((await run('generate', '--check')).code).toBe(0);
  });

  it('lets flags override the config', async () => {
    const schema = join(qemuDir(), 'tests/qapi-schema/qapi-schema-test.json');
    const result = await run('generate', schema, '-o', 'out', '-D', 'TEST_IF_STRUCT', '--define', 'TEST_IF_ENUM');
    expect(result.code).toBe(0);
    const text = readFileSync(join(dir, 'out/qapi-schema-test.ts'), 'utf8');
    expect(text).toContain('export interface TestIfStruct {');
    expect(text).not.toContain('TestIfAlternate');
  });

  it('prints schema errors exactly as dump does, and exits 1', async () => {
    const schema = join(qemuDir(), 'tests/qapi-schema/enum-clash-member.json');
    const dump = await run('dump', schema);
    const generate = await run('generate', schema, '-o', 'out');
    expect(generate).toEqual({ code: 1, stdout: '', stderr: dump.stderr });
    expect(dump.stderr).toMatch(/enum-clash-member\.json:\d+: /u);
  });

  it('reports a missing config and a bad one', async () => {
    rmSync(join(dir, 'qapi.config.json5'));
    expect(await run('generate')).toMatchObject({ code: 1, stderr: expect.stringContaining('no schema given') });
    writeFileSync(join(dir, 'qapi.config.json5'), "{ schema: 'qapi/qapi-schema.json', outptu: 'x' }");
    expect(await run('generate')).toMatchObject({ code: 1, stderr: expect.stringContaining("unknown key 'outptu'") });
  });

  it('--help explains each option with an example', async () => {
    const help = (await run('generate', '--help')).stdout;
    for (const option of ['--output', '--define', '--check', '--config']) expect(help).toContain(option);
    expect(help).toContain('$ qapi-ts generate --check');
    expect(help).toContain('-D CONFIG_LINUX');
  });
});
