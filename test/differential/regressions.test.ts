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

const REGRESSIONS: readonly Regression[] = [
  // seed 89: job-pause 0.8 ms after job-resume of a stream; QEMU paused after the reply (a race, tolerated).
  { file: '7.2-pause-right-after-resume.jsonl', release: '7.2' },
  // seed 11: job-cancel of a grouped transaction's job in its first request; QEMU aborted after the reply (a race, tolerated).
  { file: '7.2-cancel-in-first-request.jsonl', release: '7.2' },
  // seed 98: block-job-set-speed 0 on a backup stopping on EIO; QEMU's job met the error inside the command (a race, tolerated).
  { file: '7.2-set-speed-meets-injected-error.jsonl', release: '7.2' },
  // The four 10.0 ones were the graph-lock drain of a job with a copy request in flight: bdrv_graph_wrlock
  // (block/graph-lock.c) waits for the request's graph reader lock, so the job pauses inside each
  // write-locked section (JobManager.graphWriteLocked).
  // seed 18: block-commit top-node/base-node, blockdev-add and blockdev-del 1 ms after running.
  { file: '10.0-commit-intermediate-graph-change.jsonl', release: '10.0' },
  // seed 8: active block-commit, the same graph changes before it is ready.
  { file: '10.0-commit-active-graph-change.jsonl', release: '10.0' },
  // seed 47: a backup, then a stream, each with blockdev-add and blockdev-del right after it started.
  { file: '10.0-backup-stream-graph-change.jsonl', release: '10.0' },
  // seed 129: a mirror, the same.
  { file: '10.0-mirror-graph-change.jsonl', release: '10.0' },
];

describe.runIf(replayHasReleaseProfiles())('differential regressions (jobs replay of recorded QEMU transcripts)', () => {
  for (const { file, release, disagreement } of REGRESSIONS) {
    const text = readFileSync(join(import.meta.dirname, 'regressions', file), 'utf8'); // read here: a missing file fails the suite
    const check = (): void => {
      const verdict = replayOnRuntime(text, release, file.replace(/\.jsonl$/, ''));
      expect(verdict.agrees, verdict.output).toBe(true);
    };
    if (disagreement === undefined) it(`${file} (QEMU ${release}) agrees (QEMU's own races aside)`, check);
    else it.fails(`${file} (QEMU ${release}): known disagreement: ${disagreement}`, check);
  }
});
