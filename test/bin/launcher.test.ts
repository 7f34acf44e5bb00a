/**
 * bin/qapi-ts.cjs loads the CLI chunks with the code caches the build wrote. A cache V8 will
 * not take (another Node version or V8 flags, a damaged file) must only cost time, and a
 * missing build must say what to do.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/qemu-dir.js';

const work = mkdtempSync(join(tmpdir(), 'qapi-ts-launcher-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const schema = join(repoRoot, 'qapi/qapi-schema.json');

function run(launcher: string, nodeArgs: readonly string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeArgs, launcher, 'dump', '--qemu', '7.2', schema], { encoding: 'utf8' });
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

describe('the qapi-ts launcher', () => {
  it('runs the built CLI with its code caches', () => {
    expect(expected.status).toBe(0);
    expect(expected.stderr).toBe('');
    expect(expected.stdout).toContain('module qapi-schema.json');
    expect(readdirSync(join(repoRoot, 'dist/bundle')).filter((f) => f.endsWith('.cache')).length).toBeGreaterThan(3);
  });

  it('gives the same result when V8 rejects the caches (other V8 flags)', () => {
    expect(run(join(repoRoot, 'bin/qapi-ts.cjs'), ['--hash-seed=7'])).toEqual(expected);
  });

  it('gives the same result with damaged cache files', () => {
    const root = copyOfCli('damaged');
    for (const f of readdirSync(join(root, 'dist/bundle'))) {
      if (f.endsWith('.cache')) writeFileSync(join(root, 'dist/bundle', f), 'not a code cache');
    }
    expect(run(join(root, 'bin/qapi-ts.cjs'))).toEqual(expected);
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

describe('bin/qapi-ts.js, the launcher\'s old name', () => {
  it('runs the same CLI (links made before the rename, e.g. in npx\'s cache, keep working)', () => {
    expect(run(join(repoRoot, 'bin/qapi-ts.js'))).toEqual(expected);
  });
});
