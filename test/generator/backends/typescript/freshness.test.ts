/** `generated/` is committed: it must be exactly what `qapi-ts generate` makes of `qapi/` now. */
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
