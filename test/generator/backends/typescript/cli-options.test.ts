/**
 * `qapi-ts generate`'s output options (`--int64`, `--target`, `--import-extension` and their
 * config keys), run in-process; and `--target js` from the built CLI where ts-morph cannot be
 * found.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../../../cli/support.js';
import { repoRoot } from '../../../support/qemu-dir.js';

/** The project's schema is written in QEMU 7.2's dialect. */
const run = (...argv: string[]): Promise<CliRun> => runCli(...argv, ...(argv[0] === 'generate' ? ['--qemu', '7.2'] : []));

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
      code: 1,
      stdout: '',
      stderr: `qapi-ts: ${join(dir, 'qapi.config.json5')}: 'int64' must be one of 'number', 'bigint'\n`,
    });
    const flag = await run('generate', '--int64', 'string');
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("argument 'string' is invalid. Allowed choices are number, bigint.");
  });
});

describe('qapi-ts generate --target and --import-extension', () => {
  it('--target js writes JavaScript and declarations, importing .js files', async () => {
    expect(await run('generate', 'qapi/qapi-schema.json', '-o', 'js', '--target', 'js')).toMatchObject({ code: 0, stderr: '' });
    expect(read('js/index.js')).toContain("export * from './job.js';");
    expect(read('js/job.d.ts')).toContain('export interface JobInfo {');
    expect(read('js/job.js')).toContain('export const JobStatusValues = [');
    expect(existsSync(join(dir, 'js/job.ts'))).toBe(false);
  });

  it('--import-extension none and .ts change the specifiers of the TypeScript', async () => {
    expect((await run('generate', 'qapi/qapi-schema.json', '-o', 'bare', '--import-extension', 'none')).code).toBe(0);
    expect(read('bare/index.ts')).toContain("export * from './job';");
    expect(read('bare/qmp-validation.ts')).toContain('from "./qmp-data-types";');
    expect(read('bare/index.ts')).toContain('importExtension none');
    expect((await run('generate', 'qapi/qapi-schema.json', '-o', 'deno', '--import-extension', '.ts')).code).toBe(0);
    expect(read('deno/index.ts')).toContain("export * from './job.ts';");
  });

  it("takes 'target' and 'importExtension' from the config", async () => {
    writeFileSync(
      join(dir, 'qapi.config.json5'),
      "{ schema: 'qapi/qapi-schema.json', output: 'out', target: 'js', importExtension: 'none' }",
    );
    expect((await run('generate')).code).toBe(0);
    expect(read('out/index.js')).toContain("export * from './job';");
  });

  it('refuses .ts imports in JavaScript, writing nothing', async () => {
    const result = await run('generate', 'qapi/qapi-schema.json', '-o', 'js', '--target', 'js', '--import-extension', '.ts');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: "qapi-ts: --import-extension .ts is for TypeScript output: JavaScript imports '.js' files (or none, with a bundler)\n",
    });
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('the built CLI without ts-morph: a clear message naming the package, exit 1; TypeScript output needs none', () => {
    // bin/ and dist/bundle/ alone, in a folder with no node_modules above it: everything but ts-morph is bundled.
    cpSync(join(repoRoot, 'bin'), join(dir, 'cli/bin'), { recursive: true });
    cpSync(join(repoRoot, 'dist/bundle'), join(dir, 'cli/dist/bundle'), { recursive: true });
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(dir, 'cli/bin/qapi-ts.cjs'), ...args, '--qemu', '7.2'], { encoding: 'utf8', cwd: dir });
    const js = cli('generate', 'qapi/qapi-schema.json', '-o', 'js', '--target', 'js');
    expect({ status: js.status, stderr: js.stderr }).toEqual({
      status: 1,
      stderr:
        "qapi-ts: generating JavaScript (--target js) needs the package 'ts-morph', which is not installed: npm install --save-dev ts-morph\n",
    });
    expect(existsSync(join(dir, 'js'))).toBe(false);
    expect(cli('generate', 'qapi/qapi-schema.json', '-o', 'ts').status).toBe(0);
  });
});
