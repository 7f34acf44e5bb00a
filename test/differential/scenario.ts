/**
 * Seeded job scenarios for the differential check: the same seed and release always give the
 * same scenario. A scenario is the images to make with qemu-img/qemu-io and a list of steps:
 * QMP commands, and waits expressed as conditions on QEMU's events ("job X reached ready",
 * "job X sent BLOCK_JOB_ERROR") or plain pauses, so it is played the same way against any QEMU.
 * The runtime's side needs no plan of its own: `jobs replay` replays what QEMU was sent.
 */
import type { QemuRelease } from '../support/qemu.js';
import { mulberry32 } from '../support/random.js';

export interface ImageSpec {
  /** File name inside the scenario's folder. */
  readonly name: string;
  readonly sizeMiB: number;
  /** MiB of data written at offset 0 with `qemu-io` (0: none). */
  readonly dataMiB: number;
  /** The image's backing file (another ImageSpec's name), for stream and commit. */
  readonly backing?: string;
}

export type Wait =
  /** The job sent one of these statuses since the previous command went out (or is in one). */
  | { readonly kind: 'status'; readonly job: string; readonly statuses: readonly string[] }
  /** QEMU sent this event for the job since the previous command went out. */
  | { readonly kind: 'event'; readonly job: string; readonly event: string }
  | { readonly kind: 'ms'; readonly ms: number };

export type Step =
  | { readonly kind: 'command'; readonly execute: string; readonly arguments?: Record<string, unknown> }
  | { readonly kind: 'wait'; readonly wait: Wait };

export interface Scenario {
  readonly seed: number;
  readonly release: QemuRelease;
  /** One line: the episodes, e.g. `mirror(pause,complete) txn-grouped(ioerror)`. */
  readonly title: string;
  readonly images: readonly ImageSpec[];
  /** Strings `@img:NAME` in arguments stand for the path of image NAME. */
  readonly steps: readonly Step[];
}

/** Job speeds: with 64 KiB chunks about 16 rate-limit points a second, so commands land while jobs run. */
const SPEED = 1024 * 1024;
const CHUNK = 65536;

/** Builds one scenario's steps; each episode uses its own nodes and job ids. */
class Builder {
  readonly images: ImageSpec[] = [];
  readonly steps: Step[] = [];
  readonly titles: string[] = [];
  private readonly random: () => number;
  private readonly release: QemuRelease;
  private spares = 0;

  constructor(seed: number, release: QemuRelease) {
    this.random = mulberry32(seed);
    this.release = release;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(options: readonly T[]): T {
    const value = options[Math.floor(this.random() * options.length)];
    if (value === undefined) throw new Error('pick from no options');
    return value;
  }

  command(execute: string, args?: Record<string, unknown>): void {
    this.steps.push(args === undefined ? { kind: 'command', execute } : { kind: 'command', execute, arguments: args });
  }

  status(job: string, ...statuses: string[]): void {
    this.steps.push({ kind: 'wait', wait: { kind: 'status', job, statuses } });
  }

  event(job: string, event: string): void {
    this.steps.push({ kind: 'wait', wait: { kind: 'event', job, event } });
  }

  sleep(ms: number): void {
    this.steps.push({ kind: 'wait', wait: { kind: 'ms', ms } });
  }

  image(spec: ImageSpec): void {
    this.images.push(spec);
  }

  /** A qcow2 node over a file (or over blkdebug failing reads past 1 MiB with EIO). */
  qcow2Node(node: string, image: string, failReads = false): Record<string, unknown> {
    const file = { driver: 'file', filename: `@img:${image}` };
    const inject = [{ event: 'read_aio', errno: 5, sector: 2048 }];
    return { driver: 'qcow2', 'node-name': node, file: failReads ? { driver: 'blkdebug', 'inject-error': inject, image: file } : file };
  }

  /** A source/target pair for backup and mirror. */
  pair(tag: string, failReads = false): [string, string] {
    this.image({ name: `${tag}-src.qcow2`, sizeMiB: 4, dataMiB: 2 });
    this.image({ name: `${tag}-tgt.qcow2`, sizeMiB: 4, dataMiB: 0 });
    this.command('blockdev-add', this.qcow2Node(`${tag}-src`, `${tag}-src.qcow2`, failReads));
    this.command('blockdev-add', this.qcow2Node(`${tag}-tgt`, `${tag}-tgt.qcow2`));
    return [`${tag}-src`, `${tag}-tgt`];
  }

  /** A graph change that touches no job's nodes: add a spare node, later delete it. */
  graphChange(): string {
    const node = `spare${String(this.spares++)}`;
    this.image({ name: `${node}.qcow2`, sizeMiB: 1, dataMiB: 0 });
    this.command('blockdev-add', this.qcow2Node(node, `${node}.qcow2`));
    if (this.chance(0.6)) {
      this.command('blockdev-del', { 'node-name': node });
      return 'add+del';
    }
    return 'add';
  }

  /** Actions on a job while it runs (not yet ready); returns what was done, for the title. */
  whileRunning(job: string, device: string): string[] {
    const done: string[] = [];
    const count = Math.floor(this.random() * 3);
    for (let i = 0; i < count; i++) {
      const action = this.pick(['pause', 'block-pause', 'set-speed', 'query', 'graph', 'verb-error'] as const);
      done.push(action);
      if (action === 'pause' || action === 'block-pause') {
        this.command(action === 'pause' ? 'job-pause' : 'block-job-pause', action === 'pause' ? { id: job } : { device });
        this.status(job, 'paused');
        if (this.chance(0.5)) this.command('query-block-jobs');
        this.command(action === 'pause' ? 'job-resume' : 'block-job-resume', action === 'pause' ? { id: job } : { device });
        this.status(job, 'running');
      } else if (action === 'set-speed') this.command('block-job-set-speed', { device, speed: this.pick([SPEED / 2, SPEED, SPEED * 2]) });
      else if (action === 'query') this.command(this.pick(['query-jobs', 'query-block-jobs']));
      else if (action === 'graph') done[done.length - 1] = `graph-${this.graphChange()}`;
      else this.command(this.pick(['job-complete', 'job-finalize', 'job-dismiss']), { id: job });
    }
    return done;
  }

  /** After the job left running by itself: a manual finalize and dismiss as its options need. */
  conclude(job: string, autoFinalize: boolean, autoDismiss: boolean): void {
    if (!autoFinalize) {
      this.status(job, 'pending');
      this.command('query-jobs');
      this.command(this.pick(['job-finalize', 'block-job-finalize']), { id: job });
    }
    this.status(job, autoDismiss ? 'null' : 'concluded');
    this.command('query-jobs');
    if (!autoDismiss) {
      this.command(this.pick(['job-dismiss', 'block-job-dismiss']), { id: job });
      this.status(job, 'null');
    }
  }

  /** A cancel of the job, soft or forced, through either command. */
  cancel(job: string, device: string): string {
    const how = this.pick(['job-cancel', 'block-job-cancel', 'block-job-cancel-force'] as const);
    if (how === 'job-cancel') this.command('job-cancel', { id: job });
    else this.command('block-job-cancel', how === 'block-job-cancel' ? { device } : { device, force: true });
    return how;
  }

  backup(n: number): void {
    const job = `bk${String(n)}`;
    const failReads = this.chance(0.3);
    const [src, tgt] = this.pair(`b${String(n)}`, failReads);
    const autoFinalize = this.chance(0.6);
    const autoDismiss = this.chance(0.6);
    const onError = failReads ? this.pick(['report', 'stop']) : undefined;
    this.command('blockdev-backup', {
      'job-id': job,
      device: src,
      target: tgt,
      sync: 'full',
      speed: SPEED,
      'x-perf': { 'max-chunk': CHUNK },
      'auto-finalize': autoFinalize,
      'auto-dismiss': autoDismiss,
      ...(onError !== undefined && { 'on-source-error': onError }),
    });
    this.status(job, 'running');
    const done = this.whileRunning(job, job);
    if (onError === 'stop') {
      this.command('block-job-set-speed', { device: job, speed: 0 });
      this.event(job, 'BLOCK_JOB_ERROR');
      this.status(job, 'paused');
      this.command('query-block-jobs');
      this.command(this.pick(['job-cancel', 'job-resume']), { id: job });
      done.push('ioerror-stop');
      // A resume retries the read; blkdebug fails it again (no `once`): cancel for good.
      this.sleep(200);
      this.command('job-cancel', { id: job });
      this.status(job, 'concluded', 'null');
      this.finishQuietly(job, autoDismiss);
    } else if (this.chance(0.3)) {
      done.push(this.cancel(job, job));
      this.status(job, 'concluded', 'null');
      this.finishQuietly(job, autoDismiss);
    } else {
      this.command('block-job-set-speed', { device: job, speed: 0 });
      if (onError === 'report') {
        done.push('ioerror-report');
        this.status(job, 'concluded', 'null');
        this.finishQuietly(job, autoDismiss);
      } else this.conclude(job, autoFinalize, autoDismiss);
    }
    this.titles.push(`backup(${flags(autoFinalize, autoDismiss)}${done.length > 0 ? `;${done.join(',')}` : ''})`);
  }

  /** A job that ended by cancel or error: dismiss it if it stays. */
  finishQuietly(job: string, autoDismiss: boolean): void {
    this.command('query-jobs');
    if (!autoDismiss) {
      this.command('job-dismiss', { id: job });
      this.status(job, 'null');
    }
  }

  mirror(n: number): void {
    const job = `mir${String(n)}`;
    const [src, tgt] = this.pair(`m${String(n)}`);
    const autoFinalize = this.chance(0.7);
    const autoDismiss = this.chance(0.7);
    this.command('blockdev-mirror', {
      'job-id': job,
      device: src,
      target: tgt,
      sync: 'full',
      speed: SPEED,
      'buf-size': CHUNK,
      'auto-finalize': autoFinalize,
      'auto-dismiss': autoDismiss,
    });
    this.status(job, 'running');
    const done = this.whileRunning(job, job);
    if (this.chance(0.2)) {
      done.push(`${this.cancel(job, job)}-running`);
      this.status(job, 'concluded', 'null');
      this.finishQuietly(job, autoDismiss);
    } else {
      this.command('block-job-set-speed', { device: job, speed: 0 });
      this.status(job, 'ready');
      done.push(...this.inReady(job, autoFinalize, autoDismiss));
    }
    this.titles.push(`mirror(${flags(autoFinalize, autoDismiss)};${done.join(',')})`);
  }

  /** A job in ready (mirror, active commit): standby, change, then complete or cancel. */
  inReady(job: string, autoFinalize: boolean, autoDismiss: boolean): string[] {
    const done: string[] = [];
    if (this.chance(0.4)) {
      this.command('job-pause', { id: job });
      this.status(job, 'standby');
      this.command('query-jobs');
      this.command('job-resume', { id: job });
      this.status(job, 'ready');
      done.push('standby');
    }
    if (this.release === '10.0' && job.startsWith('mir') && this.chance(0.6)) {
      this.command('block-job-change', { id: job, type: 'mirror', 'copy-mode': this.pick(['write-blocking', 'background']) });
      this.command('query-block-jobs');
      done.push('change');
    }
    if (this.chance(0.3)) this.command('block-job-set-speed', { device: job, speed: SPEED });
    const end = this.pick(['job-complete', 'block-job-complete', 'job-cancel', 'block-job-cancel', 'block-job-cancel-force'] as const);
    done.push(end);
    if (end === 'job-complete') this.command('job-complete', { id: job });
    else if (end === 'block-job-complete') this.command('block-job-complete', { device: job });
    else if (end === 'job-cancel') this.command('job-cancel', { id: job });
    else this.command('block-job-cancel', end === 'block-job-cancel' ? { device: job } : { device: job, force: true });
    // In ready a soft block-job-cancel completes without pivoting (mirror_cancel); the others abort.
    const aborts = end === 'job-cancel' || end === 'block-job-cancel-force';
    if (aborts) {
      this.status(job, 'concluded', 'null');
      this.finishQuietly(job, autoDismiss);
    } else this.conclude(job, autoFinalize, autoDismiss);
    return done;
  }

  stream(n: number): void {
    const job = `st${String(n)}`;
    const tag = `s${String(n)}`;
    this.image({ name: `${tag}-base.qcow2`, sizeMiB: 4, dataMiB: 2 });
    this.image({ name: `${tag}-top.qcow2`, sizeMiB: 4, dataMiB: 0, backing: `${tag}-base.qcow2` });
    this.command('blockdev-add', {
      ...this.qcow2Node(`${tag}-top`, `${tag}-top.qcow2`),
      backing: this.qcow2Node(`${tag}-base`, `${tag}-base.qcow2`),
    });
    const autoFinalize = this.chance(0.7);
    const autoDismiss = this.chance(0.7);
    this.command('block-stream', {
      'job-id': job,
      device: `${tag}-top`,
      speed: SPEED,
      'auto-finalize': autoFinalize,
      'auto-dismiss': autoDismiss,
    });
    this.status(job, 'running');
    const done = this.whileRunning(job, job);
    this.command('block-job-set-speed', { device: job, speed: 0 });
    this.conclude(job, autoFinalize, autoDismiss);
    this.titles.push(`stream(${flags(autoFinalize, autoDismiss)}${done.length > 0 ? `;${done.join(',')}` : ''})`);
  }

  commit(n: number): void {
    const job = `cm${String(n)}`;
    const tag = `c${String(n)}`;
    const active = this.chance(0.5);
    this.image({ name: `${tag}-base.qcow2`, sizeMiB: 4, dataMiB: 1 });
    this.image({ name: `${tag}-mid.qcow2`, sizeMiB: 4, dataMiB: 2, backing: `${tag}-base.qcow2` });
    this.image({ name: `${tag}-top.qcow2`, sizeMiB: 4, dataMiB: 0, backing: `${tag}-mid.qcow2` });
    const base = this.qcow2Node(`${tag}-base`, `${tag}-base.qcow2`);
    const mid = { ...this.qcow2Node(`${tag}-mid`, `${tag}-mid.qcow2`), backing: base };
    this.command('blockdev-add', { ...this.qcow2Node(`${tag}-top`, `${tag}-top.qcow2`), backing: mid });
    const autoFinalize = this.chance(0.7);
    const autoDismiss = this.chance(0.7);
    const nodes = active ? {} : { 'top-node': `${tag}-mid`, 'base-node': `${tag}-base` };
    this.command('block-commit', {
      'job-id': job,
      device: `${tag}-top`,
      ...nodes,
      speed: SPEED,
      'auto-finalize': autoFinalize,
      'auto-dismiss': autoDismiss,
    });
    this.status(job, 'running');
    const done = this.whileRunning(job, job);
    this.command('block-job-set-speed', { device: job, speed: 0 });
    if (active) {
      this.status(job, 'ready');
      done.push(...this.inReady(job, autoFinalize, autoDismiss));
    } else this.conclude(job, autoFinalize, autoDismiss);
    this.titles.push(
      `commit-${active ? 'active' : 'intermediate'}(${flags(autoFinalize, autoDismiss)}${done.length > 0 ? `;${done.join(',')}` : ''})`,
    );
  }

  create(n: number): void {
    const job = `cr${String(n)}`;
    const image = `cr${String(n)}.img`;
    this.command('blockdev-create', { 'job-id': job, options: { driver: 'file', filename: `@img:${image}`, size: 0 } });
    this.status(job, 'concluded');
    this.command('query-jobs');
    const probe = this.chance(0.5) ? this.pick(['job-cancel', 'job-finalize', 'job-pause']) : undefined;
    if (probe !== undefined) this.command(probe, { id: job });
    this.command('job-dismiss', { id: job });
    this.status(job, 'null');
    this.titles.push(`create(file${probe === undefined ? '' : `;${probe}`})`);
  }

  /** A backup and a mirror left running (or the mirror ready) for `quit`: QEMU cancels them as it shuts down. */
  quitWhileRunning(n: number): void {
    const [src, tgt] = this.pair(`q${String(n)}a`);
    const [mSrc, mTgt] = this.pair(`q${String(n)}b`);
    this.command('blockdev-backup', {
      'job-id': `qbk${String(n)}`,
      device: src,
      target: tgt,
      sync: 'full',
      speed: SPEED,
      'x-perf': { 'max-chunk': CHUNK },
    });
    // The mirror's creation drains the backup (10.0): let the backup leave its first request for
    // its rate-limit sleep first, or the runtime's known miss (regressions.test.ts) shows here too.
    this.status(`qbk${String(n)}`, 'running');
    this.sleep(100);
    this.command('blockdev-mirror', { 'job-id': `qmir${String(n)}`, device: mSrc, target: mTgt, sync: 'full', 'buf-size': CHUNK });
    this.status(`qmir${String(n)}`, 'ready');
    this.titles.push('quit-with-jobs');
  }

  transaction(n: number): void {
    const a = `ta${String(n)}`;
    const b = `tb${String(n)}`;
    const mode = this.pick(['grouped', 'individual']);
    const failA = this.chance(0.35);
    const [aSrc, aTgt] = this.pair(`x${String(n)}a`, failA);
    const [bSrc, bTgt] = this.pair(`x${String(n)}b`);
    const autoDismiss = this.chance(0.5);
    const backup = (job: string, device: string, target: string, extra: Record<string, unknown>) => ({
      type: 'blockdev-backup',
      data: {
        'job-id': job,
        device,
        target,
        sync: 'full',
        speed: SPEED,
        'x-perf': { 'max-chunk': CHUNK },
        'auto-dismiss': autoDismiss,
        ...extra,
      },
    });
    this.command('transaction', {
      actions: [backup(a, aSrc, aTgt, failA ? { 'on-source-error': 'report' } : {}), backup(b, bSrc, bTgt, {})],
      properties: { 'completion-mode': mode },
    });
    this.status(a, 'running');
    this.status(b, 'running');
    let what: string;
    if (failA) {
      what = 'ioerror';
      this.command('block-job-set-speed', { device: a, speed: 0 });
      this.status(a, 'concluded', 'null');
      if (mode === 'individual') this.command('block-job-set-speed', { device: b, speed: 0 });
    } else if (this.chance(0.5)) {
      what = 'cancel';
      this.command('job-cancel', { id: a });
      this.status(a, 'concluded', 'null');
      if (mode === 'individual') this.command('block-job-set-speed', { device: b, speed: 0 });
    } else {
      what = 'success';
      this.command('block-job-set-speed', { device: a, speed: 0 });
      this.sleep(100);
      this.command('query-jobs');
      this.command('block-job-set-speed', { device: b, speed: 0 });
    }
    this.status(b, 'concluded', 'null');
    this.status(a, 'concluded', 'null');
    this.command('query-jobs');
    if (!autoDismiss) {
      for (const job of [a, b]) {
        this.command('job-dismiss', { id: job });
        this.status(job, 'null');
      }
    }
    this.titles.push(`txn-${mode}(${autoDismiss ? 'ad' : 'manual-dismiss'};${what})`);
  }
}

function flags(autoFinalize: boolean, autoDismiss: boolean): string {
  return `${autoFinalize ? 'af' : 'manual-finalize'},${autoDismiss ? 'ad' : 'manual-dismiss'}`;
}

export const EPISODES = ['backup', 'mirror', 'stream', 'commit', 'create', 'transaction'] as const;

/** The scenario of `seed` for `release`: one to three episodes, graph changes between them, then `quit`. */
export function generateScenario(seed: number, release: QemuRelease): Scenario {
  const b = new Builder(seed, release);
  const episodes = 1 + b.pick([0, 0, 1, 1, 2]);
  for (let n = 0; n < episodes; n++) {
    if (n > 0 && b.chance(0.5)) b.titles.push(`graph-${b.graphChange()}`);
    const kind = b.pick(EPISODES);
    b[kind](n);
  }
  b.command('query-jobs');
  if (b.chance(0.25)) b.quitWhileRunning(episodes);
  b.command('quit');
  return { seed, release, title: b.titles.join(' '), images: b.images, steps: b.steps };
}
