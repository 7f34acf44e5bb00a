/** `qapi-ts generate`'s representation options (`--int64`, and its config key), run in-process. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../../generator/cli/main.js';
import { repoRoot } from '../../../support/qemu-dir.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

let dir = '';
let cwd = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-cli-options-'));
  cpSync(join(repoRoot, 'qapi'), join(dir, 'qapi'), { recursive: true });
  cwd = process.cwd();
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

const read = (path: string): string => readFileSync(join(dir, path), 'utf8');

describe('qapi-ts generate --int64', () => {
  it('types the 64-bit integers as asked and tells the runtime in the validation tables', async () => {
    expect((await run('generate', 'qapi/qapi-schema.json', '-o', 'big', '--int64', 'bigint')).code).toBe(0);
    expect(read('big/job.ts')).toContain("'current-progress': bigint;");
    expect(read('big/qmp-validation.ts')).toContain('  int64: "bigint",\n');
    expect((await run('generate', 'qapi/qapi-schema.json', '-o', 'plain')).code).toBe(0);
    expect(read('plain/job.ts')).toContain("'current-progress': number;");
    expect(read('plain/qmp-validation.ts')).toContain('  int64: "number",\n');
  });

  it("takes 'int64' from the config, the flag overriding it", async () => {
    writeFileSync(join(dir, 'qapi.config.json5'), "{ schema: 'qapi/qapi-schema.json', output: 'out', int64: 'bigint' }");
    expect((await run('generate')).code).toBe(0);
    expect(read('out/job.ts')).toContain("'current-progress': bigint;");
    expect((await run('generate', '--int64', 'number')).code).toBe(0);
    expect(read('out/job.ts')).toContain("'current-progress': number;");
  });

  it('refuses an unknown representation, naming the known ones', async () => {
    writeFileSync(join(dir, 'qapi.config.json5'), "{ schema: 'qapi/qapi-schema.json', output: 'out', int64: 'long' }");
    expect(await run('generate')).toEqual({
      code: 1, stdout: '', stderr: `qapi-ts: ${join(dir, 'qapi.config.json5')}: 'int64' must be one of 'number', 'bigint'\n`,
    });
    const flag = await run('generate', '--int64', 'string');
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("argument 'string' is invalid. Allowed choices are number, bigint.");
  });
});
