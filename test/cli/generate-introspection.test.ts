/**
 * `qapi-ts generate --from-introspection`, run in-process: a saved reply in, a package out;
 * `--check`; a live server given as tcp:HOST:PORT (`qapi-ts serve`'s own server); and the
 * user errors, each one line and exit 1 with nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli as run } from './support.js';
import { createJobServer } from '../../runtime/serve/job-server.js';
import { qemuDir } from '../support/qemu-dir.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-from-introspection-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const reply = join(qemuDir(), 'introspection/query-qmp-schema.json');

describe('qapi-ts generate --from-introspection', () => {
  it('generates from a saved reply, then --check finds it up to date', async () => {
    const out = join(dir, 'out');
    const first = await run('generate', '--from-introspection', reply, '-o', out);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/out: 8 written, 0 unchanged\n$/u);
    expect(readFileSync(join(out, 'qemu.ts'), 'utf8')).toContain(`query-qmp-schema reply of ${reply}`);
    expect(await run('generate', '--from-introspection', reply, '-o', out, '--check')).toMatchObject({ code: 0, stderr: '' });
  });

  it("asks a live server over TCP (here qapi-ts serve's server)", async () => {
    const server = createJobServer();
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    if (!('port' in address)) throw new Error('expected a TCP address');
    try {
      const out = join(dir, 'live');
      const result = await run('generate', '--from-introspection', `tcp:127.0.0.1:${address.port}`, '-o', out);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const commands = readFileSync(join(out, 'qmp-commands.ts'), 'utf8');
      expect(commands).toContain("'x-demo-job-start': {");
      const module = readFileSync(join(out, 'qemu.ts'), 'utf8');
      expect(module).toMatch(/reply of QEMU 7\.2\.0 at tcp:127\.0\.0\.1:\d+/u);
      // The greeting's release, which qapi-ts knows, is the release the package is made for.
      expect(module).toContain('QEMU 7.2 dialect;');
    } finally {
      await server.close();
    }
  });

  it('--target js: JavaScript with .d.ts beside it, from the reply', async () => {
    const file = join(dir, 'reply.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'job-pause', 'ret-type': '1', 'meta-type': 'command', 'arg-type': '0' },
        { name: '0', members: [{ name: 'id', type: 'str' }], 'meta-type': 'object' },
        { name: '1', members: [], 'meta-type': 'object' },
        { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
      ]),
    );
    const out = join(dir, 'js');
    expect(await run('generate', '--from-introspection', file, '--target', 'js', '-o', out)).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(out, 'qemu.d.ts'), 'utf8')).toContain('export interface JobPauseArguments {');
    expect(readFileSync(join(out, 'qmp-commands.js'), 'utf8')).toContain("'job-pause': {");
  });

  const errors: [string, string[], RegExp][] = [
    [
      'a schema as well',
      ['qapi/qapi-schema.json'],
      /^qapi-ts: give a schema \(qapi\/qapi-schema\.json\) or --from-introspection, not both\n$/u,
    ],
    ["'if' symbols", ['-D', 'CONFIG_LINUX'], /^qapi-ts: --from-introspection takes no 'if' symbols/u],
    [
      'a file that is not there',
      ['--from-introspection', '/nonexistent/reply.json'],
      /^qapi-ts: cannot read '\/nonexistent\/reply\.json': ENOENT/u,
    ],
    [
      'a socket nobody listens on',
      ['--from-introspection', 'unix:/nonexistent/qmp.sock'],
      /^qapi-ts: cannot ask unix:\/nonexistent\/qmp\.sock for its schema: cannot connect/u,
    ],
    [
      'a bad TCP address',
      ['--from-introspection', 'tcp:localhost'],
      /^qapi-ts: 'tcp:localhost': a live server is unix:PATH or tcp:HOST:PORT/u,
    ],
  ];
  it.each(errors)('%s: exit 1, one line, nothing written', async (_, args, message) => {
    const out = join(dir, 'out');
    const argv = args.includes('--from-introspection') ? args : ['--from-introspection', reply, ...args];
    const result = await run('generate', ...argv, '-o', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('a file that is not a reply: its entry named, exit 1', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ return: [{ name: 'x', 'meta-type': 'event', 'arg-type': '0' }] }));
    const result = await run('generate', '--from-introspection', file, '-o', join(dir, 'out'));
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${file}: entry 0 ('x'): type '0' has no entry\n` });
  });
});
