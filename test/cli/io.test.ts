/**
 * The CLI writes its output straight to the descriptors (cli/io.ts): a big dump
 * must arrive whole through a pipe, also a non-blocking one, and a reader that stops early
 * is not an error.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpSchema } from '../../generator/backends/dump/dump.js';
import { dialectFor } from '../../generator/dialect/select.js';
import { loadSchema } from '../../generator/frontend.js';
import { qemuDir, repoRoot } from '../support/qemu-dir.js';

const cli = join(repoRoot, 'bin/qapi-ts.cjs');
// QEMU 10.0's, the command line's default dialect.
const schema = join(qemuDir('10.0'), 'qapi/qapi-schema.json');

function expectedDump(): string {
  const { schema: checked, docs } = loadSchema(schema, undefined, dialectFor('10.0'));
  return dumpSchema(checked, docs);
}

describe('qapi-ts output', () => {
  it('arrives whole through a pipe (0.8 MB dump of the QMP schema)', () => {
    const r = spawnSync(process.execPath, [cli, 'dump', schema], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedDump());
  });

  it('arrives whole through a non-blocking pipe read slowly (EAGAIN hands over to the stream)', () => {
    // Python makes the pipe non-blocking on the writer's side, then reads it with pauses.
    const reader = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(0.3)',
      'data = b""',
      'while True:',
      '    chunk = os.read(r, 65536)',
      '    if not chunk: break',
      '    data += chunk',
      'sys.stdout.buffer.write(data)',
      'sys.exit(p.wait())',
    ].join('\n');
    const r = spawnSync('python3', ['-c', reader, process.execPath, cli, 'dump', schema], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedDump());
  });

  it('ends quietly, exit 0, when the reader stops early (`qapi-ts dump ... | head`)', async () => {
    const child = spawn(process.execPath, [cli, 'dump', schema], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
