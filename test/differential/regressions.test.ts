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
  'QEMU 10.0 drains a job that has a copy request in flight when the graph changes: bdrv_graph_wrlock() (block/graph-lock.c) ' +
  'begins a drain of all nodes without polling, waits with AIO_WAIT_WHILE_UNLOCKED while reader_count() >= 1, then ends the ' +
  "drain; job_pause_locked() (job.c) enters only a job that is not busy, but the request holds a graph reader lock (block/block-copy.c " +
  "block_copy_task_entry), so the wait polls until it completes and the job stops at its pause point (paused) before the drain " +
  "ends (running): one pair per write-locked section. The runtime pauses only a job that is not busy, so a job started just " +
  'before blockdev-add/blockdev-del misses the pairs and then runs ahead of QEMU';

const REGRESSIONS: readonly Regression[] = [
  // seed 89: job-pause 0.8 ms after job-resume of a stream; QEMU paused after the reply (a race, tolerated).
  { file: '7.2-pause-right-after-resume.jsonl', release: '7.2' },
  // seed 11: job-cancel of a grouped transaction's job in its first request; QEMU aborted after the reply (a race, tolerated).
  { file: '7.2-cancel-in-first-request.jsonl', release: '7.2' },
  // seed 98: block-job-set-speed 0 on a backup stopping on EIO; QEMU's job met the error inside the command (a race, tolerated).
  { file: '7.2-set-speed-meets-injected-error.jsonl', release: '7.2' },
  // seed 18: block-commit top-node/base-node, blockdev-add and blockdev-del 1 ms after running.
  { file: '10.0-commit-intermediate-graph-change.jsonl', release: '10.0', disagreement: GRAPH_LOCK_DRAINS_A_JOB_IN_IO },
  // seed 8: active block-commit, the same graph changes before it is ready.
  { file: '10.0-commit-active-graph-change.jsonl', release: '10.0', disagreement: GRAPH_LOCK_DRAINS_A_JOB_IN_IO },
  // seed 47: a backup, then a stream, each with blockdev-add and blockdev-del right after it started.
  { file: '10.0-backup-stream-graph-change.jsonl', release: '10.0', disagreement: GRAPH_LOCK_DRAINS_A_JOB_IN_IO },
  // seed 129: a mirror, the same.
  { file: '10.0-mirror-graph-change.jsonl', release: '10.0', disagreement: GRAPH_LOCK_DRAINS_A_JOB_IN_IO },
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
