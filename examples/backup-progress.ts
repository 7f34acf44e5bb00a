/**
 * Back up a disk image of a running QEMU through QMP, with a progress bar fed by query-jobs.
 *
 *   qemu-img create -f qcow2 /tmp/disk.qcow2 64M && qemu-img create -f qcow2 /tmp/backup.qcow2 64M
 *   qemu-system-x86_64 -machine none -nodefaults -display none -qmp unix:/tmp/qmp.sock,server=on,wait=off &
 *   npx tsc -p tsconfig.json --outDir /tmp/qapi-ts-build
 *   node /tmp/qapi-ts-build/examples/backup-progress.js /tmp/qmp.sock /tmp/disk.qcow2 /tmp/backup.qcow2
 *
 * (test/examples/backup-progress.test.ts runs it in-process against a real QEMU.)
 * It opens both images with blockdev-add, starts blockdev-backup (sync full, manual dismiss),
 * draws the bar from query-jobs until the job tracker sees CONCLUDED, prints the result and
 * dismisses the job.
 */
import { fileURLToPath } from 'node:url';
import type { JobInfo } from '../generated/job.js';
import { connectQmp, trackerClient } from '../runtime/index.js';
import { JobTracker } from '../runtime/jobs/index.js';

export interface BackupOptions {
  readonly socket: string;
  readonly source: string;
  readonly target: string;
  /** Bytes per second (0: unlimited). */
  readonly speed?: number;
  readonly write?: (text: string) => void;
}

export interface BackupResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly bytes: number;
}

const JOB_ID = 'backup0';
const POLL_MS = 100;
const BAR_WIDTH = 40;

export function progressBar(info: Pick<JobInfo, 'current-progress' | 'total-progress'>): string {
  const total = info['total-progress'];
  const fraction = total > 0 ? Math.min(1, info['current-progress'] / total) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%`;
}

export async function backupWithProgress(options: BackupOptions): Promise<BackupResult> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const client = await connectQmp({ path: options.socket }, { defaultTimeout: 10_000 });
  const tracker = new JobTracker(trackerClient(client));
  try {
    await openImage(client, 'backup-src', options.source);
    await openImage(client, 'backup-tgt', options.target);
    const done = tracker.job(JOB_ID).until('concluded');
    await client.execute('blockdev-backup', {
      'job-id': JOB_ID, device: 'backup-src', target: 'backup-tgt', sync: 'full', speed: options.speed ?? 0, 'auto-dismiss': false,
    });
    const info = await followProgress(client, done, write);
    await tracker.verb(JOB_ID, 'dismiss');
    return info.error === undefined ? { ok: true, bytes: info['current-progress'] } : { ok: false, error: info.error, bytes: info['current-progress'] };
  } finally {
    tracker.close();
    await client.close();
  }
}

async function openImage(client: Awaited<ReturnType<typeof connectQmp>>, nodeName: string, filename: string): Promise<void> {
  await client.execute('blockdev-add', { driver: 'qcow2', 'node-name': nodeName, file: { driver: 'file', filename } });
}

/** Redraws the bar until the job concludes; returns its last query-jobs entry. */
async function followProgress(
  client: Awaited<ReturnType<typeof connectQmp>>, done: Promise<void>, write: (text: string) => void,
): Promise<JobInfo> {
  let concluded = false;
  void done.then(() => (concluded = true), () => (concluded = true));
  for (;;) {
    const info = (await client.execute<JobInfo[]>('query-jobs')).find((job) => job.id === JOB_ID);
    if (info === undefined) throw new Error(`job ${JOB_ID} vanished`);
    write(`\r${progressBar(info)} ${info.status.padEnd(9)}`);
    if (concluded || info.status === 'concluded') {
      write('\n');
      return info;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [socket, source, target] = argv;
  if (socket === undefined || source === undefined || target === undefined) {
    process.stderr.write('usage: backup-progress QMP_SOCKET SOURCE.qcow2 TARGET.qcow2\n');
    return 2;
  }
  const result = await backupWithProgress({ socket, source, target });
  process.stdout.write(result.ok ? `backup done: ${result.bytes} bytes copied\n` : `backup failed: ${result.error ?? ''}\n`);
  return result.ok ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
