/** `qapi-ts serve`: argument parsing, and the built CLI serving until SIGTERM. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveTarget } from '../../../cli/serve.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import { repoRoot } from '../../support/qemu-dir.js';
import { tempSocketPath } from '../qmp/wire-support.js';
import { spawnServe, within } from './support.js';

describe('qapi-ts serve', () => {
  it('takes exactly one of --socket and --tcp', () => {
    expect(serveTarget({ socket: '/tmp/q.sock' })).toEqual({ path: '/tmp/q.sock' });
    expect(serveTarget({ tcp: 'localhost:4444' })).toEqual({ host: 'localhost', port: 4444 });
    expect(serveTarget({ tcp: '[::1]:4444' })).toEqual({ host: '::1', port: 4444 });
    expect(serveTarget({ tcp: ':4444' })).toEqual({ host: '127.0.0.1', port: 4444 });
    expect(serveTarget({})).toMatch(/exactly one/u);
    expect(serveTarget({ socket: 'a', tcp: 'b:1' })).toMatch(/exactly one/u);
    expect(serveTarget({ tcp: 'nohost' })).toMatch(/HOST:PORT/u);
  });

  it('refuses a socket path too long for sun_path: exit 1, a clear message, no stray file', () => {
    const socket = tempSocketPath();
    try {
      const path = join(dirname(socket.path), 'x'.repeat(120));
      const r = spawnSync(process.execPath, [join(repoRoot, 'bin/qapi-ts.cjs'), 'serve', '--socket', path], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `qapi-ts serve: can't listen: QMP server: UNIX socket path '${path}' is too long (${path.length} bytes; at most 108)\n`,
      );
      expect(readdirSync(dirname(socket.path))).toEqual([]);
    } finally {
      socket.cleanup();
    }
  });

  it('serves on a Unix socket until SIGTERM, then closes and removes the socket', async () => {
    const socket = tempSocketPath();
    const { child, listening, output } = spawnServe(['--socket', socket.path]);
    try {
      await within(listening, 10_000, 'serve listening');
      expect(output()).toContain(`unix:${socket.path}`);
      const client = await connectQmp({ path: socket.path }, { defaultTimeout: 5000 });
      expect(await client.execute('query-version')).toEqual({ qemu: { major: 7, minor: 2, micro: 22 }, package: '' });
      await client.close();
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await within(exited, 5000, 'serve exit')).toBe(0);
      expect(existsSync(socket.path)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      socket.cleanup();
    }
  });

  it('greets as the QEMU release --qemu names, and reads qapi/ in its dialect for the schema options', async () => {
    const socket = tempSocketPath();
    const { child, listening } = spawnServe(['--socket', socket.path, '--qemu', '10.0', '--unmask']);
    try {
      await within(listening, 10_000, 'serve listening');
      const client = await connectQmp({ path: socket.path }, { defaultTimeout: 5000 });
      expect(await client.execute('query-version')).toEqual({ qemu: { major: 10, minor: 0, micro: 2 }, package: '' });
      expect(JSON.stringify(await client.execute('query-qmp-schema'))).toContain('"name":"JobInfo"');
      await client.close();
    } finally {
      child.kill('SIGKILL');
      socket.cleanup();
    }
  });
});
