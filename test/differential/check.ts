/**
 * One differential check: a seed's scenario played on a real QEMU, recorded by the project's
 * recorder, replayed on the runtime by `jobs replay`, and the summary lines of many checks.
 *
 * Beyond what `jobs replay` itself tolerates, three races are forgiven (compare.ts isQemuRace:
 * `busy` in query-block-jobs, a pause, cancel or speed change taking effect before or after
 * its reply, and the order of two jobs' pauses in one drain). The replay compares each job's
 * own status sequence (so the order in which two jobs of a grouped transaction reach
 * `waiting`, decided by which job's coroutine finishes first (job_completed_txn_success(),
 * job.c), is compared only for the events QEMU sent before a command's reply), masks progress
 * figures (offset, len, current/total-progress: how far a rate-limited copy got depends on
 * wall time, block/block-copy.c and blockjob.c's block_job_ratelimit_*), and places a command
 * at QEMU's own clock (the events' timestamps), so that whether a job was asleep in its rate-
 * limit delay or inside I/O when a pause or cancel arrived (job_enter_cond() wakes only a
 * sleeping job, job.c) follows what QEMU did.
 */
import { replayOnRuntime } from './compare.js';
import type { Verdict } from './compare.js';
import { runOnQemu } from './run-qemu.js';
import { generateScenario } from './scenario.js';
import type { Scenario } from './scenario.js';
import type { QemuRelease } from '../support/qemu.js';

export interface CheckResult {
  readonly scenario: Scenario;
  readonly transcript: string;
  readonly stuck: readonly string[];
  readonly verdict: Verdict;
  readonly ms: number;
}

export async function checkSeed(seed: number, release: QemuRelease): Promise<CheckResult> {
  const scenario = generateScenario(seed, release);
  const started = Date.now();
  const run = await runOnQemu(scenario);
  const verdict = replayOnRuntime(run.transcript, release, `${release}-seed${String(seed)}`);
  return { scenario, transcript: run.transcript, stuck: run.stuck, verdict, ms: Date.now() - started };
}

/** One line per release, then one block per disagreement or stuck scenario. */
export function summarize(results: readonly CheckResult[], saved: ReadonlyMap<CheckResult, string>): string {
  const lines: string[] = [];
  const releases = [...new Set(results.map((r) => r.scenario.release))];
  for (const release of releases) {
    const mine = results.filter((r) => r.scenario.release === release);
    const disagree = mine.filter((r) => !r.verdict.agrees);
    const stuck = mine.filter((r) => r.stuck.length > 0);
    const seconds = mine.reduce((sum, r) => sum + r.ms, 0) / 1000;
    const races = mine.reduce((sum, r) => sum + r.verdict.tolerated.length, 0);
    lines.push(
      `QEMU ${release}: ${String(mine.length)} seeds, ${String(mine.length - disagree.length)} agree, ` +
        `${String(disagree.length)} disagree, ${String(stuck.length)} with a wait that timed out; ` +
        `${String(races)} differences tolerated as QEMU's own races (${seconds.toFixed(1)} s)`,
    );
  }
  for (const r of results) {
    if (r.verdict.agrees && r.stuck.length === 0) continue;
    const where = saved.get(r);
    lines.push(
      `\nseed ${String(r.scenario.seed)} (QEMU ${r.scenario.release}): ${r.scenario.title}${where === undefined ? '' : `\n  transcript: ${where}`}`,
    );
    if (r.stuck.length > 0) lines.push(`  waits timed out: ${r.stuck.join('; ')}`);
    if (!r.verdict.agrees) lines.push(r.verdict.differences.map((d) => `  ${d.replaceAll('\n', '\n  ')}`).join('\n'));
  }
  return lines.join('\n');
}
