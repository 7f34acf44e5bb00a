import { JobInternalError, QmpError } from './errors.js';
import { NotModelled, SimMachine } from './sim-machine.js';
import { eventToken, isJobEventName, parseTrace } from './trace.js';
import type { TraceCommand, TraceEvent, TraceReply } from './trace.js';

export { verifyTrace } from './verify.js';

export interface ReplayResult {
  ok: boolean;
  diff: string;
}

/** How far the virtual clock may run after one command while waiting for QEMU's events. */
const SETTLE_HORIZON_NS = 600e9;

type ActualReply = TraceReply | { readonly skipped: string } | { readonly internal: string };

function runCommand(machine: SimMachine, cmd: TraceCommand): ActualReply {
  try {
    return { return: machine.execute(cmd.execute, cmd.args) };
  } catch (e) {
    if (e instanceof NotModelled) return { skipped: e.message };
    if (e instanceof QmpError) return { error: { class: e.errorClass, desc: e.desc } };
    if (e instanceof JobInternalError) return { internal: e.message };
    throw e;
  }
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
  out.push(`line ${cmd.index + 1}: ${cmd.execute} ${JSON.stringify(cmd.args ?? {})}`);
  out.push(`    QEMU:    ${describeReply(cmd.reply)}`);
  out.push(`    runtime: ${describeReply(actual)}`);
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

function compareJobEvents(expected: readonly TraceEvent[], actual: ReadonlyArray<{ event: string; data: Record<string, unknown> }>, out: string[]): void {
  const want = tokensByJob(expected);
  const got = tokensByJob(actual);
  for (const job of new Set([...want.keys(), ...got.keys()])) {
    const w = (want.get(job) ?? []).join(' → ');
    const g = (got.get(job) ?? []).join(' → ');
    if (w === g) continue;
    out.push(`job ${job}: events differ`);
    out.push(`    QEMU:    ${w || '(none)'}`);
    out.push(`    runtime: ${g || '(none)'}`);
  }
}

function compareOtherEvents(expected: readonly TraceEvent[], actual: ReadonlyArray<{ event: string }>, out: string[]): void {
  const w = expected.filter((e) => !isJobEventName(e.event)).map((e) => e.event).join(', ');
  const g = actual.map((e) => e.event).join(', ');
  if (w !== g) out.push(`other events differ\n    QEMU:    ${w || '(none)'}\n    runtime: ${g || '(none)'}`);
}

/**
 * Replays a QEMU transcript against the runtime (simulated drivers, virtual clock) and
 * compares per-job event sequences, replies and errors, and query-jobs answers.
 */
export function replayTrace(jsonlText: string, name = 'trace'): ReplayResult {
  const trace = parseTrace(jsonlText);
  const machine = new SimMachine();
  const actualEvents: Array<{ event: string; data: Record<string, unknown> }> = [];
  machine.events.onEvent((e) => actualEvents.push({ event: e.event, data: e.data as unknown as Record<string, unknown> }));
  const problems: string[] = [];
  for (const cmd of trace.commands) {
    const actual = runCommand(machine, cmd);
    compareReply(cmd, actual, problems);
    const stuck = settle(machine, () => actualEvents.length, cmd.jobEventsBeforeNext);
    if (stuck !== undefined) problems.push(`after line ${cmd.index + 1} (${cmd.execute}): INTERNAL ERROR: ${stuck}`);
  }
  compareJobEvents(trace.events, actualEvents, problems);
  compareOtherEvents(trace.events, machine.otherEvents, problems);
  const header = problems.length === 0 ? `${name}: replay matches QEMU` : `${name}: ${problems.length} difference(s)`;
  return { ok: problems.length === 0, diff: [header, ...problems].join('\n') };
}
