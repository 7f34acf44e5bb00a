/**
 * The API reference (docs/api/, shipped in the package): TypeDoc over the public entry points
 * with warnings as errors, so an export without documentation, a broken `{@link}` or a type
 * the reference cannot reach fails here; and the committed reference is what TypeDoc makes of
 * the current sources (`npm run docs` rewrites it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/qemu-dir.js';

const out = mkdtempSync(join(tmpdir(), 'qapi-ts-api-docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe('the API reference', () => {
  it('builds from the TSDoc with no warning, and docs/api/ is up to date', () => {
    const typedoc = join(repoRoot, 'tools/api-docs/node_modules/typedoc/bin/typedoc');
    const run = spawnSync(process.execPath, [typedoc, '--options', join(repoRoot, 'tools/api-docs/typedoc.json'), '--out', out], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\[(warning|error)\]/);
    expect(run.status).toBe(0);
    const made = filesUnder(out);
    const committed = filesUnder(join(repoRoot, 'docs/api'));
    expect([...committed.keys()].sort(), 'run `npm run docs`').toEqual([...made.keys()].sort());
    for (const [path, text] of made) expect(committed.get(path), `docs/api/${path} is stale: run \`npm run docs\``).toBe(text);
  }, 120_000);
});
