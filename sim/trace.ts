/** QMP logs (see runtime/qmp/qmp-log.ts) as the job tools see them: commands with replies, events. */
import { QmpLogError, readQmpLog } from '../runtime/qmp/log/qmp-log.js';

export { QmpLogError } from '../runtime/qmp/log/qmp-log.js';

export interface TraceCommand {
  readonly index: number;
  readonly execute: string;
  readonly args: unknown;
  readonly hasId: boolean;
  readonly id: unknown;
  /** The matching reply, if the transcript has one. */
  reply: TraceReply | undefined;
  /** Line index of the reply (events between `index` and this came before the reply). */
  replyIndex: number | undefined;
  /** Job events QEMU had sent before the next command went out (cumulative). */
  jobEventsBeforeNext: number;
  /** When QEMU handled it, in ns on the trace's event clock (see `handledAt`). */
  at: number | undefined;
}

export type TraceReply = { readonly return: unknown } | { readonly error: { class: string; desc: string } };

export interface TraceEvent {
  readonly index: number;
  readonly event: string;
  readonly data: Record<string, unknown>;
  /** The event's timestamp in ns since the trace's first event. */
  readonly at: number | undefined;
}

export interface ParsedTrace {
  readonly commands: TraceCommand[];
  readonly events: TraceEvent[];
  /** Entries that hold a QMP message (raw bytes alone do not). */
  readonly messages: number;
  /** Every job the log's job events name, in order of appearance. */
  readonly jobs: ReadonlySet<string>;
  /** `major.minor` of the first greeting QEMU sent, if the log has one. */
  readonly greeting: string | undefined;
}

type Msg = Record<string, unknown>;

function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isJobEventName(name: string): boolean {
  return name === 'JOB_STATUS_CHANGE' || name.startsWith('BLOCK_JOB_');
}

interface Origin {
  seconds?: number;
  microseconds?: number;
}

/** QMP timestamps as ns since the first one (whole epoch ns would lose precision in a double). */
function timestampNs(msg: Msg, origin: Origin): number | undefined {
  const ts = msg['timestamp'];
  if (!isMsg(ts) || typeof ts['seconds'] !== 'number' || typeof ts['microseconds'] !== 'number') return undefined;
  origin.seconds ??= ts['seconds'];
  origin.microseconds ??= ts['microseconds'];
  return (ts['seconds'] - origin.seconds) * 1e9 + (ts['microseconds'] - origin.microseconds) * 1e3;
}

/**
 * The transcript has no command timestamps, but events carry QEMU's clock: events QEMU sent
 * while handling a command show when that was; otherwise the command went out no earlier than
 * the last event before it (the driver waits for events, and sleeps, between commands).
 */
function handledAt(cmd: TraceCommand, events: readonly TraceEvent[]): number | undefined {
  const end = cmd.replyIndex ?? Number.POSITIVE_INFINITY;
  const during = events.find((e) => e.index > cmd.index && e.index < end && e.at !== undefined);
  if (during !== undefined) return during.at;
  return events.findLast((e) => e.index < cmd.index && e.at !== undefined)?.at;
}

function sameId(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function attachReply(commands: readonly TraceCommand[], msg: Msg, index: number): void {
  const hasId = 'id' in msg;
  const cmd = commands.find((c) => c.reply === undefined && c.hasId === hasId && (!hasId || sameId(c.id, msg['id'])));
  if (cmd === undefined) return;
  cmd.replyIndex = index;
  cmd.reply = 'error' in msg ? { error: msg['error'] as { class: string; desc: string } } : { return: msg['return'] };
}

/**
 * Reads a QMP log (either form of qmp-log.ts). Throws QmpLogError on a line it cannot read and
 * on a log holding no QMP message.
 */
export function parseTrace(text: string): ParsedTrace {
  const commands: TraceCommand[] = [];
  const events: TraceEvent[] = [];
  const jobs = new Set<string>();
  let messages = 0;
  let jobEvents = 0;
  let greeting: string | undefined;
  const origin: Origin = {};
  for (const entry of readQmpLog(text)) {
    const msg = entry.msg;
    if (msg === undefined) continue;
    messages++;
    const index = entry.line - 1;
    if (entry.dir === 'out') {
      const prev = commands[commands.length - 1];
      if (prev !== undefined) prev.jobEventsBeforeNext = jobEvents;
      commands.push({
        index,
        execute: String(msg['execute'] ?? msg['exec-oob'] ?? ''),
        args: msg['arguments'],
        hasId: 'id' in msg,
        id: msg['id'],
        reply: undefined,
        replyIndex: undefined,
        jobEventsBeforeNext: jobEvents,
        at: undefined,
      });
    } else if (typeof msg['event'] === 'string') {
      const data = (isMsg(msg['data']) ? msg['data'] : {}) as Record<string, unknown>;
      events.push({ index, event: msg['event'], data, at: timestampNs(msg, origin) });
      const token = eventToken(msg['event'], data);
      if (token !== undefined) jobs.add(token.job);
      if (isJobEventName(msg['event'])) jobEvents++;
    } else if ('return' in msg || 'error' in msg) {
      attachReply(commands, msg, index);
    } else if (greeting === undefined && isMsg(msg['QMP'])) {
      greeting = greetingVersion(msg['QMP']);
    }
  }
  if (messages === 0) throw new QmpLogError(undefined, 'no QMP message in this log');
  const last = commands[commands.length - 1];
  if (last !== undefined) last.jobEventsBeforeNext = jobEvents;
  for (const cmd of commands) cmd.at = handledAt(cmd, events);
  return { commands, events, messages, jobs, greeting };
}

/** `major.minor` of a greeting's `{"version": {"qemu": {...}}}`. */
function greetingVersion(qmp: Msg): string | undefined {
  const version = qmp['version'];
  const qemu = isMsg(version) ? version['qemu'] : undefined;
  if (!isMsg(qemu) || typeof qemu['major'] !== 'number' || typeof qemu['minor'] !== 'number') return undefined;
  return `${String(qemu['major'])}.${String(qemu['minor'])}`;
}

/** One job event as a comparable token: the status, or the BLOCK_JOB_* name with what matters. */
export function eventToken(event: string, data: Record<string, unknown>): { job: string; token: string } | undefined {
  if (event === 'JOB_STATUS_CHANGE') return { job: String(data['id']), token: String(data['status']) };
  if (!event.startsWith('BLOCK_JOB_')) return undefined;
  const job = String(data['id'] ?? data['device']);
  if (event === 'BLOCK_JOB_ERROR') return { job, token: `${event}(${String(data['operation'])},${String(data['action'])})` };
  const error = data['error'];
  return { job, token: typeof error === 'string' ? `${event}(error: ${error})` : event };
}
