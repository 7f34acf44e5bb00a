/**
 * The long differential run, started by `npm run differential` (scripts/differential.js), which
 * sets `$QAPI_DIFFERENTIAL_SEEDS` (a count, or FIRST-LAST) and `$QAPI_DIFFERENTIAL_QEMU`
 * (releases, comma-separated); vitest.config.ts includes this file only then, so `npm test` neither
 * runs nor skips it (its bounded run is differential.test.ts). The transcript of each
 * disagreement is saved, as recorded, under `$QAPI_DIFFERENTIAL_OUT` (default
 * .cache/differential) for a regression test; the summary goes to stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/qemu-dir.js';
import { canRunQemu, qemuReleases } from '../support/qemu.js';
import type { QemuRelease } from '../support/qemu.js';
import { checkSeed, summarize } from './check.js';
import type { CheckResult } from './check.js';
import { replayHasReleaseProfiles } from './compare.js';

const seedsOption = process.env['QAPI_DIFFERENTIAL_SEEDS'];
const out = process.env['QAPI_DIFFERENTIAL_OUT'] ?? join(repoRoot, '.cache/differential');

function seeds(option: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(option);
  const [first, last] = range === null ? [1, Number(option)] : [Number(range[1]), Number(range[2])];
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

function releases(option: string): QemuRelease[] {
  return option.split(',').map((r) => {
    const release = qemuReleases.find((known) => known === r.trim());
    if (release === undefined) throw new Error(`--qemu: unknown release '${r}' (known: ${qemuReleases.join(', ')})`);
    return release;
  });
}

if (seedsOption === undefined) throw new Error('long-run.ts is started by npm run differential, which sets QAPI_DIFFERENTIAL_SEEDS');

describe('differential run', () => {
  const results: CheckResult[] = [];
  const saved = new Map<CheckResult, string>();
  afterAll(() => {
    console.log(`\n== differential check\n${summarize(results, saved)}\n`);
  });
  for (const release of releases(process.env['QAPI_DIFFERENTIAL_QEMU'] ?? qemuReleases.join(','))) {
    for (const seed of seeds(seedsOption)) {
      it(`QEMU ${release} seed ${String(seed)}`, async () => {
        expect(canRunQemu(release), `QEMU ${release} is not on this machine`).toBe(true);
        expect(replayHasReleaseProfiles() || release === '7.2', 'jobs replay has no per-release job profile in this build').toBe(true);
        const result = await checkSeed(seed, release);
        results.push(result);
        if (!result.verdict.agrees || result.stuck.length > 0) {
          mkdirSync(out, { recursive: true });
          const file = join(out, `${release}-seed${String(seed)}.jsonl`);
          writeFileSync(file, result.transcript);
          saved.set(result, file);
        }
        expect(result.stuck, 'waits that timed out').toEqual([]);
        expect(result.verdict.agrees, result.verdict.output).toBe(true);
      }, 120_000);
    }
  }
});
