/**
 * `qapi-ts serve` and the socket path it is given: a live server there is never taken over
 * (exit 1, the other server keeps serving); a stale socket file is replaced. Its schema
 * options shape query-qmp-schema.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support.js';
import { socketIsLive } from '../../cli/socket-live.js';
import { connectQmp } from '../../runtime/qmp/client/client.js';
import { createJobServer } from '../../runtime/serve/job-server.js';
import { spawnServe, within } from '../runtime/serve/support.js';
import { tempSocketPath } from '../runtime/qmp/wire-support.js';

/** A process that listens on `path` and is then killed: it leaves a socket file nobody answers on. */
async function leaveStaleSocket(path: string): Promise<void> {
  const listener = spawn(
    process.execPath,
    ['-e', `require('node:net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await within(new Promise((resolve) => listener.stdout.once('data', resolve)), 10_000, 'listener up');
  const killed = new Promise((resolve) => listener.once('exit', resolve));
  listener.kill('SIGKILL');
  await killed;
}

describe('qapi-ts serve --socket', () => {
  it('refuses, exit 1, a path where a server is listening, and leaves that server alone', async () => {
    const socket = tempSocketPath();
    const other = createJobServer();
    try {
      await other.listen({ path: socket.path });
      expect(await socketIsLive(socket.path)).toBe(true);
      expect(await run('serve', '--socket', socket.path)).toEqual({
        code: 1,
        stdout: '',
        stderr: `qapi-ts: serve: a server is already listening on ${socket.path}; stop it or choose another --socket path\n`,
      });
      const client = await connectQmp({ path: socket.path }, { defaultTimeout: 5000 });
      expect(await client.execute('query-version')).toMatchObject({ qemu: { major: 7 } });
      await client.close();
    } finally {
      await other.close();
      socket.cleanup();
    }
  });

  it('replaces a stale socket file; --unmask gives query-qmp-schema real type names', async () => {
    const socket = tempSocketPath();
    await leaveStaleSocket(socket.path);
    expect(existsSync(socket.path)).toBe(true);
    expect(await socketIsLive(socket.path)).toBe(false);
    const { child, listening } = spawnServe(['--socket', socket.path, '--unmask']);
    try {
      await within(listening, 10_000, 'serve listening');
      const client = await connectQmp({ path: socket.path }, { defaultTimeout: 5000 });
      const schema = (await client.execute('query-qmp-schema')) as { name: string }[];
      expect(schema.map((entry) => entry.name)).toContain('JobStatus');
      await client.close();
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await within(exited, 5000, 'serve exit')).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      socket.cleanup();
    }
  });

  it('without schema options, query-qmp-schema is the generated data (masked names)', async () => {
    const socket = tempSocketPath();
    const server = createJobServer();
    try {
      await server.listen({ path: socket.path });
      const client = await connectQmp({ path: socket.path }, { defaultTimeout: 5000 });
      const schema = (await client.execute('query-qmp-schema')) as { name: string }[];
      expect(schema.map((entry) => entry.name)).not.toContain('JobStatus');
      await client.close();
    } finally {
      await server.close();
      socket.cleanup();
    }
  });

  it('finds no live server where there is no socket file', async () => {
    const socket = tempSocketPath();
    expect(await socketIsLive(socket.path)).toBe(false);
    socket.cleanup();
  });
});
