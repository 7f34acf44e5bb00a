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
import { qemuDir, repoRoot } from '../support/qemu-dir.js';
import type { QemuRelease } from '../support/qemu.js';

export interface Verdict {
  /** `jobs replay` found no difference, or only races QEMU itself has (`tolerated`). */
  readonly agrees: boolean;
  /** Each difference as `jobs replay` printed it (an entry may span several lines), tolerated ones left out. */
  readonly differences: readonly string[];
  /** Differences that are races in QEMU itself (see `isQemuRace`). */
  readonly tolerated: readonly string[];
  /** What `jobs replay` printed, whole. */
  readonly output: string;
}

/** The built CLI; `$QAPI_DIFFERENTIAL_CLI` names another build's (to check a branch's runtime). */
const CLI = process.env['QAPI_DIFFERENTIAL_CLI'] ?? join(repoRoot, 'bin/qapi-ts.cjs');

let perRelease: boolean | undefined;

/**
 * Whether `jobs replay` runs each release's own job profile: that replay takes the release's
 * QMP schema (`--schema`, its command shapes). Before it, the runtime is QEMU 7.2's for every
 * transcript, and comparing 10.0's with it says nothing.
 */
export function replayHasReleaseProfiles(): boolean {
  perRelease ??= spawnSync(process.execPath, [CLI, 'jobs', 'replay', '--help'], { encoding: 'utf8' }).stdout.includes('--schema');
  return perRelease;
}

/** The release's schema and its build's symbols, as its real introspection reply was made. */
function schemaArguments(release: QemuRelease): string[] {
  if (!replayHasReleaseProfiles()) return ['--qemu', release];
  const dir = qemuDir(release);
  return ['--qemu', release, '--schema', join(dir, 'qapi/qapi-schema.json'), '--defines-file', join(dir, 'introspection/conditions.json')];
}

/** Splits `jobs replay`'s report into its differences: each starts at a line without indentation (the file's header lines left out). */
function differencesOf(report: string, name: string): string[] {
  const lines = report.split('\n').filter((l) => l !== '' && !l.startsWith(`${name}.jsonl:`));
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith(' ') && out.length > 0) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}

/** Keys sorted, so that only content is compared (the replay prints the runtime's in its own order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * `busy` in query-block-jobs: block_job_query_locked() (blockjob.c) reports job->busy, which
 * job_do_yield() clears and job_enter_cond() sets (job.c) around every rate-limit sleep and
 * pause point, while a copy request keeps it set; whether a query lands in a 64 KiB request
 * taking microseconds or in the sleep after it depends on wall time. Everything else in the
 * answer must match (the replay masks the progress figures).
 */
function busyOnlyRace(difference: string): boolean {
  const match = /^line \d+: query-block-jobs \S*\n {4}QEMU: {4}(.*)\n {4}runtime: (.*)$/su.exec(difference);
  if (match === null) return false;
  const withoutBusy = (text: string | undefined): string | undefined => {
    try {
      const jobs: unknown = JSON.parse(text ?? '');
      if (!Array.isArray(jobs)) return undefined;
      return canonical(jobs.map((job: Record<string, unknown>) => ({ ...job, busy: undefined, len: undefined, offset: undefined })));
    } catch {
      return undefined;
    }
  };
  const qemu = withoutBusy(match[1]);
  return qemu !== undefined && qemu === withoutBusy(match[2]);
}

/**
 * A pause, cancel or speed change whose effect came before the reply on one side and after it
 * on the other: job_pause_locked(), job_cancel_locked() (job.c) and block_job_set_speed_locked()
 * (blockjob.c) enter the job at once only when it is not busy (job_enter_cond_locked() returns
 * for a busy job), so a job asleep in its rate limit pauses, starts aborting or copies on (and
 * meets an injected error) inside the command, and one with a copy request in flight (as right
 * after it started or was resumed) at its next pause point, after the reply. Which of the two
 * QEMU meets depends on wall time. Each job's own status sequence is still compared whole:
 * only the position of the reply among the events is forgiven.
 */
function effectTimingRace(difference: string): boolean {
  const match =
    /^line \d+: (job-pause|block-job-pause|job-cancel|block-job-cancel|block-job-set-speed) (\{.*\}): events before the reply differ\n {4}QEMU: {4}(.*)\n {4}runtime: (.*)$/su.exec(
      difference,
    );
  if (match === null) return false;
  const command = match[1] ?? '';
  const args = JSON.parse(match[2] ?? '{}') as Record<string, unknown>;
  const job = String(command.startsWith('job-') ? args['id'] : args['device']);
  const [none, effect] = [match[3] ?? '', match[4] ?? ''].sort((x, y) => (x === '(none)' ? -1 : y === '(none)' ? 1 : 0));
  if (none !== '(none)' || effect === undefined) return false;
  if (command.endsWith('pause')) return effect === `${job}:paused` || effect === `${job}:standby`;
  if (command.endsWith('cancel')) return effect.startsWith(`${job}:aborting`);
  return effect.split(', ').every((token) => token.startsWith(`${job}:`));
}

/**
 * Two jobs' events before a reply in another order, each job's own events the same, the first
 * difference being a pause (`paused` or `standby`): a drain (a graph change in 10.0, `quit`)
 * pauses every job, a job asleep at once in job_pause_locked() and one inside a request when
 * the drain's poll sees its request complete (bdrv_drain_all_begin(), block/io.c), so the
 * order of two jobs' pauses follows which was in a request at that moment. Any other order
 * between jobs (a transaction starting its jobs, which is QEMU's rule) stays a difference.
 */
function pauseOrderRace(difference: string): boolean {
  const match = /^line \d+: \S+ .*: events before the reply differ\n {4}QEMU: {4}(.*)\n {4}runtime: (.*)$/su.exec(difference);
  if (match === null) return false;
  const qemu = (match[1] ?? '').split(', ');
  const runtime = (match[2] ?? '').split(', ');
  if (qemu.length !== runtime.length) return false;
  const jobOf = (token: string): string => token.split(':')[0] ?? '';
  const ofJob = (tokens: readonly string[], job: string): string => tokens.filter((t) => jobOf(t) === job).join(' ');
  const jobs = new Set([...qemu, ...runtime].map(jobOf));
  if ([...jobs].some((job) => ofJob(qemu, job) !== ofJob(runtime, job))) return false;
  const first = qemu.findIndex((token, i) => token !== runtime[i]);
  const isPause = (token: string | undefined): boolean => token !== undefined && /:(paused|standby)$/u.test(token);
  return first >= 0 && isPause(qemu[first]) && isPause(runtime[first]);
}

/** A difference that is a race in QEMU itself: two runs of one scenario on one QEMU can differ there. */
export function isQemuRace(difference: string): boolean {
  return busyOnlyRace(difference) || effectTimingRace(difference) || pauseOrderRace(difference);
}

export function replayOnRuntime(transcript: string, release: QemuRelease, name: string): Verdict {
  const dir = mkdtempSync(join(tmpdir(), 'qapi-differential-'));
  try {
    const file = join(dir, `${name}.jsonl`);
    writeFileSync(file, transcript);
    const run = spawnSync(process.execPath, [CLI, 'jobs', 'replay', file, ...schemaArguments(release)], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`qapi-ts jobs replay exited ${String(run.status ?? run.signal)}: ${run.stderr}`);
    }
    const output = (run.stdout + run.stderr).replaceAll(file, `${name}.jsonl`);
    if (run.status === 1 && run.stdout === '') throw new Error(`qapi-ts jobs replay could not read the transcript: ${run.stderr}`);
    const all = run.status === 0 ? [] : differencesOf(run.stdout.replaceAll(file, `${name}.jsonl`), name);
    const tolerated = all.filter(isQemuRace);
    const differences = all.filter((d) => !isQemuRace(d));
    return { agrees: differences.length === 0, differences, tolerated, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
