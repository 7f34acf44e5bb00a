/**
 * Real QEMUs for end-to-end tests: `qemu-system-x86_64 -machine none` with a QMP Unix socket in
 * a temp dir, for each QEMU release the project is exact to. 7.2 is the installed one (found
 * in PATH; `.ci/run` installs it); 10.0 is QEMU 10.0.2 unpacked, not installed, by
 * `scripts/qemu-10.0.sh` into `.qemu/10.0.2` (or the folder named by `$QAPI_QEMU10_ROOT`).
 * Without a release's binary its tests fail under CI and are skipped, loudly, elsewhere.
 * `qemu-img` and `qemu-io` are always the installed 7.2 ones.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as absolute } from 'node:path';
import { connectQmp } from '../../runtime/qmp/client/client.js';
import { repoRoot } from './qemu-dir.js';

const QEMU = 'qemu-system-x86_64';

/** The QEMU releases the end-to-end tests run against. */
export const qemuReleases = ['7.2', '10.0'] as const;
export type QemuRelease = (typeof qemuReleases)[number];

export interface QemuBinary {
  readonly release: QemuRelease;
  /** The executable, or undefined when this machine lacks it. */
  readonly path: string | undefined;
  /** Extra environment for it (10.0.2 must load its own modules, never the installed 7.2's). */
  readonly env: Readonly<Record<string, string>>;
  /** What to run to get it, for the skip warning and the CI failure. */
  readonly howToGet: string;
}

function which(program: string): string | undefined {
  const found = spawnSync('which', [program], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** Where scripts/qemu-10.0.sh unpacks QEMU 10.0.2 (keep the two in step). */
const qemu10Root = absolute(process.env['QAPI_QEMU10_ROOT'] ?? join(repoRoot, '.qemu/10.0.2'));

function findBinary(release: QemuRelease): QemuBinary {
  if (release === '7.2') {
    return { release, path: which(QEMU), env: {}, howToGet: 'apt-get install qemu-system-x86 qemu-utils' };
  }
  const path = join(qemu10Root, 'usr/bin', QEMU);
  return {
    release,
    path: existsSync(path) ? path : undefined,
    env: { QEMU_MODULE_DIR: join(qemu10Root, 'usr/lib/x86_64-linux-gnu/qemu') },
    howToGet: `scripts/qemu-10.0.sh (unpacks it into ${qemu10Root}; $QAPI_QEMU10_ROOT names another folder)`,
  };
}

const binaries = new Map<QemuRelease, QemuBinary>(qemuReleases.map((release) => [release, findBinary(release)]));

function qemuBinary(release: QemuRelease): QemuBinary {
  const binary = binaries.get(release);
  if (binary === undefined) throw new Error(`no QEMU release ${String(release)} (releases: ${qemuReleases.join(', ')})`);
  return binary;
}

export const qemuPath = qemuBinary('7.2').path;
const qemuImgPath = which('qemu-img');
const qemuIoPath = which('qemu-io');
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '';

/** Run a release's suite when its QEMU is there, and always under CI (where its absence is a failure). */
export function canRunQemu(release: QemuRelease): boolean {
  return (qemuBinary(release).path !== undefined && qemuImgPath !== undefined) || inCi;
}

/** QEMU 7.2's suites (the default release of this module's functions). */
export const runQemuTests = canRunQemu('7.2');

export function warnIfSkipped(suite: string, release: QemuRelease = '7.2'): void {
  if (canRunQemu(release)) return;
  const what = qemuBinary(release).path === undefined ? `${QEMU} ${release}` : 'qemu-img';
  const how = qemuBinary(release).path === undefined ? qemuBinary(release).howToGet : 'apt-get install qemu-utils';
  console.warn(`\n*** SKIPPED: ${suite} (QEMU ${release}): ${what} is not there (${how}) ***\n`);
}

export interface RunningQemu {
  readonly release: QemuRelease;
  readonly socket: string;
  readonly dir: string;
  /** Settles when the QEMU process ends (after `quit`, or `stop()`). */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

export async function startQemu(release: QemuRelease = '7.2'): Promise<RunningQemu> {
  const binary = qemuBinary(release);
  if (binary.path === undefined) throw new Error(`${QEMU} ${release} is not there, and CI needs it: ${binary.howToGet}`);
  const dir = mkdtempSync(join(tmpdir(), 'qemu-e2e-'));
  const socket = join(dir, 'qmp.sock');
  const child = spawn(binary.path, ['-machine', 'none', '-nodefaults', '-display', 'none', '-qmp', `unix:${socket},server=on,wait=off`], {
    stdio: 'ignore',
    env: { ...process.env, ...binary.env },
  });
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
  return { release, socket, dir, exited, stop };
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
