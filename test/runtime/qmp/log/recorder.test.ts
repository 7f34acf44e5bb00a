/**
 * The recording proxy (`createQmpRecorder`, `qapi-ts record`) between a client and the
 * project's own job server, and the log format it writes; the real-QEMU run is in
 * test/runtime/serve/qemu-record.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../../cli/main.js';
import { socketAddress } from '../../../../cli/record.js';
import { verifyTrace } from '../../../../sim/verify.js';
import { connectQmp } from '../../../../runtime/qmp/client/client.js';
import { qmpLogLine, readQmpLog } from '../../../../runtime/qmp/log/qmp-log.js';
import { createQmpRecorder } from '../../../../runtime/qmp/log/recorder.js';
import type { QmpRecorder } from '../../../../runtime/qmp/log/recorder.js';
import { createJobServer } from '../../../../runtime/serve/job-server.js';
import type { JobServer } from '../../../../runtime/serve/job-server.js';
import { repoRoot } from '../../../support/qemu-dir.js';
import { spawnServe, within } from '../../serve/support.js';
import { LineClient, tempSocketPath } from '../wire-support.js';

describe('qmpLogLine and readQmpLog', () => {
  const roundTrip = (text: string, parsed?: () => string): ReturnType<typeof readQmpLog>[number] | undefined =>
    readQmpLog(qmpLogLine('out', text, parsed))[0];

  it('writes a one-line JSON object as msg, its text exactly', () => {
    const text = '{"execute":"query-jobs",  "id": 18446744073709551615}';
    expect(qmpLogLine('out', text)).toBe(`{"dir": "out", "msg": ${text}}`);
    expect(roundTrip(text)).toMatchObject({ line: 1, dir: 'out', raw: undefined, text });
  });

  it('keeps the exact text of a message over several lines in raw, the message in msg', () => {
    const text = '{"execute":\r\n "query-jobs"}';
    expect(qmpLogLine('in', text)).toBe(
      '{"dir": "in", "raw": "{\\"execute\\":\\r\\n \\"query-jobs\\"}", "msg": {"execute":  "query-jobs"}}',
    );
    expect(roundTrip(text)).toMatchObject({ raw: text, msg: { execute: 'query-jobs' } });
  });

  it("uses QEMU's reading of text only QEMU's JSON accepts", () => {
    const text = "{'execute': 'query-jobs'}";
    expect(roundTrip(text, () => '{"execute": "query-jobs"}')).toMatchObject({ raw: text, msg: { execute: 'query-jobs' } });
  });

  it('keeps what is not a JSON object as raw only', () => {
    for (const text of ['[1, 2]', 'garbage', '{"a": 1']) {
      expect(roundTrip(text)).toEqual({ line: 1, dir: 'out', msg: undefined, raw: text, text: undefined });
    }
  });
});

describe('the recording proxy in front of the job server', () => {
  let server: JobServer | undefined;
  let recorder: QmpRecorder | undefined;
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    await recorder?.close();
    await server?.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function proxied(): Promise<{ path: string; log: string[] }> {
    const upstream = tempSocketPath();
    const front = tempSocketPath();
    cleanups.push(upstream.cleanup, front.cleanup);
    server = createJobServer();
    await server.listen({ path: upstream.path });
    const log: string[] = [];
    recorder = createQmpRecorder({ connect: { path: upstream.path }, write: (line) => log.push(line) });
    await recorder.listen({ path: front.path });
    return { path: front.path, log };
  }

  it('records a job session that jobs verify checks', async () => {
    const { path, log } = await proxied();
    const client = await connectQmp({ path }, { defaultTimeout: 5000 });
    const statuses: string[] = [];
    const done = new Promise<void>((resolve) =>
      client.on('JOB_STATUS_CHANGE', (event) => {
        const { status } = event.data as { status: string };
        statuses.push(status);
        if (status === 'concluded') resolve();
      }),
    );
    await client.execute('x-demo-job-start', { id: 'job0', 'duration-ms': 50, 'auto-dismiss': false });
    await within(done, 5000, 'job0 concluded');
    await client.execute('job-dismiss', { id: 'job0' });
    await client.close();
    await within(
      waitFor(() => recorder?.connectionCount === 0),
      5000,
      'proxy connection closed',
    );

    const entries = readQmpLog(log.join(''));
    expect(log.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(entries[0]).toMatchObject({ dir: 'in', msg: { QMP: expect.any(Object) } });
    expect(entries.filter((e) => e.dir === 'out').map((e) => e.msg?.['execute'])).toEqual([
      'qmp_capabilities',
      'x-demo-job-start',
      'job-dismiss',
    ]);
    const events = entries
      .filter((e) => e.msg?.['event'] === 'JOB_STATUS_CHANGE')
      .map((e) => (e.msg!['data'] as { status: string }).status);
    expect(events).toEqual(statuses);
    expect(statuses.at(-1)).toBe('null');
    const verified = verifyTrace(log.join(''));
    expect(verified.ok, verified.diff).toBe(true);
    expect(verified.checked).toEqual({ messages: entries.length, jobs: 1, transitions: events.length, verbs: 1 });
  });

  it('passes bytes through unchanged and logs what is not JSON as raw', async () => {
    const { path, log } = await proxied();
    const client = await LineClient.connect({ path });
    expect(await client.json()).toHaveProperty('QMP');
    client.send('{"execute": "qmp_capabilities"}\n');
    expect(await client.line()).toBe('{"return": {}}');
    client.send('nonsense\n');
    expect(await client.line()).toBe('{"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword \'nonsense\'"}}');
    client.send("{'execute': 'query-jobs',\n 'id': 7}");
    expect(await client.line()).toBe('{"return": [], "id": 7}');
    client.socket.end();
    await within(
      waitFor(() => recorder?.connectionCount === 0),
      5000,
      'proxy connection closed',
    );
    expect(log.filter((line) => line.startsWith('{"dir": "out"'))).toEqual([
      '{"dir": "out", "msg": {"execute": "qmp_capabilities"}}\n',
      '{"dir": "out", "raw": "nonsense"}\n',
      '{"dir": "out", "raw": "{\'execute\': \'query-jobs\',\\n \'id\': 7}", "msg": {"execute": "query-jobs", "id": 7}}\n',
    ]);
    expect(log.filter((line) => line.startsWith('{"dir": "in"')).slice(1)).toEqual([
      '{"dir": "in", "msg": {"return": {}}}\n',
      '{"dir": "in", "msg": {"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword \'nonsense\'"}}}\n',
      '{"dir": "in", "msg": {"return": [], "id": 7}}\n',
    ]);
  });

  it('listens and connects over TCP too', async () => {
    server = createJobServer();
    const upstream = await server.listen({ port: 0 });
    const log: string[] = [];
    recorder = createQmpRecorder({ connect: upstream as { host: string; port: number }, write: (line) => log.push(line) });
    const front = await recorder.listen({ port: 0 });
    const client = await LineClient.connect(front as { host: string; port: number });
    expect(await client.json()).toHaveProperty('QMP');
    client.send('{"execute": "qmp_capabilities", "id": 1}\n');
    expect(await client.line()).toBe('{"return": {}, "id": 1}');
    client.send('{"execute": "query-jobs", "id": 2}\n');
    expect(await client.line()).toBe('{"return": [], "id": 2}');
    client.socket.end();
    await within(
      waitFor(() => recorder?.connectionCount === 0),
      5000,
      'proxy connection closed',
    );
    expect(log.slice(1)).toEqual([
      '{"dir": "out", "msg": {"execute": "qmp_capabilities", "id": 1}}\n',
      '{"dir": "in", "msg": {"return": {}, "id": 1}}\n',
      '{"dir": "out", "msg": {"execute": "query-jobs", "id": 2}}\n',
      '{"dir": "in", "msg": {"return": [], "id": 2}}\n',
    ]);
  });

  it('keeps the session going when the log cannot be written, and says so', async () => {
    const upstream = tempSocketPath();
    const front = tempSocketPath();
    cleanups.push(upstream.cleanup, front.cleanup);
    server = createJobServer();
    await server.listen({ path: upstream.path });
    const errors: string[] = [];
    recorder = createQmpRecorder({
      connect: { path: upstream.path },
      write: () => {
        throw new Error('ENOSPC: no space left on device');
      },
      onError: (error, context) => errors.push(`${context}: ${String(error)}`),
    });
    await recorder.listen({ path: front.path });
    const client = await LineClient.connect({ path: front.path });
    expect(await client.json()).toHaveProperty('QMP');
    client.send('{"execute": "qmp_capabilities"}\n');
    expect(await client.line()).toBe('{"return": {}}');
    // The greeting, the command and its reply: each is logged before it is passed on.
    expect(errors).toEqual(Array(3).fill('writing the log: Error: ENOSPC: no space left on device'));
    client.socket.end();
  });

  it('closes the client when QEMU cannot be reached, and says why', async () => {
    const front = tempSocketPath();
    cleanups.push(front.cleanup);
    const errors: string[] = [];
    recorder = createQmpRecorder({
      connect: { path: join(tmpdir(), 'no-such-dir-qapi-ts', 'qmp.sock') },
      write: () => undefined,
      onError: (error, context) => errors.push(`${context}: ${String(error)}`),
    });
    await recorder.listen({ path: front.path });
    const client = await LineClient.connect({ path: front.path });
    await within(
      waitFor(() => client.closed),
      5000,
      'client closed',
    );
    expect(errors).toEqual([expect.stringMatching(/^connecting to .*qmp\.sock: QmpConnectionError: cannot connect to QMP at .*ENOENT/u)]);
  });
});

describe('qapi-ts record', () => {
  it('takes Unix paths, unix:PATH and tcp:HOST:PORT', async () => {
    expect(await socketAddress('--listen', '/tmp/a.sock')).toEqual({ path: '/tmp/a.sock' });
    expect(await socketAddress('--listen', 'unix:/tmp/a.sock')).toEqual({ path: '/tmp/a.sock' });
    expect(await socketAddress('--connect', 'tcp:localhost:4444')).toEqual({ host: 'localhost', port: 4444 });
    expect(await socketAddress('--connect', 'tcp:[::1]:4444')).toEqual({ host: '::1', port: 4444 });
    expect(await socketAddress('--connect', 'tcp:nope')).toBe("--connect wants PATH, unix:PATH or tcp:HOST:PORT, not 'tcp:nope'");
  });

  it('refuses, exit 1, a bad address, an unwritable log and a live socket at --listen', async () => {
    const run = async (...argv: string[]): Promise<{ code: number; err: string }> => {
      let err = '';
      const code = await main(argv, { stdout: () => undefined, stderr: (t) => void (err += t) });
      return { code, err };
    };
    expect(await run('record', '--listen', 'tcp:x', '--connect', '/tmp/q.sock')).toEqual({
      code: 1,
      err: "qapi-ts: record: --listen wants PATH, unix:PATH or tcp:HOST:PORT, not 'tcp:x'\n",
    });
    const front = tempSocketPath();
    try {
      expect(await run('record', '--listen', front.path, '--connect', '/tmp/q.sock', '-o', '/nonexistent-qapi/log.jsonl')).toEqual({
        code: 1,
        err: "qapi-ts: record: can't write '/nonexistent-qapi/log.jsonl': No such file or directory\n",
      });
      const live = createJobServer();
      await live.listen({ path: front.path });
      try {
        expect(await run('record', '--listen', front.path, '--connect', '/tmp/q.sock')).toEqual({
          code: 1,
          err: `qapi-ts: record: a server is already listening on ${front.path}; stop it or choose another --listen path\n`,
        });
      } finally {
        await live.close();
      }
    } finally {
      front.cleanup();
    }
  });

  it('sits between a client and `qapi-ts serve`, and `jobs verify` reads what it wrote', async () => {
    const upstream = tempSocketPath();
    const front = tempSocketPath();
    const logFile = join(mkdtempSync(join(tmpdir(), 'qapi-record-')), 'session.jsonl');
    const cli = join(repoRoot, 'bin/qapi-ts.cjs');
    const serve = spawnServe(['--socket', upstream.path]);
    const record = spawn(process.execPath, [cli, 'record', '--listen', front.path, '--connect', upstream.path, '-o', logFile], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    try {
      await within(serve.listening, 10_000, 'serve listening');
      const recordSays = outputIncludes(record.stderr, 'listening');
      await within(recordSays, 10_000, 'record listening');
      expect(await recordSays).toBe(
        `qapi-ts record: listening on unix:${front.path}, passing to unix:${upstream.path}, logging to ${logFile} (Ctrl-C to stop)\n`,
      );
      const client = await connectQmp({ path: front.path }, { defaultTimeout: 5000 });
      const concluded = new Promise<void>((resolve) =>
        client.on('JOB_STATUS_CHANGE', (event) => {
          if ((event.data as { status: string }).status === 'concluded') resolve();
        }),
      );
      await client.execute('x-demo-job-start', { id: 'j', 'duration-ms': 30, 'auto-dismiss': false });
      await within(concluded, 5000, 'j concluded');
      await client.execute('job-dismiss', { id: 'j' });
      await client.close();
      const exited = new Promise<number | null>((resolve) => record.once('exit', resolve));
      record.kill('SIGTERM');
      expect(await within(exited, 5000, 'record exit')).toBe(0);
      let out = '';
      const code = await main(['jobs', 'verify', logFile], { stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
      const transitions = readFileSync(logFile, 'utf8').split('"JOB_STATUS_CHANGE"').length - 1;
      // created, running, waiting, pending, concluded, then null on job-dismiss
      expect(transitions).toBe(6);
      expect({ code, out }).toEqual({
        code: 0,
        out: expect.stringMatching(
          new RegExp(`: ok \\(QEMU 7\\.2; \\d+ messages, 1 job, ${transitions} transitions, 1 verb checked\\)\\n$`, 'u'),
        ),
      });
    } finally {
      for (const child of [record, serve.child]) if (child.exitCode === null) child.kill('SIGKILL');
      upstream.cleanup();
      front.cleanup();
    }
  });
});

/** Resolves with all the text of `stream` once it includes `text`. */
function outputIncludes(stream: NodeJS.ReadableStream, text: string): Promise<string> {
  return new Promise((resolve) => {
    let all = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      all += chunk;
      if (all.includes(text)) resolve(all);
    });
  });
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
