/**
 * examples/demo-jobs.ts: in-process, and as users run it, the built file run by Node from the
 * package (its `qapi-ts` imports resolved by the package's own name); each twice, since an
 * example must leave nothing behind that breaks the next run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemoJob } from '../../examples/demo-jobs.js';
import { repoRoot } from '../support/qemu-dir.js';

const STATUSES = ['created', 'running', 'waiting', 'pending', 'concluded', 'null'];
const leftovers = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('qapi-ts-demo-'));

describe('examples/demo-jobs.ts', () => {
  it('runs a demo job through the typed client and cleans up, twice', async () => {
    const before = leftovers();
    for (const run of [1, 2]) {
      let output = '';
      const result = await runDemoJob((text) => (output += text));
      expect(result.statuses, `run ${run}`).toEqual(STATUSES);
      expect(result.final).toMatchObject({ id: 'demo0', status: 'concluded', 'current-progress': 100, 'total-progress': 100 });
      expect(output).toContain('concluded 100/100');
    }
    expect(leftovers()).toEqual(before);
  });

  it('runs as shipped: node dist/examples/demo-jobs.js, twice', () => {
    for (let run = 0; run < 2; run++) {
      const result = spawnSync(process.execPath, [join(repoRoot, 'dist/examples/demo-jobs.js')], { encoding: 'utf8', timeout: 30_000 });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`demo0: ${STATUSES.join(' -> ')}`);
    }
  });
});
