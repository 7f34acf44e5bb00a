/**
 * The package as other projects get it: `npm pack`, install the tarball into a scratch
 * project outside the tree, then type-check (strict flag set) and run a program that imports
 * the generated types and values, and use the installed CLI.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/qemu-dir.js';
import { STRICT_OPTIONS } from '../generator/backends/typescript/support.js';

const PROGRAM = `
import type { JobInfo, JobStatus } from 'qapi-ts';
import { JobStatusValues } from 'qapi-ts';
import type { JobPauseArguments } from 'qapi-ts/generated/job';

declare const console: { log(text: string): void };

const info: JobInfo = { id: 'job0', type: 'backup', status: 'running', 'current-progress': 1, 'total-progress': 4 };
const pause: JobPauseArguments = { id: info.id };
const last: JobStatus = JobStatusValues[JobStatusValues.length - 1] ?? 'undefined';
console.log(JSON.stringify({ pause, last, statuses: JobStatusValues.length }));
`;

let work = '';
const consumer = (): string => join(work, 'consumer');

function sh(cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', shell: false, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

const tsc = (): string => join(repoRoot, 'node_modules/typescript/bin/tsc');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qapi-ts-pack-'));
  sh('npm', ['pack', '--pack-destination', work, '--silent'], repoRoot);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  mkdirSync(join(consumer(), 'src'), { recursive: true });
  writeFileSync(join(consumer(), 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  sh('npm', ['install', join(work, tarball), '--prefer-offline', '--no-audit', '--no-fund'], consumer());
  writeFileSync(join(consumer(), 'src/main.ts'), PROGRAM);
  const compilerOptions = { ...STRICT_OPTIONS, noEmit: false, outDir: 'dist', rootDir: 'src', skipLibCheck: false };
  writeFileSync(join(consumer(), 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package, installed in another project', () => {
  it('type-checks and runs a program importing the generated types', () => {
    sh(process.execPath, [tsc(), '-p', '.'], consumer());
    const run = sh(process.execPath, ['dist/main.js'], consumer());
    expect(JSON.parse(run.stdout)).toEqual({ pause: { id: 'job0' }, last: 'null', statuses: 11 });
  });

  it('ships a CLI that generates the packaged schema into the project', () => {
    // The command npm links from the package's `bin`, run as a user's shell would.
    const cli = join(consumer(), 'node_modules/.bin/qapi-ts');
    const schema = join(consumer(), 'node_modules/qapi-ts/qapi/qapi-schema.json');
    const run = sh(cli, ['generate', '--qemu', '7.2', schema, '-o', 'src/qapi'], consumer());
    expect(run.stdout).toContain('11 written');
    sh(process.execPath, [tsc(), '-p', '.'], consumer());
  });
});
