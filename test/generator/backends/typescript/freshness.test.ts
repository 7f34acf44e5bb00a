/** `generated/` is committed: it must be exactly what `qapi-ts generate` makes of `qapi/` now. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, syncOutput } from '../../../../generator/generate.js';
import { repoRoot } from '../../../support/qemu-dir.js';

describe('generated/', () => {
  it('is fresh (run `npm run generate` when this fails)', () => {
    const files = generate({ schema: join(repoRoot, 'qapi/qapi-schema.json') });
    const result = syncOutput(join(repoRoot, 'generated'), files, { check: true });
    expect({ stale: result.changed, leftOver: result.removed, manifest: result.manifestChanged }).toEqual({
      stale: [],
      leftOver: [],
      manifest: false,
    });
  });
});

describe('contracts-text.ts', () => {
  it('holds the text of contracts/ now (run `node scripts/contracts-text.js` when this fails)', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts/contracts-text.js'), '--check'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('goes into qmp-data-types.ts: the contracts themselves, not a copy', () => {
    const printed = readFileSync(join(repoRoot, 'generated/qmp-data-types.ts'), 'utf8');
    for (const file of ['validation-tables.ts', 'schema-info.ts']) {
      const contract = readFileSync(join(repoRoot, 'contracts', file), 'utf8');
      expect(printed).toContain(contract.slice(contract.indexOf('*/\n') + 3).trim());
    }
  });
});
