/**
 * syncOutput with file-system failures injected (ENOSPC, EACCES) at each step: a failed write
 * leaves the previous output as it was, with no temporary or new folder left behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeOutputFs, OutputError, syncOutput, type OutputFs } from '../../../generator/output/output-dir.js';
import { parseManifest } from '../../../generator/output/output-manifest.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-sync-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function systemError(code: string, text: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${text}, write`), { code });
}

/** The real file system, except that the `n`th call of `method` fails with `error`. */
function failing(method: 'writeFile' | 'mkdir' | 'rename' | 'unlink', n: number, error: NodeJS.ErrnoException): OutputFs {
  let calls = 0;
  return {
    ...nodeOutputFs,
    [method]: (...args: [string, string]) => {
      calls += 1;
      if (calls === n) throw error;
      (nodeOutputFs[method] as (...a: [string, string]) => void)(...args);
    },
  };
}

function tree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files[join(entry.parentPath, entry.name).slice(folder.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

const FIRST = [
  { path: 'a.ts', content: 'a1' },
  { path: 'b.ts', content: 'b1' },
  { path: 'old.ts', content: 'old' },
];
const SECOND = [
  { path: 'a.ts', content: 'a2' },
  { path: 'b.ts', content: 'b2' },
  { path: 'deep/c.ts', content: 'c2' },
];

describe('syncOutput', () => {
  it('writes, rewrites and removes exactly what its manifest says', () => {
    expect(syncOutput(dir, FIRST, { check: false })).toEqual({
      changed: ['a.ts', 'b.ts', 'old.ts'],
      unchanged: [],
      removed: [],
      keptEdited: [],
      manifestChanged: true,
    });
    writeFileSync(join(dir, 'mine.ts'), 'not generated');
    expect(syncOutput(dir, SECOND, { check: false })).toMatchObject({ changed: ['a.ts', 'b.ts', 'deep/c.ts'], removed: ['old.ts'] });
    expect(tree(dir)).toMatchObject({ 'a.ts': 'a2', 'b.ts': 'b2', 'deep/c.ts': 'c2', 'mine.ts': 'not generated' });
    expect([...parseManifest(readFileSync(join(dir, '.qapi-ts-manifest.json'), 'utf8'), 'm').keys()]).toEqual([
      'a.ts',
      'b.ts',
      'deep/c.ts',
    ]);
    expect(syncOutput(dir, SECOND, { check: true })).toEqual({
      changed: [],
      unchanged: ['a.ts', 'b.ts', 'deep/c.ts'],
      removed: [],
      keptEdited: [],
      manifestChanged: false,
    });
  });

  for (const [method, n, code] of [
    ['writeFile', 1, 'ENOSPC'],
    ['writeFile', 3, 'ENOSPC'],
    ['writeFile', 4, 'EACCES'],
    ['mkdir', 1, 'EACCES'],
    ['rename', 1, 'EACCES'],
  ] as const) {
    it(`${method} failing (call ${String(n)}, ${code}): the previous output untouched, nothing left behind`, () => {
      syncOutput(dir, FIRST, { check: false });
      const before = tree(dir);
      const error = systemError(code, code === 'ENOSPC' ? 'no space left on device' : 'permission denied');
      let thrown: unknown;
      try {
        syncOutput(dir, SECOND, { check: false, fs: failing(method, n, error) });
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(OutputError);
      expect((thrown as OutputError).code).toBe(code);
      expect((thrown as OutputError).message).toMatch(
        new RegExp(`^${dir}/[a-z/.-]+: cannot (write|create the folder|rename its new content into place): ${code}: [a-z ]+$`, 'u'),
      );
      expect(tree(dir)).toEqual(before);
      expect(readdirSync(dir).sort()).toEqual(['.qapi-ts-manifest.json', 'a.ts', 'b.ts', 'old.ts']);
    });
  }

  it('refuses a manifest listing a path outside the folder, and changes nothing', () => {
    writeFileSync(
      join(dir, '.qapi-ts-manifest.json'),
      JSON.stringify({ generator: 'qapi-ts', files: { '../x.ts': `sha256:${'0'.repeat(64)}` } }),
    );
    expect(() => syncOutput(dir, FIRST, { check: false })).toThrow(/lists an entry qapi-ts never writes: "\.\.\/x\.ts"/u);
    expect(readdirSync(dir)).toEqual(['.qapi-ts-manifest.json']);
  });

  it('refuses a manifest that is not its own', () => {
    writeFileSync(join(dir, '.qapi-ts-manifest.json'), '{"files": []}');
    expect(() => syncOutput(dir, FIRST, { check: false })).toThrow(/is not a qapi-ts manifest/u);
  });
});
