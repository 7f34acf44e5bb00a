/**
 * A real QEMU 7.2 for end-to-end tests: `qemu-system-x86_64 -machine none` with a QMP Unix
 * socket in a temp dir. Without QEMU the tests fail under CI (`.ci/run` installs it) and are
 * skipped, loudly, elsewhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectQmp } from '../../runtime/qmp/client.js';

const QEMU = 'qemu-system-x86_64';

function which(program: string): string | undefined {
  const found = spawnSync('which', [program], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export const qemuPath = which(QEMU);
export const qemuImgPath = which('qemu-img');
export const qemuIoPath = which('qemu-io');
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '';
/** Run the suite when QEMU is there, and always under CI (where its absence is a failure). */
export const runQemuTests = (qemuPath !== undefined && qemuImgPath !== undefined) || inCi;

export function warnIfSkipped(suite: string): void {
  if (!runQemuTests) console.warn(`\n*** SKIPPED: ${suite}: ${QEMU} or qemu-img is not installed (apt-get install qemu-system-x86 qemu-utils) ***\n`);
}

export interface RunningQemu {
  readonly socket: string;
  readonly dir: string;
  /** Settles when the QEMU process ends (after `quit`, or `stop()`). */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

export async function startQemu(): Promise<RunningQemu> {
  if (qemuPath === undefined) throw new Error(`${QEMU} is not installed, and CI needs it: .ci/run installs qemu-system-x86`);
  const dir = mkdtempSync(join(tmpdir(), 'qemu-e2e-'));
  const socket = join(dir, 'qmp.sock');
  const child = spawn(qemuPath, ['-machine', 'none', '-nodefaults', '-display', 'none', '-qmp', `unix:${socket},server=on,wait=off`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    await kill(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForSocket(child, socket, 10_000);
    await waitForListener(socket, 5000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { socket, dir, exited, stop };
}

/** `qemu-img create -f FORMAT PATH SIZE`. */
export function qemuImg(...args: string[]): void {
  if (qemuImgPath === undefined) throw new Error('qemu-img is not installed (apt-get install qemu-utils)');
  const run = spawnSync(qemuImgPath, args, { encoding: 'utf8', timeout: 10_000 });
  if (run.status !== 0) throw new Error(`qemu-img ${args.join(' ')}: ${run.stderr}`);
}

/** `qemu-io ARGS...`, e.g. `qemuIo('-f', 'qcow2', '-c', 'write -P 0x5a 0 4M', path)` to give an image data. */
export function qemuIo(...args: string[]): void {
  if (qemuIoPath === undefined) throw new Error('qemu-io is not installed (apt-get install qemu-utils)');
  const run = spawnSync(qemuIoPath, args, { encoding: 'utf8', timeout: 10_000 });
  if (run.status !== 0) throw new Error(`qemu-io ${args.join(' ')}: ${run.stderr}`);
}

async function waitForSocket(child: ChildProcess, path: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`QEMU did not create its QMP socket ${path} within ${ms} ms`);
    if (child.exitCode !== null) throw new Error(`QEMU exited early with code ${String(child.exitCode)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The socket file exists a moment before QEMU accepts on it (ECONNREFUSED meanwhile). */
async function waitForListener(path: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const probe = await connectQmp({ path }, { connectTimeout: 1000 });
      await probe.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
