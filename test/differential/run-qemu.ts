/**
 * Plays a scenario against a real QEMU through the project's recording proxy
 * (`createQmpRecorder`, what `qapi-ts record` runs), so the transcript is in the format
 * `jobs replay` reads, recorded by our own code. Unix sockets in a temp dir only.
 */
import { join } from 'node:path';
import { connectQmp } from '../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../runtime/qmp/client/client.js';
import { QmpError } from '../../runtime/qmp/dispatch/errors.js';
import { createQmpRecorder } from '../../runtime/qmp/log/recorder.js';
import { qemuImg, qemuIo, startQemu } from '../support/qemu.js';
import type { Scenario, Wait } from './scenario.js';

export interface QemuRun {
  /** The recorded transcript, one `{"dir", "msg"}` line per message. */
  readonly transcript: string;
  /** Waits that ended by timeout (the generator asked for something QEMU never did). */
  readonly stuck: readonly string[];
  readonly ms: number;
}

/** How long one wait may take: jobs here copy a few MiB at 1 MiB/s at most. */
const WAIT_TIMEOUT_MS = 10_000;
const ENDED = new Set(['concluded', 'null']);

interface Seen {
  /** Every JOB_STATUS_CHANGE (job, status) and job event (job, name), in arrival order. */
  readonly log: Array<{ readonly job: string; readonly what: string }>;
  readonly current: Map<string, string>;
  changed: () => void;
}

function makeImages(scenario: Scenario, dir: string): void {
  for (const image of scenario.images) {
    const path = join(dir, image.name);
    const backing = image.backing === undefined ? [] : ['-b', join(dir, image.backing), '-F', 'qcow2'];
    qemuImg('create', '-q', '-f', 'qcow2', ...backing, path, `${String(image.sizeMiB)}M`);
    if (image.dataMiB > 0) qemuIo('-f', 'qcow2', '-c', `write -P 0x5a 0 ${String(image.dataMiB)}M`, path);
  }
}

/** `@img:NAME` strings become paths in the scenario's folder. */
function resolvePaths(value: unknown, dir: string): unknown {
  if (typeof value === 'string') return value.startsWith('@img:') ? join(dir, value.slice('@img:'.length)) : value;
  if (Array.isArray(value)) return value.map((v) => resolvePaths(v, dir));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePaths(v, dir)]));
  }
  return value;
}

function watch(client: QmpClient): Seen {
  const seen: Seen = { log: [], current: new Map(), changed: () => undefined };
  client.on('*', (event) => {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const job = String(data['id'] ?? data['device'] ?? '');
    if (event.event === 'JOB_STATUS_CHANGE') {
      const status = String(data['status']);
      seen.current.set(job, status);
      seen.log.push({ job, what: status });
    } else if (event.event.startsWith('BLOCK_JOB_')) seen.log.push({ job, what: event.event });
    seen.changed();
  });
  return seen;
}

/** A wait is met by what arrived since `mark`; a job that has ended meets any wait on it (nothing more can come). */
function met(wait: Wait, seen: Seen, mark: number): boolean {
  if (wait.kind === 'ms') return false;
  const since = seen.log.slice(mark).filter((e) => e.job === wait.job);
  const current = seen.current.get(wait.job);
  if (current !== undefined && ENDED.has(current)) return true;
  if (wait.kind === 'event') return since.some((e) => e.what === wait.event);
  return since.some((e) => wait.statuses.includes(e.what)) || (current !== undefined && wait.statuses.includes(current));
}

async function waitFor(wait: Wait, seen: Seen, mark: number): Promise<boolean> {
  if (wait.kind === 'ms') {
    await new Promise((resolve) => setTimeout(resolve, wait.ms));
    return true;
  }
  if (met(wait, seen, mark)) return true;
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      seen.changed = () => undefined;
      resolve(false);
    }, WAIT_TIMEOUT_MS);
    seen.changed = () => {
      if (!met(wait, seen, mark)) return;
      clearTimeout(timer);
      seen.changed = () => undefined;
      resolve(true);
    };
  });
}

function describeWait(wait: Wait): string {
  if (wait.kind === 'ms') return `${String(wait.ms)} ms`;
  return wait.kind === 'event' ? `${wait.job} ${wait.event}` : `${wait.job} ${wait.statuses.join('|')}`;
}

export async function runOnQemu(scenario: Scenario): Promise<QemuRun> {
  const started = Date.now();
  const qemu = await startQemu(scenario.release);
  const lines: string[] = [];
  const recorder = createQmpRecorder({ connect: { path: qemu.socket }, write: (line) => lines.push(line) });
  const stuck: string[] = [];
  try {
    makeImages(scenario, qemu.dir);
    await recorder.listen({ path: join(qemu.dir, 'proxy.sock') });
    const client = await connectQmp({ path: join(qemu.dir, 'proxy.sock') }, { defaultTimeout: WAIT_TIMEOUT_MS });
    const seen = watch(client);
    let mark = 0;
    for (const step of scenario.steps) {
      if (step.kind === 'wait') {
        if (!(await waitFor(step.wait, seen, mark))) stuck.push(describeWait(step.wait));
        continue;
      }
      mark = seen.log.length;
      const args = step.arguments === undefined ? undefined : (resolvePaths(step.arguments, qemu.dir) as object);
      try {
        await client.execute(step.execute, args);
      } catch (error) {
        if (!(error instanceof QmpError)) throw error; // an error reply is an outcome; anything else is the harness's
      }
    }
    await Promise.race([qemu.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    // The proxy logs QEMU's last messages as the connection closes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.destroy();
  } finally {
    await recorder.close();
    await qemu.stop();
  }
  return { transcript: lines.join(''), stuck, ms: Date.now() - started };
}
