/**
 * QEMU's own transcripts as the oracle: every request/argument error QEMU gave must come out
 * of the dispatcher identically; every other error must come from the command's handler (the
 * dispatcher let the request through); every success must pass validation and the return
 * check unchanged.
 */
import { describe, expect, it } from 'vitest';
import { qemuValidationTables } from '../support.js';
import { exchanges, TraceSession, traceFiles } from '../trace-session.js';
import type { ReplayedExchange } from '../trace-session.js';

/** Texts only the dispatcher and argument validation produce. */
const DISPATCH_ERROR = new RegExp(
  [
    "^Parameter '[^']*' (is missing|is unexpected|does not accept value '.*'|expects (u?int(8|16|32)_t|uint64))$",
    '^Invalid parameter type for ',
    '^QMP input ',
    '^The command \\S+ has not been found$',
    '^Expecting capabilities negotiation',
    'disabled by policy$',
  ].join('|'),
);

async function replayAll(): Promise<ReplayedExchange[]> {
  const tables = qemuValidationTables();
  const replayed: ReplayedExchange[] = [];
  for (const file of traceFiles()) {
    const session = new TraceSession(tables);
    for (const exchange of exchanges(file)) replayed.push(await session.run(exchange));
  }
  return replayed;
}

describe("QEMU's transcripts through a dispatcher for QEMU's schema", async () => {
  const replayed = await replayAll();
  const errors = replayed.filter((x) => 'error' in x.expected);
  const dispatchErrors = errors.filter((x) => !x.reachedHandler);

  it('answers every request/argument error QEMU gave, byte for byte', () => {
    for (const x of dispatchErrors) expect({ request: x.request, reply: x.actual }).toEqual({ request: x.request, reply: x.expected });
    const expectedTexts = errors.filter((x) => DISPATCH_ERROR.test(descOf(x.expected))).length;
    expect(dispatchErrors.length).toBe(expectedTexts);
    expect(dispatchErrors.length).toBeGreaterThanOrEqual(25);
  });

  it('lets every request with a behavioural error reach its handler', () => {
    for (const x of errors.filter((e) => e.reachedHandler)) {
      expect(DISPATCH_ERROR.test(descOf(x.expected)), JSON.stringify(x.request)).toBe(false);
      expect(x.actual).toEqual(x.expected);
    }
  });

  it('passes every successful request and its return value unchanged', () => {
    const successes = replayed.filter((x) => 'return' in x.expected);
    expect(successes.length).toBeGreaterThan(250);
    for (const x of successes) {
      expect(x.reachedHandler, JSON.stringify(x.request)).toBe(true);
      expect(x.actual).toEqual(x.expected);
    }
  });
});

function descOf(reply: Record<string, unknown>): string {
  return (reply['error'] as { desc: string }).desc;
}
