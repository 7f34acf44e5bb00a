/**
 * The package as other projects get it: `npm pack`, install the tarball into a scratch
 * project outside the tree as a user would (`--omit=dev`), then check what landed (size, no
 * build-machine artefacts, no compiler), type-check (strict flag set) and run programs that
 * import the runtime and the generated types, `require()` it from CommonJS, and use the
 * installed CLI.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/qemu-dir.js';
import { STRICT_OPTIONS } from '../generator/backends/typescript/support.js';
import { readmeFiles, readmeOutputOf, readmeText } from '../support/readme.js';

const PROGRAM = `
import type { JobInfo, JobStatus } from 'qapi-ts/generated/index';
import { JobStatusValues } from 'qapi-ts/generated/index';
import type { JobPauseArguments } from 'qapi-ts/generated/job';
import { qmpValidation } from 'qapi-ts/generated/index';
import { createTypedDispatcher, QmpError } from 'qapi-ts';

declare const console: { log(text: string): void };

const info: JobInfo = { id: 'job0', type: 'backup', status: 'running', 'current-progress': 1, 'total-progress': 4 };
const pause: JobPauseArguments = { id: info.id };
const last: JobStatus = JobStatusValues[JobStatusValues.length - 1] ?? 'undefined';
const dispatcher = createTypedDispatcher({ validation: qmpValidation, handlers: { 'query-jobs': () => [info] } });
// @ts-expect-error the handlers are checked against the schema without a type argument
createTypedDispatcher({ validation: qmpValidation, handlers: { 'query-jobs': () => 'none' } });
const reply = await dispatcher.dispatch({ execute: 'query-jobs' });
console.log(JSON.stringify({ pause, last, statuses: JobStatusValues.length, reply, error: new QmpError('GenericError', 'x').name }));
`;

/** CommonJS users: Node's require() of this ESM package (Node 20.19+, 22.12+). */
const REQUIRE_PROGRAM = `
const runtime = require('qapi-ts');
const serve = require('qapi-ts/serve');
const generator = require('qapi-ts/generator');
console.log(JSON.stringify({
  connectQmp: typeof runtime.connectQmp,
  createJobServer: typeof serve.createJobServer,
  generate: typeof generator.generate,
  sameRuntime: require('qapi-ts/runtime') === runtime,
  schemaFree: !('qmpValidation' in runtime) && !('createJobServer' in runtime),
}));
`;

/** What `npm install qapi-ts` may weigh, the package and its dependencies together. */
const MAX_INSTALLED_BYTES = 5 * 1024 * 1024;

let work = '';
let tarballFiles: string[] = [];
const consumer = (): string => join(work, 'consumer');
/** The README's quick start, as a user follows it. */
const quickStart = (): string => join(work, 'quick-start');
const QUICK_START_FILES = ['pets.json', 'tsconfig.json', 'src/main.ts'];

function sh(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', shell: false, timeout: 120_000, env });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const tsc = (): string => join(repoRoot, 'node_modules/typescript/bin/tsc');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qapi-ts-pack-'));
  // --ignore-scripts: the suite runs on a fresh build; packing must not rebuild under it.
  const packed = sh('npm', ['pack', '--pack-destination', work, '--ignore-scripts', '--json'], repoRoot);
  tarballFiles = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  mkdirSync(join(consumer(), 'src'), { recursive: true });
  writeFileSync(join(consumer(), 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  sh('npm', ['install', join(work, tarball), '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], consumer());
  writeFileSync(join(consumer(), 'src/main.ts'), PROGRAM);
  mkdirSync(quickStart());
  writeFileSync(join(quickStart(), 'package.json'), JSON.stringify({ name: 'pet-shop', private: true, type: 'module' }));
  sh('npm', ['install', join(work, tarball), '--prefer-offline', '--no-audit', '--no-fund'], quickStart());
  // `npm install --save-dev @types/node`, from the tree's copy.
  symlinkSync(join(repoRoot, 'node_modules/@types'), join(quickStart(), 'node_modules/@types'));
  const files = readmeFiles();
  for (const name of QUICK_START_FILES) {
    mkdirSync(dirname(join(quickStart(), name)), { recursive: true });
    writeFileSync(join(quickStart(), name), files.get(name) ?? '');
  }
  writeFileSync(join(consumer(), 'require.cjs'), REQUIRE_PROGRAM);
  // The runtime's declarations use Node's types, as a user's project has them (`npm i -D @types/node`): the tree's copy.
  const nodeTypes = { types: ['node'], typeRoots: [join(repoRoot, 'node_modules/@types')] };
  const compilerOptions = { ...STRICT_OPTIONS, ...nodeTypes, noEmit: false, outDir: 'dist', rootDir: 'src', skipLibCheck: false };
  writeFileSync(join(consumer(), 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('holds no build-machine artefacts: no V8 code caches, no source maps of unshipped sources', () => {
    expect(tarballFiles.filter((f) => f.endsWith('.cache') || f.endsWith('.map'))).toEqual([]);
    expect(tarballFiles.filter((f) => f.startsWith('dist/cli/')).length).toBeGreaterThan(3);
  });

  it('holds every file the README and CONTRIBUTING.md link to', () => {
    for (const doc of ['README.md', 'CONTRIBUTING.md']) {
      expect(tarballFiles).toContain(doc);
      const text = readFileSync(join(repoRoot, doc), 'utf8');
      const links = [...text.matchAll(/\]\(([^)#]+)\)/gu)].map((m) => m[1]!).filter((link) => !/^[a-z]+:/u.test(link));
      for (const link of links) expect(tarballFiles, `${doc} links to ${link}`).toContain(link);
    }
  });

  it('ships its LICENSE and its examples', () => {
    expect(tarballFiles).toContain('LICENSE');
    expect(tarballFiles.filter((f) => f.startsWith('examples/')).length).toBeGreaterThan(0);
  });
});

describe('the packed package, installed in another project', () => {
  it(`weighs at most ${MAX_INSTALLED_BYTES / 1024 / 1024} MB with its dependencies, with no compiler among them`, () => {
    const modules = join(consumer(), 'node_modules');
    expect(existsSync(join(modules, 'ts-morph'))).toBe(false);
    expect(existsSync(join(modules, 'typescript'))).toBe(false);
    expect(bytesUnder(modules)).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
  });

  it('type-checks and runs a program importing the runtime and the generated types', () => {
    sh(process.execPath, [tsc(), '-p', '.'], consumer());
    const run = sh(process.execPath, ['dist/main.js'], consumer());
    expect(JSON.parse(run.stdout)).toEqual({
      pause: { id: 'job0' },
      last: 'null',
      statuses: 11,
      error: 'QmpError',
      reply: { return: [{ id: 'job0', type: 'backup', status: 'running', 'current-progress': 1, 'total-progress': 4 }] },
    });
  });

  it("runs the README's quick start: generate, compile, and the output the README shows", () => {
    const readme = readmeText();
    expect([...readmeFiles(readme).keys()]).toEqual(expect.arrayContaining(QUICK_START_FILES));
    expect(readme).toContain('npx qapi-ts generate pets.json -o src/qapi\n');
    sh(join(quickStart(), 'node_modules/.bin/qapi-ts'), ['generate', 'pets.json', '-o', 'src/qapi'], quickStart(), {
      ...process.env,
      QAPI_TS_CACHE_DIR: join(work, 'cache'),
    });
    sh(process.execPath, [tsc()], quickStart());
    const run = sh(process.execPath, ['dist/main.js'], quickStart());
    expect(run.stdout).toBe(readmeOutputOf('npx tsc && node dist/main.js', readme));
  });

  it('runs its shipped example from node_modules', () => {
    const run = sh(process.execPath, ['node_modules/qapi-ts/dist/examples/demo-jobs.js'], consumer());
    expect(run.stdout).toContain('demo0: created -> running -> waiting -> pending -> concluded -> null');
  });

  it("is require()d from CommonJS on this Node; '.' is the schema-free runtime", () => {
    const run = sh(process.execPath, ['require.cjs'], consumer());
    expect(JSON.parse(run.stdout)).toEqual({
      connectQmp: 'function',
      createJobServer: 'function',
      generate: 'function',
      sameRuntime: true,
      schemaFree: true,
    });
  });

  it('ships a CLI that generates the packaged schema into the project, its code caches kept outside the package', () => {
    // The command npm links from the package's `bin`, run as a user's shell would.
    const cli = join(consumer(), 'node_modules/.bin/qapi-ts');
    const schema = join(consumer(), 'node_modules/qapi-ts/qapi/qapi-schema.json');
    const cache = join(work, 'cache');
    const env = { ...process.env, QAPI_TS_CACHE_DIR: cache };
    const run = sh(cli, ['generate', '--qemu', '7.2', schema, '-o', 'src/qapi'], consumer(), env);
    expect(run.stdout).toContain('11 written');
    sh(process.execPath, [tsc(), '-p', '.'], consumer());
    expect(readdirSync(cache).filter((f) => f.endsWith('.cache')).length).toBeGreaterThan(3);
    expect(readdirSync(join(consumer(), 'node_modules/qapi-ts/dist/cli')).filter((f) => f.endsWith('.cache'))).toEqual([]);
  });
});
