/** A handler that throws, through a real server: the client hears QEMU's kind of error, the operator gets the stack. */
import { afterEach, describe, expect, it } from 'vitest';
import type { QmpCommands } from '../../../../generated/index.js';
import { qmpValidation } from '../../../../generated/index.js';
import { connectQmp } from '../../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../../runtime/qmp/client/client.js';
import type { HandlerFailureReply } from '../../../../runtime/qmp/dispatch/types.js';
import { createQmpServer } from '../../../../runtime/qmp/server/server.js';
import type { QmpServer } from '../../../../runtime/qmp/server/server.js';
import { createTypedDispatcher } from '../../../../runtime/qmp/typed/server.js';
import { tempSocketPath } from '../wire-support.js';

let server: QmpServer | undefined;
let client: QmpClient | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  client?.destroy();
  await server?.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function databaseExploded(): never {
  throw new Error('database exploded');
}

async function serve(handlerFailureReply?: HandlerFailureReply): Promise<{ reported: Array<[unknown, string]> }> {
  const reported: Array<[unknown, string]> = [];
  const dispatcher = createTypedDispatcher<QmpCommands>({
    validation: qmpValidation,
    handlers: { 'query-jobs': () => databaseExploded() },
    ...(handlerFailureReply === undefined ? {} : { handlerFailureReply }),
  });
  server = createQmpServer({ dispatcher, onError: (error, context) => reported.push([error, context]) });
  const socket = tempSocketPath();
  cleanups.push(socket.cleanup);
  await server.listen({ path: socket.path });
  client = await connectQmp({ path: socket.path }, { defaultTimeout: 5000 });
  return { reported };
}

describe('a handler that throws', () => {
  it("answers a GenericError with the handler's message and reaches the server's onError with its stack", async () => {
    const { reported } = await serve();
    const error = await client?.execute('query-jobs').catch((e: unknown) => e);
    expect(error).toMatchObject({ errorClass: 'GenericError', desc: 'database exploded' });
    expect(reported).toHaveLength(1);
    const [thrown, context] = reported[0] ?? [];
    expect(context).toBe('command query-jobs');
    expect((thrown as Error).stack).toMatch(/^Error: database exploded\n {4}at databaseExploded /u);
  });

  it('says nothing of the cause with handlerFailureReply: hide, and still reports it', async () => {
    const { reported } = await serve('hide');
    const error = await client?.execute('query-jobs').catch((e: unknown) => e);
    expect(error).toMatchObject({ errorClass: 'GenericError', desc: 'Internal error' });
    expect(reported.map(([e, c]) => `${c}: ${String(e)}`)).toEqual(['command query-jobs: Error: database exploded']);
  });
});
