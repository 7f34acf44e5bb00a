/**
 * Back up a disk image of a running QEMU through QMP, with a progress bar fed by query-jobs.
 *
 *   qemu-img create -f qcow2 /tmp/disk.qcow2 64M && qemu-img create -f qcow2 /tmp/backup.qcow2 64M
 *   qemu-system-x86_64 -machine none -nodefaults -display none -qmp unix:/tmp/qmp.sock,server=on,wait=off &
 *   node node_modules/qapi-ts/dist/examples/backup-progress.js /tmp/qmp.sock /tmp/disk.qcow2 /tmp/backup.qcow2
 *
 * It opens both images with blockdev-add, starts blockdev-backup (sync full, manual dismiss),
 * draws the bar from query-jobs until the job tracker sees CONCLUDED, prints the result, then
 * dismisses the job and closes both images again (also when something failed), so the same
 * QEMU takes the next run.
 *
 * The typed client here runs on a hand-written excerpt of QEMU's command map, so that the
 * example needs nothing generated. In a project of your own, generate QEMU's whole schema
 * (`qapi-ts generate qemu/qapi/qapi-schema.json -o src/qemu`) and write
 * `typedQmpClient(client, { validation: qmpValidation })` with `qmpValidation` from there:
 * the maps are then inferred and every command's arguments are checked before they are sent.
 */
import { fileURLToPath } from 'node:url';
import { connectQmp, QmpReplyError, typedQmpClient } from 'qapi-ts';
import { JobTracker } from 'qapi-ts/jobs';
import type { JobInfo } from 'qapi-ts/generated/job';

/** The commands used here, as `qapi-ts generate` types them for QEMU 7.2's schema (abridged to the members used). */
export interface BackupCommands {
  'blockdev-add': {
    args: { driver: 'qcow2'; 'node-name': string; file: { driver: 'file'; filename: string } };
    returns: Record<string, never>;
  };
  'blockdev-del': { args: { 'node-name': string }; returns: Record<string, never> };
  'blockdev-backup': {
    args: {
      'job-id': string;
      device: string;
      target: string;
      sync: 'full' | 'top' | 'none' | 'incremental' | 'bitmap';
      speed?: number;
      'auto-dismiss'?: boolean;
    };
    returns: Record<string, never>;
  };
  'query-jobs': { args: undefined; returns: JobInfo[] };
  'job-dismiss': { args: { id: string }; returns: Record<string, never> };
}

/** No events are read through the typed layer here (the tracker reads JOB_STATUS_CHANGE itself). */
type NoEvents = Record<never, never>;

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
  const connection = await connectQmp({ path: options.socket }, { defaultTimeout: 10_000 });
  const qmp = typedQmpClient<BackupCommands, NoEvents>(connection);
  const tracker = new JobTracker(qmp);
  const opened: string[] = [];
  let started = false;
  try {
    for (const [nodeName, filename] of [
      ['backup-src', options.source],
      ['backup-tgt', options.target],
    ] as const) {
      await qmp.execute('blockdev-add', { driver: 'qcow2', 'node-name': nodeName, file: { driver: 'file', filename } });
      opened.push(nodeName);
    }
    const done = tracker.job(JOB_ID).until('concluded');
    await qmp.execute('blockdev-backup', {
      'job-id': JOB_ID,
      device: 'backup-src',
      target: 'backup-tgt',
      sync: 'full',
      speed: options.speed ?? 0,
      'auto-dismiss': false,
    });
    started = true;
    const info = await followProgress(qmp, done, write);
    return info.error === undefined
      ? { ok: true, bytes: info['current-progress'] }
      : { ok: false, error: info.error, bytes: info['current-progress'] };
  } finally {
    if (started) await qmp.execute('job-dismiss', { id: JOB_ID }).catch(ignoreReplyError);
    for (const nodeName of opened.reverse()) await qmp.execute('blockdev-del', { 'node-name': nodeName }).catch(ignoreReplyError);
    tracker.close();
    await qmp.close();
  }
}

/** Clean-up is best effort: a job or node that is already gone is fine. */
function ignoreReplyError(error: unknown): void {
  if (!(error instanceof QmpReplyError)) throw error;
}

type BackupClient = ReturnType<typeof typedQmpClient<BackupCommands, NoEvents>>;

/** Redraws the bar until the job concludes; returns its last query-jobs entry. */
async function followProgress(qmp: BackupClient, done: Promise<void>, write: (text: string) => void): Promise<JobInfo> {
  let concluded = false;
  void done.then(
    () => (concluded = true),
    () => (concluded = true),
  );
  for (;;) {
    const info = (await qmp.execute('query-jobs')).find((job) => job.id === JOB_ID);
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
