/**
 * bin/qapi-ts.cjs loads the CLI chunks with V8 code caches it writes itself, on the first run,
 * into a per-user cache folder (never into the package). A cache V8 will not take (another
 * Node version or V8 flags, a damaged file) or a folder it cannot write must only cost time,
 * and a missing build must say what to do.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/qemu-dir.js';

const work = mkdtempSync(join(tmpdir(), 'qapi-ts-launcher-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const schema = join(repoRoot, 'qapi/qapi-schema.json');

/** The cache folder of every run below unless told otherwise. */
const cache = join(work, 'cache');

function run(
  launcher: string,
  nodeArgs: readonly string[] = [],
  cacheDir = cache,
): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, QAPI_TS_CACHE_DIR: cacheDir };
  const r = spawnSync(process.execPath, [...nodeArgs, launcher, 'dump', '--qemu', '7.2', schema], { encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of bin/ and dist/bundle/ (what the launcher reads), to damage at will. */
function copyOfCli(name: string): string {
  const root = join(work, name);
  cpSync(join(repoRoot, 'bin'), join(root, 'bin'), { recursive: true });
  cpSync(join(repoRoot, 'dist/bundle'), join(root, 'dist/bundle'), { recursive: true });
  return root;
}

const expected = run(join(repoRoot, 'bin/qapi-ts.cjs'));

const cacheFiles = (): string[] =>
  readdirSync(cache)
    .filter((f) => f.endsWith('.cache'))
    .sort();

describe('the qapi-ts launcher', () => {
  it('runs the built CLI and writes the code caches of the chunks it ran, outside the package', () => {
    expect(expected.status).toBe(0);
    expect(expected.stderr).toBe('');
    expect(expected.stdout).toContain('module qapi-schema.json');
    expect(cacheFiles().length).toBeGreaterThan(3);
    expect(cacheFiles().every((f) => f.includes(`-v8-${process.versions.v8}-${process.arch}`))).toBe(true);
    expect(readdirSync(join(repoRoot, 'dist/bundle')).filter((f) => f.endsWith('.cache'))).toEqual([]);
  });

  it('uses the caches on the next run, leaving them as they are', () => {
    const before = cacheFiles().map((f) => statSync(join(cache, f)).mtimeMs);
    expect(run(join(repoRoot, 'bin/qapi-ts.cjs'))).toEqual(expected);
    expect(cacheFiles().map((f) => statSync(join(cache, f)).mtimeMs)).toEqual(before);
  });

  // dump and introspect run with a V8 flag of their own (TurboFan off), and V8 takes a cache only
  // under the flags it was made with: each kind of run must find, and keep, caches of its own.
  it('keeps apart the caches of short runs (TurboFan off) and of the others, each taken on the next run', () => {
    const dir = join(work, 'two-kinds');
    const env = { ...process.env, QAPI_TS_CACHE_DIR: dir };
    const both = (): void => {
      for (const args of [
        ['dump', '--qemu', '7.2', schema],
        ['jobs', 'table'],
      ]) {
        expect(spawnSync(process.execPath, [join(repoRoot, 'bin/qapi-ts.cjs'), ...args], { env }).status).toBe(0);
      }
    };
    const caches = (): Map<string, number> => new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    both();
    const first = caches();
    expect([...first.keys()].filter((f) => f.endsWith('-no-opt.cache')).length).toBeGreaterThan(3);
    expect([...first.keys()].filter((f) => !f.endsWith('-no-opt.cache')).length).toBeGreaterThan(0);
    both();
    expect(caches()).toEqual(first);
  });

  it('gives the same result when V8 rejects the caches (other V8 flags)', () => {
    expect(run(join(repoRoot, 'bin/qapi-ts.cjs'), ['--hash-seed=7'])).toEqual(expected);
  });

  it('gives the same result with damaged cache files', () => {
    const damaged = join(work, 'damaged-cache');
    cpSync(cache, damaged, { recursive: true });
    for (const f of readdirSync(damaged)) writeFileSync(join(damaged, f), 'not a code cache');
    expect(run(join(repoRoot, 'bin/qapi-ts.cjs'), [], damaged)).toEqual(expected);
  });

  it('gives the same result when the cache folder cannot be made', () => {
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    expect(run(join(repoRoot, 'bin/qapi-ts.cjs'), [], join(file, 'cache'))).toEqual(expected);
  });

  // V8 checks only the source length, so the launcher compares the bytes: a cache made for
  // other bytes of the same length would run the old code.
  it('never runs a cache made for another chunk of the same length, and replaces it', () => {
    const root = copyOfCli('changed');
    const dir = join(work, 'changed-cache');
    expect(run(join(root, 'bin/qapi-ts.cjs'), [], dir).stdout).toBe(expected.stdout);
    const chunk = join(root, 'dist/bundle/dump.cjs');
    const source = readFileSync(chunk, 'utf8');
    expect(source).toContain('"doc freeform"');
    writeFileSync(chunk, source.replace('"doc freeform"', '"doc FREEFORM"'));
    const changed = run(join(root, 'bin/qapi-ts.cjs'), [], dir);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toBe(expected.stdout.replaceAll('doc freeform', 'doc FREEFORM'));
    expect(changed.stdout).not.toBe(expected.stdout);
    // the next run takes the new cache, and the other install's caches were never touched
    expect(run(join(root, 'bin/qapi-ts.cjs'), [], dir)).toEqual(changed);
    expect(readdirSync(dir).filter((f) => f.startsWith('dump.cjs-')).length).toBe(1);
    expect(cacheFiles().filter((f) => f.startsWith('dump.cjs-')).length).toBe(1);
  });

  it('says how to build when the CLI is not built', () => {
    const root = copyOfCli('unbuilt');
    rmSync(join(root, 'dist'), { recursive: true });
    const r = run(join(root, 'bin/qapi-ts.cjs'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^qapi-ts: the command line is not built \(no .*qapi-ts\.cjs\); run `npm run build`\n$/);
  });
});

describe("bin/qapi-ts.js, the launcher's old name", () => {
  it("runs the same CLI (links made before the rename, e.g. in npx's cache, keep working)", () => {
    expect(run(join(repoRoot, 'bin/qapi-ts.js'))).toEqual(expected);
  });
});
