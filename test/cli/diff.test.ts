/**
 * `qapi-ts diff OLD NEW`: every kind of side (reply, envelope, schema file in its own dialect
 * and symbols, generated package, live server), the three formats, and diff(1)'s exit codes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from './support.js';
import { createJobServer } from '../../runtime/serve/job-server.js';
import { tempSocketPath } from '../runtime/qmp/wire-support.js';
import { qemuDir, repoRoot } from '../support/qemu-dir.js';

const reply72 = join(qemuDir('7.2'), 'introspection/query-qmp-schema.json');
const reply100 = join(qemuDir('10.0'), 'introspection/query-qmp-schema.json');

interface DiffJson {
  commands: { added: string[]; removed: string[]; changed: Record<string, string[]> };
  events: { added: string[]; removed: string[]; changed: Record<string, string[]> };
  breaking: boolean;
  breakingChanges: string[];
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-diff-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qapi-ts diff of QEMU 7.2 and 10.0', () => {
  it('from the two real replies: JSON with added, removed, changed per member, exit 1 (breaking)', async () => {
    const { code, stdout, stderr } = await run('diff', reply72, reply100, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as DiffJson;
    expect(json.commands.added).toEqual(expect.arrayContaining(['block-job-change', 'blockdev-set-active']));
    expect(json.commands.removed).toContain('x-query-rdma');
    expect(json.commands.changed['blockdev-backup']).toContain("argument 'discard-source' added (optional)");
    expect(json.events.removed).toContain('MEM_UNPLUG_ERROR');
    expect(json.breaking).toBe(true);
    expect(json.breakingChanges).toContain('x-query-rdma: removed');
    expect(json.breakingChanges).not.toContain("blockdev-backup: argument 'discard-source' added (optional)");
  });

  it('from the two schemas, each in its own dialect with its build symbols: the same as from the replies', async () => {
    const fromReplies = await run('diff', reply72, reply100, '--format', 'json');
    const fromSchemas = await run(
      'diff',
      join(qemuDir('7.2'), 'qapi/qapi-schema.json'),
      join(qemuDir('10.0'), 'qapi/qapi-schema.json'),
      '--old-qemu',
      '7.2',
      '--new-qemu',
      '10.0',
      '--old-defines-file',
      join(qemuDir('7.2'), 'introspection/conditions.json'),
      '--new-defines-file',
      join(qemuDir('10.0'), 'introspection/conditions.json'),
      '--format',
      'json',
    );
    expect(fromSchemas.stderr).toBe('');
    expect(fromSchemas.code).toBe(1);
    expect(JSON.parse(fromSchemas.stdout)).toEqual(JSON.parse(fromReplies.stdout));
  });

  it('text marks breaking changes with !; markdown is for a changelog', async () => {
    const text = await run('diff', reply72, reply100);
    expect(text.stdout).toContain('\n! x-query-rdma\n');
    expect(text.stdout).toContain("\n      argument 'discard-source' added (optional)\n");
    expect(text.stdout).toMatch(/\n\d+ breaking changes \(marked !\)/);
    const markdown = await run('diff', reply72, reply100, '--format', 'markdown');
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain('### Commands added\n\n- `block-job-change`\n');
    expect(markdown.stdout).toContain('- `x-query-rdma` **(breaking)**');
    expect(markdown.stdout).toContain('  - argument `discard-source` added (optional)\n');
  });

  it('reads the {"return": [...]} envelope as the bare array', async () => {
    const wrapped = join(dir, 'wrapped.json');
    writeFileSync(wrapped, `{"return": ${readFileSync(reply100, 'utf8')}}`);
    expect(await run('diff', reply72, wrapped, '--format', 'json')).toEqual(await run('diff', reply72, reply100, '--format', 'json'));
  });

  it('only additions: exit 0, the changes still listed', async () => {
    const fewer = join(dir, 'fewer.json');
    const entries = JSON.parse(readFileSync(reply100, 'utf8')) as { name: string }[];
    writeFileSync(fewer, JSON.stringify(entries.filter((e) => e.name !== 'block-job-change')));
    const { code, stdout } = await run('diff', fewer, reply100);
    expect(code).toBe(0);
    expect(stdout).toBe('Commands added (1):\n  block-job-change\n\nNothing breaking.\n');
  });
});

describe('schema files: each side its own symbols', () => {
  const schema = `{ 'enum': 'Aio', 'data': [ 'threads', { 'name': 'io-uring', 'if': 'CONFIG_IO_URING' } ] }
{ 'struct': 'OpenArguments', 'data': { 'aio': 'Aio', '*trace': { 'type': 'bool', 'if': 'CONFIG_TRACE' } } }
{ 'command': 'open', 'data': 'OpenArguments', 'boxed': true }
{ 'command': 'uring-stats', 'if': 'CONFIG_IO_URING' }
`;

  it('--old-define and --new-define evaluate the conditions of each side; -D applies to both', async () => {
    const file = join(dir, 'aio.json');
    writeFileSync(file, schema);
    expect(await run('diff', file, file, '--old-define', 'CONFIG_IO_URING', '--new-define', 'CONFIG_TRACE')).toEqual({
      code: 1,
      stdout: [
        'Commands removed (1):',
        '! uring-stats',
        'Commands changed (1):',
        '! open',
        "!     argument 'aio': enum value 'io-uring' removed",
        "      argument 'trace' added (optional)",
        '',
        '2 breaking changes (marked !): a client of the old schema may rely on what they changed.',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(
      await run('diff', file, file, '-D', 'CONFIG_IO_URING', '--new-define', 'CONFIG_IO_URING', '--new-define', 'CONFIG_TRACE'),
    ).toEqual({
      code: 0,
      stdout: "Commands changed (1):\n  open\n      argument 'trace' added (optional)\n\nNothing breaking.\n",
      stderr: '',
    });
    const defines = join(dir, 'defines.json');
    writeFileSync(defines, '{"defined": ["CONFIG_IO_URING", "CONFIG_TRACE"]}');
    expect(await run('diff', file, file, '--defines-file', defines)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run('diff', file, file, '--old-defines-file', defines, '-D', 'CONFIG_TRACE')).toMatchObject({ code: 1 });
  });
});

describe('identical sides', () => {
  it('the same reply: exit 0 and nothing, in text and markdown', async () => {
    expect(await run('diff', reply100, reply100)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run('diff', reply100, reply100, '--format', 'markdown')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('the generated package, the schema it came from, and a live qapi-ts serve are the same schema', async () => {
    const generated = join(repoRoot, 'generated');
    const schema = join(repoRoot, 'qapi/qapi-schema.json');
    expect(await run('diff', generated, schema, '--qemu', '7.2')).toEqual({ code: 0, stdout: '', stderr: '' });
    // A package generated as JavaScript holds the same data in qmp-introspection.js.
    const js = join(dir, 'js-package');
    expect((await run('generate', schema, '--qemu', '7.2', '--target', 'js', '-o', js)).code).toBe(0);
    expect(await run('diff', js, generated)).toEqual({ code: 0, stdout: '', stderr: '' });
    const socket = tempSocketPath();
    const server = createJobServer();
    try {
      await server.listen({ path: socket.path });
      expect(await run('diff', join(generated, 'qmp-introspection.ts'), `unix:${socket.path}`)).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
    } finally {
      await server.close();
      socket.cleanup();
    }
  });
});

describe('a live server', () => {
  it("serving 10.0's schema, against the 7.2 reply (unix: and tcp:)", async () => {
    const socket = tempSocketPath();
    const server = createJobServer({ schemaInfo: JSON.parse(readFileSync(reply100, 'utf8')) as unknown[] });
    try {
      await server.listen({ path: socket.path });
      const { code, stdout } = await run('diff', reply72, `unix:${socket.path}`, '--format', 'json');
      expect(code).toBe(1);
      expect((JSON.parse(stdout) as DiffJson).commands.changed['blockdev-backup']).toContain("argument 'discard-source' added (optional)");
    } finally {
      await server.close();
      socket.cleanup();
    }
    const tcp = createJobServer({ schemaInfo: JSON.parse(readFileSync(reply100, 'utf8')) as unknown[] });
    try {
      const address = await tcp.listen({ host: '127.0.0.1', port: 0 });
      const port = 'port' in address ? address.port : 0;
      const { code, stdout } = await run('diff', reply72, `tcp:127.0.0.1:${port}`, '--format', 'json');
      expect(code).toBe(1);
      expect(stdout).toBe((await run('diff', reply72, reply100, '--format', 'json')).stdout);
    } finally {
      await tcp.close();
    }
  });
});

describe('could not compare: exit 2 with a clear message', () => {
  it('a missing file, an unreachable server, a reply that is not SchemaInfo, a bad option', async () => {
    expect(await run('diff', join(dir, 'nope.json'), reply100)).toEqual({
      code: 2,
      stdout: '',
      stderr: `qapi-ts diff: ${join(dir, 'nope.json')}: no such file or folder\n`,
    });
    const socket = tempSocketPath();
    const unreachable = await run('diff', reply100, `unix:${socket.path}`);
    socket.cleanup();
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^qapi-ts diff: unix:.*cannot connect to QMP at /);
    const notInfo = join(dir, 'not-info.json');
    writeFileSync(notInfo, '[{"name": "x"}]');
    expect(await run('diff', notInfo, reply100)).toEqual({
      code: 2,
      stdout: '',
      stderr: `qapi-ts diff: ${notInfo}: entry 0 is not a SchemaInfo object (it needs "name" and "meta-type" strings)\n`,
    });
    const errorReply = join(dir, 'error.json');
    writeFileSync(errorReply, '{"error": {"class": "CommandNotFound", "desc": "The command query-qmp-schema has not been found"}}');
    expect(await run('diff', errorReply, reply100)).toEqual({
      code: 2,
      stdout: '',
      stderr: `qapi-ts diff: ${errorReply}: a QMP error reply, not a query-qmp-schema reply: {"class":"CommandNotFound","desc":"The command query-qmp-schema has not been found"}\n`,
    });
    expect((await run('diff', reply100, reply100, '--format', 'yaml')).code).toBe(2);
    expect((await run('diff', reply100)).code).toBe(2);
    expect(await run('diff', dir, reply100)).toEqual({
      code: 2,
      stdout: '',
      stderr: `qapi-ts diff: ${dir}: not a generated package (no qmp-introspection.ts or qmp-introspection.js)\n`,
    });
  });

  it('a schema error is printed located, as everywhere, but exits 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, "{ 'command': 'x', 'data': 'Nope' }\n");
    const { code, stderr } = await run('diff', bad, reply100, '--qemu', '7.2');
    expect(code).toBe(2);
    expect(stderr).toBe((await run('dump', '--qemu', '7.2', bad)).stderr);
    expect(stderr).toContain(`${bad}:1: `);
  });
});
