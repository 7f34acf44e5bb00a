/**
 * The runtime's side of the differential check: the transcript QEMU produced goes through
 * `qapi-ts jobs replay` (the built CLI, as a user runs it), which replays every command against
 * the runtime's simulation of that release and lists each difference: per-job status
 * sequences, replies and errors, query answers, events before each reply.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/qemu-dir.js';
import type { QemuRelease } from '../support/qemu.js';

export interface Verdict {
  /** `jobs replay` found no difference. */
  readonly agrees: boolean;
  /** Each difference as `jobs replay` printed it (an entry may span several lines). */
  readonly differences: readonly string[];
  /** What `jobs replay` printed, whole. */
  readonly output: string;
}

const CLI = join(repoRoot, 'bin/qapi-ts.cjs');

/** Splits `jobs replay`'s report into its differences: each starts at a line without indentation. */
function differencesOf(report: string): string[] {
  const lines = report.split('\n').slice(1).filter((l) => l !== '');
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith(' ') && out.length > 0) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}

export function replayOnRuntime(transcript: string, release: QemuRelease, name: string): Verdict {
  const dir = mkdtempSync(join(tmpdir(), 'qapi-differential-'));
  try {
    const file = join(dir, `${name}.jsonl`);
    writeFileSync(file, transcript);
    const run = spawnSync(process.execPath, [CLI, 'jobs', 'replay', file, '--qemu', release], { encoding: 'utf8', timeout: 60_000 });
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`qapi-ts jobs replay exited ${String(run.status ?? run.signal)}: ${run.stderr}`);
    }
    const output = (run.stdout + run.stderr).replaceAll(file, `${name}.jsonl`);
    if (run.status === 1 && run.stdout === '') throw new Error(`qapi-ts jobs replay could not read the transcript: ${run.stderr}`);
    return { agrees: run.status === 0, differences: run.status === 0 ? [] : differencesOf(run.stdout.replaceAll(file, `${name}.jsonl`)), output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
