/**
 * Our client against a real QEMU (qemu-system-x86_64 -machine none). Without QEMU installed
 * the test fails under CI (`.ci/run` installs it) and is skipped, loudly, elsewhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectQmp } from '../../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../../runtime/qmp/client/client.js';
import { QmpReplyError } from '../../../../runtime/qmp/client/errors.js';
import { createQmpServer } from '../../../../runtime/qmp/server/server.js';
import type { QmpServer } from '../../../../runtime/qmp/server/server.js';
import { versionInfo } from '../../../../runtime/qmp/server/messages.js';
import { qemuPath, startQemu as startRealQemu, type RunningQemu } from '../../../support/qemu.js';
import { LineClient, StubDispatcher, tempSocketPath } from '../wire-support.js';

const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '';

if (qemuPath === undefined && !inCi) {
  console.warn('\n*** SKIPPED: real-QEMU QMP test: qemu-system-x86_64 is not installed (apt-get install qemu-system-x86) ***\n');
}

let qemu: RunningQemu | undefined;
let client: QmpClient | undefined;
let ours: QmpServer | undefined;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  client?.destroy();
  client = undefined;
  await ours?.close();
  ours = undefined;
  await qemu?.stop();
  qemu = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Starts QEMU with a QMP socket; returns the socket path. */
async function startQemu(): Promise<string> {
  qemu = await startRealQemu();
  return qemu.socket;
}

/** Every line a fresh, negotiated session answers to `input`, until it falls silent. */
async function answers(path: string, input: string | Uint8Array): Promise<string[]> {
  const raw = await LineClient.connect({ path });
  try {
    await raw.line();
    raw.send('{"execute": "qmp_capabilities"}\n');
    await raw.line();
    raw.send(input);
    raw.send('\n');
    return await raw.linesUntilQuiet(60);
  } finally {
    raw.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** As answers(), for a known number of lines: waits for each as long as load may take. */
async function expectedAnswers(path: string, input: string | Uint8Array, count: number): Promise<string[]> {
  const raw = await LineClient.connect({ path });
  try {
    await raw.line();
    raw.send('{"execute": "qmp_capabilities"}\n');
    await raw.line();
    raw.send(input);
    raw.send('\n');
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(await raw.line(20_000));
    return [...lines, ...(await raw.linesUntilQuiet(30))];
  } finally {
    raw.close();
  }
}

const ODD_INPUTS: (string | Uint8Array)[] = [
  '@',
  '"abc\n',
  '-x',
  '01',
  '1.e5',
  '{"a" 1}',
  '{1: 2}',
  '{[1]: 2}',
  '{"a": 1 "b": 2}',
  '[1 2]',
  '[1,]',
  '{"a":1,}',
  '{"a": 1, "a": 2}',
  'tru ',
  'True ',
  '"\\x"',
  '"\\uD800"',
  '"\\uD800\\u0041"',
  '"\\u12"',
  '"\\uFFFE"',
  '{}}',
  ']',
  ':',
  '[}]',
  Buffer.from([0x22, 0xc3, 0x28, 0x22]),
  Buffer.from([0x22, 0xc1, 0x81, 0x22]),
  Buffer.from([0xff]),
  Buffer.from([0x22, 0x61, 0x00, 0x22]),
  '{"execute": "query-version", \x01 "id": 1}',
  `${'x'.repeat(2000)} `,
  `${'['.repeat(1025)}${']'.repeat(1025)}`,
  '"just a string"',
  `'single'`,
  '{"execute": "query-version", "id": "\\u00e9\\ud83d\\ude00\\u0000\\u001f/"}',
  Buffer.from('{"execute": "query-version", "id": "é€😀"}', 'utf8'),
  '{"execute": "query-version", "id": [1.0, 0.1, -0.0, 1e400, -1e400, 1.5e-7, 123456789012345678901234567890]}',
  '{"execute": "query-version", "id": [18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809]}',
  '{"execute": "query-version", "id": {"b": 2, "a": 1, "minor": 1, "micro": 2}}',
  '{"exec-oob": "query-version", "id": 1}',
  '{"execute": "query-version", "execute": "x"}',
  '{"execute": "nope", "id": \'x\'}',
  '{"id": 1}',
  '{"execute": 1}',
  '"a\tb"',
  '"a\rb"',
  '-',
  '1e',
  '.5',
  '+1',
  '0x10',
  'nul',
  '1 2 3',
  '{"execute": "query-version", "arguments": [], "id": null}',
  '{"execute": "query-version", "id": "\\/\\\'"}',
  '{"id": 1, "exec-oob": 2, "execute": "q", "foo": 3, "arguments": 4}',
  Buffer.from([0x7b, 0x22, 0x00, 0x22, 0x7d]),
  Buffer.from([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]),
  Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]),
  Buffer.from([0x22, 0xe0, 0x80, 0xaf, 0x22]),
  Buffer.from([0x22, 0xef, 0xbf, 0xbe, 0x22]),
  Buffer.from([0x40, 0xc3, 0xa9, 0x0a]),
  `[${'0,'.repeat(1024 * 1024 - 1)}0]`,
  `[${'0,'.repeat(1024 * 1024 - 1)}0, 1]`,
  // Integers past uint64 are doubles (strtod), however long.
  `{"execute": "query-version", "id": [${'9'.repeat(25)}, -${'9'.repeat(25)}, ${'1'.repeat(400)}, -${'1'.repeat(400)}, 00]}`,
  // QEMU reads a monitor's input a byte per main-loop turn: a few KB take it longer than the
  // quiet period above, so long inputs are in wire-load.test.ts.
];

describe('QMP against a real QEMU', () => {
  it.skipIf(qemuPath === undefined && !inCi)(
    'our server answers odd input exactly as QEMU does',
    async () => {
      const qemuSocket = await startQemu();
      client = await connectQmp({ path: qemuSocket });
      const reported = (await client.execute('query-version')) as {
        qemu: { major: number; minor: number; micro: number };
        package: string;
      };
      // Rebuilt in the marshaller's insertion order (major, minor, micro), which decides micro/minor.
      const version = versionInfo(reported.qemu.major, reported.qemu.minor, reported.qemu.micro, reported.package);
      client.destroy();
      client = undefined;
      const socket = tempSocketPath();
      cleanups.push(socket.cleanup);
      ours = createQmpServer({ dispatcher: new StubDispatcher({ 'query-version': () => version }) });
      await ours.listen({ path: socket.path });
      const qemuAnswers: string[][] = [];
      for (const input of ODD_INPUTS) {
        // QEMU reads a monitor a byte per main-loop turn, so on a busy machine it can fall silent
        // for longer than any quiet period: wait for as many lines as our server gave (each as long
        // as load may take), then for any extra line QEMU adds.
        const mine = await answers(socket.path, input);
        const theirs = await expectedAnswers(qemuSocket, input, mine.length);
        expect(mine, String(input).slice(0, 80)).toEqual(theirs);
        qemuAnswers.push(theirs);
      }
      // The whole corpus again from 8 clients at once, each input on its own connection: the
      // same answers, and the server still serves.
      await Promise.all(
        Array.from({ length: 8 }, async (_, k) => {
          for (let n = 0; n < ODD_INPUTS.length; n++) {
            const i = (n + k * 7) % ODD_INPUTS.length;
            const expected = qemuAnswers[i] ?? [];
            expect(
              await expectedAnswers(socket.path, ODD_INPUTS[i] ?? '', expected.length),
              `client ${k}: ${String(ODD_INPUTS[i]).slice(0, 80)}`,
            ).toEqual(expected);
          }
        }),
      );
      const last = '{"execute": "query-version", "id": 1}';
      const lastMine = await answers(socket.path, last);
      expect(lastMine).toEqual(await expectedAnswers(qemuSocket, last, lastMine.length));
    },
    90_000,
  );

  it.skipIf(qemuPath === undefined && !inCi)(
    'our client runs query-version and query-qmp-schema',
    async () => {
      const path = await startQemu();
      client = await connectQmp({ path });
      expect(client.offeredCapabilities).toEqual(['oob']);
      expect(client.enabledCapabilities).toEqual(['oob']);

      const version = (await client.execute('query-version')) as { qemu: { major: number; minor: number } };
      expect(version.qemu.major).toBeGreaterThanOrEqual(7);

      const schema = (await client.execute('query-qmp-schema', undefined, { timeout: 10_000 })) as { name: string; 'meta-type': string }[];
      expect(schema.length).toBeGreaterThan(500);
      expect(schema.some((entity) => entity.name === 'query-version' && entity['meta-type'] === 'command')).toBe(true);

      const error = await client.execute('no-such-command').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QmpReplyError);
      expect(error).toMatchObject({ errorClass: 'CommandNotFound', desc: 'The command no-such-command has not been found' });

      const events: string[] = [];
      client.on('SHUTDOWN', (e) => events.push(e.event));
      await client.execute('quit');
      expect(events).toEqual(['SHUTDOWN']);
      await qemu?.exited;
    },
    30_000,
  );
});
