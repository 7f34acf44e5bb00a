/**
 * Replays QEMU's QMP transcripts through Dispatchers built for QEMU's schema. The session part
 * (capabilities negotiation) is emulated here as monitor/qmp.c does it; every command
 * handler replays QEMU's reply, so a request that reaches its handler answers what QEMU
 * answered, and a request the dispatcher refuses answers what the dispatcher says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dispatcher } from '../../../runtime/qmp/dispatch/dispatcher.js';
import type { QmpHandlers, QmpResponse } from '../../../runtime/qmp/dispatch/types.js';
import { QmpError } from '../../../runtime/qmp/dispatch/errors.js';
import { readQmpLog } from '../../../runtime/qmp/log/qmp-log.js';
import type { QmpErrorClass } from '../../../runtime/qmp/dispatch/errors.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { qemuDir } from '../../support/qemu-dir.js';

export interface TraceExchange {
  readonly file: string;
  readonly request: unknown;
  readonly expected: Record<string, unknown>;
}

export interface ReplayedExchange extends TraceExchange {
  readonly actual: QmpResponse | undefined;
  readonly reachedHandler: boolean;
}

export function traceFiles(): string[] {
  const dir = join(qemuDir(), 'traces');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/** Requests paired with their replies, in wire order; unparseable input (the JSON parser's business) is left out. */
export function exchanges(file: string): TraceExchange[] {
  const lines = readQmpLog(readFileSync(file, 'utf8'));
  const requests: { value: unknown; parseable: boolean }[] = [];
  let pendingRaw = '';
  for (const line of lines) {
    if (line.dir !== 'out') continue;
    const text = pendingRaw + (line.raw ?? JSON.stringify(line.msg));
    const parsed = tryParse(text);
    if (parsed.ok || pendingRaw !== '') {
      requests.push({ value: parsed.ok ? parsed.value : undefined, parseable: parsed.ok });
      pendingRaw = '';
    } else {
      pendingRaw = text;
    }
  }
  const replies = lines.filter((l) => l.dir === 'in' && l.msg !== undefined && ('return' in l.msg || 'error' in l.msg));
  const result: TraceExchange[] = [];
  requests.forEach((request, i) => {
    const reply = replies[i]?.msg;
    if (reply === undefined) throw new Error(`${file}: no reply for request ${i}`);
    if (request.parseable) result.push({ file, request: request.value, expected: reply });
  });
  return result;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A QEMU-like monitor session: negotiation mode first, then command mode. */
export class TraceSession {
  private negotiating = true;
  private oob = false;
  private reached = false;
  private expected: Record<string, unknown> = {};
  private readonly negotiation: Dispatcher;
  private readonly commandMode: Dispatcher;

  constructor(tables: ValidationTables) {
    const handlers: Record<string, (args: never) => unknown> = {};
    for (const name of Object.keys(tables.commands)) handlers[name] = () => this.replay();
    handlers['qmp_capabilities'] = (args: { enable?: string[] }) => this.capabilities(args);
    const all: QmpHandlers = handlers;
    this.negotiation = new Dispatcher({ tables, handlers: all, commands: ['qmp_capabilities'] });
    this.commandMode = new Dispatcher({ tables, handlers: all });
  }

  async run(exchange: TraceExchange): Promise<ReplayedExchange> {
    this.reached = false;
    this.expected = exchange.expected;
    const negotiating = this.negotiating;
    const dispatcher = negotiating ? this.negotiation : this.commandMode;
    let actual = await dispatcher.dispatch(exchange.request, { oob: this.oob });
    if (negotiating) actual = negotiationReply(actual);
    return { ...exchange, actual, reachedHandler: this.reached };
  }

  private replay(): unknown {
    this.reached = true;
    const error = this.expected['error'] as { class: QmpErrorClass; desc: string } | undefined;
    if (error !== undefined) throw new QmpError(error.class, error.desc);
    return this.expected['return'];
  }

  /** qmp_qmp_capabilities(): QEMU offers `oob` on socket monitors. */
  private capabilities(args: { enable?: string[] }): unknown {
    this.reached = true;
    if (!this.negotiating) throw new QmpError('CommandNotFound', 'Capabilities negotiation is already complete, command ignored');
    const unavailable = (args.enable ?? []).filter((c) => c !== 'oob');
    if (unavailable.length > 0) throw new QmpError('GenericError', `Capability ${unavailable.join(', ')} not available`);
    this.negotiating = false;
    this.oob = (args.enable ?? []).includes('oob');
    return {};
  }
}

/** monitor_qmp_dispatch(): in negotiation mode every CommandNotFound gets a more useful desc. */
function negotiationReply(reply: QmpResponse | undefined): QmpResponse | undefined {
  if (reply === undefined || !('error' in reply) || reply.error.class !== 'CommandNotFound') return reply;
  const error = { class: reply.error.class, desc: "Expecting capabilities negotiation with 'qmp_capabilities'" };
  return 'id' in reply ? { id: reply.id, error } : { error };
}
