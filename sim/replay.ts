import { JobInternalError } from '../runtime/jobs/errors.js';
import type { JobProfile } from '../runtime/jobs/profile.js';
import type { ValidationTables } from '../contracts/validation-tables.js';
import { SimMachine } from './machine.js';
import { eventToken, isJobEventName, parseTrace } from './trace.js';
import type { TraceCommand, TraceEvent, TraceReply } from './trace.js';

import { requireJobs } from './verify.js';

export interface ReplayOptions {
  /** The release's command shapes: validation tables from its QEMU schema. */
  readonly tables: ValidationTables;
  /** The release's job behaviour. */
  readonly profile: JobProfile;
  /** How the transcript is named in the result. */
  readonly name?: string;
}

/** The outcome of replaying a trace: whether it matched, and the differences. */
export interface ReplayResult {
  readonly ok: boolean;
  /** A header line, then each difference. */
  readonly diff: string;
  /** One entry per difference (an entry may span several lines). */
  readonly differences: string[];
  readonly checked: ReplayCoverage;
  /** `major.minor` of the log's greeting, if it has one. */
  readonly greeting: string | undefined;
}

/** What a replay covered: messages, jobs, transitions and commands compared. */
export interface ReplayCoverage {
  readonly messages: number;
  readonly jobs: number;
  /** QEMU's JOB_STATUS_CHANGE events, compared with the runtime's. */
  readonly transitions: number;
  /** Commands run by the runtime, their replies compared. */
  readonly commands: number;
  /** Commands the runtime does not model (query-version and the like): not compared. */
  readonly notModelled: number;
}

/** How far the virtual clock may run after one command while waiting for QEMU's events. */
const SETTLE_HORIZON_NS = 600e9;

type ActualReply = TraceReply | { readonly skipped: string } | { readonly internal: string };

/** The command through the simulation's Dispatcher; what the release has but the simulation does not model is skipped. */
function runCommand(machine: SimMachine, cmd: TraceCommand): ActualReply {
  if (machine.knows(cmd.execute) && !machine.models(cmd.execute)) return { skipped: cmd.execute };
  const request = cmd.args === undefined ? { execute: cmd.execute } : { execute: cmd.execute, arguments: cmd.args };
  const reply = machine.request(request);
  if (machine.internalError !== undefined) return { internal: String(machine.internalError) };
  if (reply === undefined) return { skipped: cmd.execute };
  return 'error' in reply ? { error: { class: reply.error.class, desc: reply.error.desc } } : { return: reply.return };
}

/**
 * Lets simulated time pass until the runtime has sent as many job events as QEMU had
 * before the next command (the transcript has no command timestamps), or nothing is left to do.
 */
function settle(machine: SimMachine, produced: () => number, target: number): string | undefined {
  const horizon = machine.scheduler.now() + SETTLE_HORIZON_NS;
  try {
    while (produced() < target && machine.scheduler.runOne(horizon)) {
      /* keep going */
    }
  } catch (e) {
    if (e instanceof JobInternalError) return e.message;
    throw e;
  }
  return undefined;
}

/**
 * Lets simulated time catch up with QEMU's clock when the next command was handled (the
 * trace's first event is the sim's 0): what a job is doing by then, sleeping in a rate-limit
 * delay or inside I/O, decides whether the command's effect comes before its reply.
 */
function catchUp(machine: SimMachine, at: number | undefined): string | undefined {
  const lag = at === undefined ? 0 : at - machine.scheduler.now();
  if (lag <= 0) return undefined;
  try {
    machine.scheduler.advance(lag);
  } catch (e) {
    if (e instanceof JobInternalError) return e.message;
    throw e;
  }
  return undefined;
}

/** Progress figures are timing-dependent: compare everything else. */
function maskReply(command: string, reply: TraceReply): unknown {
  if (!('return' in reply) || !Array.isArray(reply.return)) return reply;
  if (command === 'query-jobs' || command === 'query-block-jobs') {
    const masked = (reply.return as Array<Record<string, unknown>>).map((entry) => {
      const copy: Record<string, unknown> = { ...entry };
      for (const key of ['current-progress', 'total-progress', 'len', 'offset']) delete copy[key];
      return copy;
    });
    return { return: masked };
  }
  return reply;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}

function describeReply(reply: ActualReply | undefined): string {
  if (reply === undefined) return '(no reply)';
  if ('error' in reply) return `ERROR ${reply.error.class}: ${reply.error.desc}`;
  if ('internal' in reply) return `INTERNAL ERROR: ${reply.internal}`;
  if ('skipped' in reply) return '(not modelled)';
  return JSON.stringify(reply.return);
}

function compareReply(cmd: TraceCommand, actual: ActualReply, out: string[]): void {
  if ('skipped' in actual || cmd.reply === undefined) return;
  if (!('internal' in actual) && canonical(maskReply(cmd.execute, cmd.reply)) === canonical(maskReply(cmd.execute, actual))) {
    return;
  }
  out.push(
    difference(`line ${cmd.index + 1}: ${cmd.execute} ${JSON.stringify(cmd.args ?? {})}`, describeReply(cmd.reply), describeReply(actual)),
  );
}

/** One difference: what differs, then QEMU's side and the runtime's (one entry, several lines). */
function difference(what: string, qemu: string, runtime: string): string {
  return `${what}\n    QEMU:    ${qemu}\n    runtime: ${runtime}`;
}

function tokensByJob(events: ReadonlyArray<{ event: string; data: Record<string, unknown> }>): Map<string, string[]> {
  const byJob = new Map<string, string[]>();
  for (const { event, data } of events) {
    const t = eventToken(event, data);
    if (t === undefined) continue;
    const list = byJob.get(t.job) ?? [];
    list.push(t.token);
    byJob.set(t.job, list);
  }
  return byJob;
}

/**
 * Per job, not across jobs: where two jobs finish independently, QEMU itself orders their
 * events by which coroutine gets there first. Two unthrottled backups of one grouped
 * transaction reach WAITING in either order (each job's job_exit bottom half, job.c, is queued
 * when its own copy loop ends; job_completed then leaves each waiting for the other), and
 * QEMU's own recordings of one scenario show both orders; the transaction's later steps
 * (pending, concluded) follow its job list and are checked per job all the same.
 */
function compareJobEvents(
  expected: readonly TraceEvent[],
  actual: ReadonlyArray<{ event: string; data: Record<string, unknown> }>,
  out: string[],
): void {
  const want = tokensByJob(expected);
  const got = tokensByJob(actual);
  for (const job of new Set([...want.keys(), ...got.keys()])) {
    const w = (want.get(job) ?? []).join(' → ');
    const g = (got.get(job) ?? []).join(' → ');
    if (w === g) continue;
    out.push(difference(`job ${job}: events differ`, w || '(none)', g || '(none)'));
  }
}

/** One event as a comparable token for the interleaving check: job events per job, others by name. */
function interleaveToken(event: string, data: Record<string, unknown>): string {
  const t = eventToken(event, data);
  return t === undefined ? event : `${t.job}:${t.token}`;
}

/** The events QEMU sent between a command and its reply (what it emitted while handling it). */
function qemuEventsBeforeReply(cmd: TraceCommand, events: readonly TraceEvent[]): string[] | undefined {
  const end = cmd.replyIndex;
  if (end === undefined) return undefined;
  return events.filter((e) => e.index > cmd.index && e.index < end).map((e) => interleaveToken(e.event, e.data));
}

/**
 * QEMU's events before a reply are the command's own (`during`), possibly preceded by
 * asynchronous events that raced the command (emitted by QEMU's main loop after the command
 * went out but before its handler ran). Those must be events the runtime emits after the
 * reply from timed work, i.e. once its clock has moved past the command (`lateTimed`).
 */
function compareInterleaving(
  cmd: TraceCommand,
  expected: readonly TraceEvent[],
  during: readonly string[],
  lateTimed: readonly string[],
  prevLate: readonly string[],
  actual: ActualReply,
  out: string[],
): void {
  if ('skipped' in actual) return;
  const want = qemuEventsBeforeReply(cmd, expected);
  if (want === undefined) return;
  const raced = want.length - during.length;
  if (raced >= 0 && want.slice(raced).join(' ') === during.join(' ')) {
    const prefix = want.slice(0, raced).join(' ');
    // The runtime's last async task before the command may have emitted part of them already.
    for (let a = 0; a <= Math.min(raced, prevLate.length); a++) {
      if (prefix === [...prevLate.slice(prevLate.length - a), ...lateTimed.slice(0, raced - a)].join(' ')) return;
    }
  }
  const what = `line ${cmd.index + 1}: ${cmd.execute} ${JSON.stringify(cmd.args ?? {})}: events before the reply differ`;
  out.push(difference(what, want.join(', ') || '(none)', during.join(', ') || '(none)'));
}

function compareOtherEvents(expected: readonly TraceEvent[], actual: ReadonlyArray<{ event: string }>, out: string[]): void {
  const w = expected
    .filter((e) => !isJobEventName(e.event))
    .map((e) => e.event)
    .join(', ');
  const g = actual.map((e) => e.event).join(', ');
  if (w !== g) out.push(difference('other events differ', w || '(none)', g || '(none)'));
}

/**
 * Replays a QEMU transcript against the runtime (simulated drivers, virtual clock) and
 * compares per-job event sequences, replies and errors, query-jobs answers, and for every
 * command the events sent before its reply (QEMU's interleaving of events with replies).
 * Throws QmpLogError as verifyTrace() does.
 */
export function replayTrace(text: string, options: ReplayOptions): ReplayResult {
  const name = options.name ?? 'trace';
  const trace = parseTrace(text);
  requireJobs(trace);
  const machine = new SimMachine({ tables: options.tables, profile: options.profile });
  const actualEvents: Array<{ event: string; data: Record<string, unknown>; at: number }> = [];
  machine.events.onEvent((e) =>
    actualEvents.push({ event: e.event, data: e.data as unknown as Record<string, unknown>, at: machine.scheduler.now() }),
  );
  const problems: string[] = [];
  let prevLate: string[] = [];
  let notModelled = 0;
  trace.commands.forEach((cmd, i) => {
    const jobStart = actualEvents.length;
    const otherStart = machine.otherEvents.length;
    const actual = runCommand(machine, cmd);
    if ('skipped' in actual) notModelled++;
    compareReply(cmd, actual, problems);
    // SimMachine records other events (SHUTDOWN) before any job work of the same command.
    const during = [
      ...machine.otherEvents.slice(otherStart).map((e) => e.event),
      ...actualEvents.slice(jobStart).map((e) => interleaveToken(e.event, e.data)),
    ];
    const replyAt = machine.scheduler.now();
    const afterReply = actualEvents.length;
    const stuck = settle(machine, () => actualEvents.length, cmd.jobEventsBeforeNext) ?? catchUp(machine, trace.commands[i + 1]?.at);
    if (stuck !== undefined) problems.push(`after line ${cmd.index + 1} (${cmd.execute}): INTERNAL ERROR: ${stuck}`);
    const late = actualEvents.slice(afterReply);
    const lateTimed = late.slice(0, late.findIndex((e) => e.at <= replyAt) >>> 0).map((e) => interleaveToken(e.event, e.data));
    compareInterleaving(cmd, trace.events, during, lateTimed, prevLate, actual, problems);
    prevLate = late.map((e) => interleaveToken(e.event, e.data));
  });
  compareJobEvents(trace.events, actualEvents, problems);
  compareOtherEvents(trace.events, machine.otherEvents, problems);
  const header = problems.length === 0 ? `${name}: replay matches QEMU` : `${name}: ${problems.length} difference(s)`;
  const transitions = trace.events.filter((e) => e.event === 'JOB_STATUS_CHANGE').length;
  const checked = {
    messages: trace.messages,
    jobs: trace.jobs.size,
    transitions,
    commands: trace.commands.length - notModelled,
    notModelled,
  };
  return { ok: problems.length === 0, diff: [header, ...problems].join('\n'), differences: problems, checked, greeting: trace.greeting };
}
