/**
 * Transcripts the differential check recorded from real QEMU (through the project's recorder,
 * `createQmpRecorder`) where the runtime disagreed. Each is replayed by `jobs replay` on every
 * run. A disagreement not yet turned into a rule of the runtime is `it.fails`, with what QEMU
 * does and which QEMU code does it: when the runtime learns the rule, the test fails and says
 * so, and the entry moves to the agreeing ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QemuRelease } from '../support/qemu.js';
import { replayHasReleaseProfiles, replayOnRuntime } from './compare.js';

interface Regression {
  readonly file: string;
  readonly release: QemuRelease;
  /** Undefined once the runtime agrees; else what QEMU does that the runtime does not. */
  readonly disagreement?: string;
}

const GRAPH_LOCK_DRAINS_A_JOB_IN_IO =
  "QEMU 10.0 drains a job that is inside a copy request when the graph changes: bdrv_graph_wrlock() (block/graph-lock.c) " +
  'waits with AIO_WAIT_WHILE for the graph readers, and the job\'s in-flight request holds one, so the request completes, ' +
  'the job reaches its pause point with pause_count raised (job_pause_point, job.c) and sends paused, then running at ' +
  'bdrv_graph_wrunlock(); the runtime drains only a job that is not busy, so the pairs are missing and the job later runs ahead';

const REGRESSIONS: readonly Regression[] = [
  // seed 18: block-commit top-node/base-node, blockdev-add and blockdev-del 1 ms after running.
  { file: '10.0-commit-intermediate-graph-change.jsonl', release: '10.0', disagreement: GRAPH_LOCK_DRAINS_A_JOB_IN_IO },
  // seed 8: active block-commit, the same graph changes before it is ready.
  { file: '10.0-commit-active-graph-change.jsonl', release: '10.0', disagreement: GRAPH_LOCK_DRAINS_A_JOB_IN_IO },
];

describe.runIf(replayHasReleaseProfiles())('differential regressions (jobs replay of recorded QEMU transcripts)', () => {
  for (const { file, release, disagreement } of REGRESSIONS) {
    const check = (): void => {
      const text = readFileSync(join(import.meta.dirname, 'regressions', file), 'utf8');
      const verdict = replayOnRuntime(text, release, file.replace(/\.jsonl$/, ''));
      expect(verdict.agrees, verdict.output).toBe(true);
    };
    if (disagreement === undefined) it(`${file} (QEMU ${release}) replays identically`, check);
    else it.fails(`${file} (QEMU ${release}): known disagreement: ${disagreement}`, check);
  }
});
