/**
 * Replays the bytes the client sent in QEMU's p_protocol transcript against our server and
 * compares every message with what QEMU sent, byte for byte apart from event timestamps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../../runtime/qmp/dispatch/dispatcher.js';
import { readQmpLog } from '../../../../runtime/qmp/log/qmp-log.js';
import { createQmpServer } from '../../../../runtime/qmp/server/server.js';
import type { QmpServer } from '../../../../runtime/qmp/server/server.js';
import type { RequestDispatcher } from '../../../../runtime/qmp/server/session-types.js';
import { versionInfo } from '../../../../runtime/qmp/server/messages.js';
import { qemuDir } from '../../../support/qemu-dir.js';
import { qemuValidationTables } from '../support.js';
import { LineClient, StubDispatcher, tempSocketPath } from '../wire-support.js';

interface Step {
  readonly dir: 'in' | 'out';
  /** Bytes sent (out) or the message text QEMU sent (in). */
  readonly text: string;
}

function protocolSteps(): Step[] {
  return readQmpLog(readFileSync(join(qemuDir(), 'traces/p_protocol.jsonl'), 'utf8')).map((entry) => {
    if (entry.raw !== undefined) return { dir: entry.dir, text: entry.raw };
    const text = entry.text ?? '';
    return { dir: entry.dir, text: entry.dir === 'out' ? `${text}\n` : text };
  });
}

const maskTimestamp = (text: string): string => text.replace(/"seconds": \d+, "microseconds": \d+/g, '"seconds": S, "microseconds": U');

const GREETING_VERSION = versionInfo(7, 2, 22, 'Debian 1:7.2+dfsg-7+deb12u18+b3');

let server: QmpServer | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await server?.close();
  cleanup?.();
  server = undefined;
});

async function replay(makeDispatcher: (emit: (event: string, data: unknown) => void) => RequestDispatcher): Promise<void> {
  const socket = tempSocketPath();
  cleanup = socket.cleanup;
  const emit = (event: string, data: unknown): void => server?.emit(event, data);
  server = createQmpServer({ dispatcher: makeDispatcher(emit), version: GREETING_VERSION });
  await server.listen({ path: socket.path });
  const client = await LineClient.connect({ path: socket.path });
  try {
    for (const step of protocolSteps()) {
      if (step.dir === 'out') client.send(step.text);
      else expect(maskTimestamp(await client.line())).toBe(maskTimestamp(step.text));
    }
    expect(await client.silent(50)).toBe(true);
  } finally {
    client.close();
  }
}

const shutdown = { guest: false, reason: 'host-qmp-quit' };

describe('p_protocol replay', () => {
  it('answers as QEMU did, with a stub dispatcher', async () => {
    await replay(
      (emit) =>
        new StubDispatcher({
          'query-jobs': () => [],
          quit: () => {
            emit('SHUTDOWN', shutdown);
            return {};
          },
        }),
    );
  });

  it('answers as QEMU did, with the project dispatcher on QEMU schema tables', async () => {
    await replay(
      (emit) =>
        new Dispatcher({
          tables: qemuValidationTables(),
          handlers: {
            'query-jobs': () => [],
            quit: () => {
              emit('SHUTDOWN', shutdown);
              return {};
            },
          },
        }),
    );
  });
});
