import { BlockJobCommands } from '../runtime/jobs/block-commands.js';
import { JobCommands, QMP_EMPTY } from '../runtime/jobs/commands.js';
import { genericError } from '../runtime/jobs/errors.js';
import { JobEventQueue } from '../runtime/jobs/events.js';
import type { Job, JobDriver, JobTxn } from '../runtime/jobs/job.js';
import { JobManager } from '../runtime/jobs/manager.js';
import { JOBS_7_2 } from '../runtime/jobs/profile.js';
import type { JobProfile } from '../runtime/jobs/profile.js';
import { VirtualScheduler } from '../runtime/jobs/scheduler.js';
import { Dispatcher } from '../runtime/qmp/dispatch/dispatcher.js';
import type { QmpHandler, QmpResponse } from '../runtime/qmp/dispatch/types.js';
import { QmpError } from '../runtime/qmp/dispatch/errors.js';
import type { ValidationTables } from '../contracts/validation-tables.js';
import { copyJobDriver, createJobDriver, ioStatus, mirrorJobDriver, SIM_IMAGE_SIZE } from './drivers.js';
import type { OnErrorPolicy } from './drivers.js';
import { SimBlockGraph } from './graph.js';
import type { SimNode } from './graph.js';

type Args = Record<string, unknown>;

const DEFAULT_CHUNK = 1024 * 1024;

/**
 * Sections under the graph write lock that QEMU 10.0 takes around a block job's life (each
 * drains every running job once, see JobManager.graphWriteLocked). block_job_create (blockjob.c)
 * takes one before job_create, whether that succeeds or not, so its pair comes before the new
 * job's `created`. A backup (block/backup.c backup_job_create) first inserts its
 * copy-before-write filter (block/copy-before-write.c bdrv_cbw_append: three), then attaches its
 * target under the lock after block_job_create; failing after the filter went in, it drops the
 * filter again (bdrv_cbw_drop: bdrv_drop_filter and the filter's bdrv_close). A mirror
 * (block/mirror.c mirror_start_job) appends its filter before block_job_create (bdrv_append) and
 * takes the lock twice after it. Ending, mirror_exit_common and backup_clean let go of nodes and
 * filter, and a freed block job lets go of its nodes once more (block_job_free).
 */
const SECTIONS = {
  blockJobCreate: 1,
  backupBeforeCreate: 3,
  backupAfterCreate: 1,
  backupDropFilter: 2,
  mirrorBeforeCreate: 1,
  mirrorAfterCreate: 2,
  blockJobFree: 1,
} as const;

/**
 * Graph-lock sections QEMU 10.0 takes to open a node (block.c bdrv_open_inherit): a node given a
 * `file` first opens it for format probing through a BlockBackend (blk_insert_bs), then its
 * driver attaches it as a child (bdrv_open_child_common), then the probing BlockBackend goes
 * (blk_remove_bs): three; a filter attaches its `image` child: one; an inline child adds its own.
 * A node without children (a protocol node) takes none.
 */
function openSections(options: Args): number {
  const child = (key: string): number => {
    const value = options[key];
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? openSections(value as Args) : 0;
  };
  const file = options['file'] !== undefined ? 3 + child('file') : 0;
  const image = options['image'] !== undefined ? 1 + child('image') : 0;
  return file + image;
}

export interface SimMachineOptions {
  /** The command shapes of the release simulated: validation tables from its QEMU schema. */
  readonly tables: ValidationTables;
  /** The release's job behaviour (default QEMU 7.2). */
  readonly profile?: JobProfile;
}

function str(args: Args, key: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' ? v : undefined;
}
function num(args: Args, key: string): number | undefined {
  const v = args[key];
  return typeof v === 'number' ? v : undefined;
}
function bool(args: Args, key: string): boolean | undefined {
  const v = args[key];
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * A simulated QEMU for the job commands: the real job runtime, a fake block graph and
 * simulated drivers, on a virtual clock, behind the real QMP Dispatcher fed with the
 * release's own validation tables (so argument errors are QEMU's).
 */
export class SimMachine {
  readonly scheduler = new VirtualScheduler();
  readonly events = new JobEventQueue();
  readonly manager: JobManager;
  readonly profile: JobProfile;
  readonly otherEvents: Array<{ event: string; data: unknown }> = [];
  private readonly graph = new SimBlockGraph();
  private readonly dispatcher: Dispatcher;
  private readonly handlers: Readonly<Record<string, QmpHandler>>;
  private readonly tables: ValidationTables;
  /** A broken invariant a command ran into (the Dispatcher answers it as an internal error). */
  internalError: unknown = undefined;

  constructor(options: SimMachineOptions) {
    this.profile = options.profile ?? JOBS_7_2;
    this.tables = options.tables;
    this.manager = new JobManager({ scheduler: this.scheduler, emit: this.events.sink, profile: this.profile });
    this.handlers = this.commandHandlers();
    this.dispatcher = new Dispatcher({
      tables: options.tables,
      handlers: this.handlers,
      onInternalError: (_command, error) => {
        this.internalError = error;
      },
    });
  }

  /** Whether the simulated release has `command`. */
  knows(command: string): boolean {
    return Object.hasOwn(this.tables.commands, command);
  }

  /** Whether the simulation answers `command` (the release has it and the simulation models it). */
  models(command: string): boolean {
    return Object.hasOwn(this.handlers, command) && Object.hasOwn(this.tables.commands, command);
  }

  /** One QMP request, as QEMU's monitor handles it; the reply (undefined for none). */
  request(request: Args): QmpResponse | undefined {
    this.internalError = undefined;
    const reply = this.dispatcher.handle(request);
    if (reply instanceof Promise) throw new Error('simulated commands settle synchronously');
    return reply;
  }

  /** Runs `command` and returns its value, or throws its error as a QmpError. */
  execute(command: string, args: unknown = {}): unknown {
    const reply = this.request({ execute: command, arguments: args as Args });
    if (reply !== undefined && 'error' in reply) throw new QmpError(reply.error.class, reply.error.desc);
    return reply?.return;
  }

  private commandHandlers(): Record<string, QmpHandler> {
    const jc = new JobCommands(this.manager);
    const bc = new BlockJobCommands(this.manager, (job) => ioStatus.get(job) ?? 'ok');
    const run = (work: (args: Args) => unknown): QmpHandler => ((args: Args) => this.manager.command(() => work(args))) as QmpHandler;
    const id = (args: Args): { id: string } => ({ id: String(args['id']) });
    const device = (args: Args): { device: string } => ({ device: String(args['device']) });
    return {
      qmp_capabilities: run(() => QMP_EMPTY),
      quit: run(() => this.quit()),
      'query-jobs': run(() => jc['query-jobs']()),
      'query-block-jobs': run(() => bc['query-block-jobs']()),
      'job-pause': run((a) => jc['job-pause'](id(a))),
      'job-resume': run((a) => jc['job-resume'](id(a))),
      'job-cancel': run((a) => jc['job-cancel'](id(a))),
      'job-complete': run((a) => jc['job-complete'](id(a))),
      'job-finalize': run((a) => jc['job-finalize'](id(a))),
      'job-dismiss': run((a) => jc['job-dismiss'](id(a))),
      'block-job-pause': run((a) => bc['block-job-pause'](device(a))),
      'block-job-resume': run((a) => bc['block-job-resume'](device(a))),
      'block-job-complete': run((a) => bc['block-job-complete'](device(a))),
      'block-job-finalize': run((a) => bc['block-job-finalize'](id(a))),
      'block-job-dismiss': run((a) => bc['block-job-dismiss'](id(a))),
      'block-job-cancel': run((a) => {
        const force = bool(a, 'force');
        return bc['block-job-cancel'](force === undefined ? device(a) : { ...device(a), force });
      }),
      'block-job-set-speed': run((a) => bc['block-job-set-speed']({ ...device(a), speed: num(a, 'speed') ?? 0 })),
      'block-job-change': run((a) => bc['block-job-change']({ ...a, id: String(a['id']), type: String(a['type']) })),
      'blockdev-add': run((a) => this.blockdevAdd(a)),
      'blockdev-del': run((a) => this.blockdevDel(String(a['node-name']))),
      'blockdev-backup': run((a) => this.transaction([{ type: 'blockdev-backup', data: a }], false)),
      'drive-backup': run((a) => this.transaction([{ type: 'drive-backup', data: a }], false)),
      transaction: run((a) => this.transactionCommand(a)),
      'blockdev-mirror': run((a) => this.startMirror(a)),
      'block-stream': run((a) => this.startStream(a)),
      'block-commit': run((a) => this.startCommit(a)),
      'blockdev-create': run((a) => this.startCreate(a)),
    };
  }

  /** blockdev-add: the graph-lock sections of opening the node (see `openSections`), then the node. */
  private blockdevAdd(args: Args): unknown {
    this.manager.graphWriteLocked(openSections(args));
    this.graph.add(args);
    return QMP_EMPTY;
  }

  /**
   * blockdev-del: each node that goes is closed under the graph lock (block.c bdrv_close); a
   * child only it held goes too, from the bottom half the unlock runs.
   */
  private blockdevDel(name: string): unknown {
    this.manager.graphWriteLocked(this.graph.remove(name));
    return QMP_EMPTY;
  }

  /**
   * quit: SHUTDOWN; QEMU 10.0's qemu_cleanup stops the VM first (a complete drain, resumed),
   * then every release drains everything (never ended) and cancels every job, newest first.
   */
  private quit(): unknown {
    this.otherEvents.push({ event: 'SHUTDOWN', data: { guest: false, reason: 'host-qmp-quit' } });
    if (this.profile.quitStopsVmFirst) this.manager.drainAll();
    this.manager.drainAllBegin();
    this.manager.cancelSyncAll();
    return QMP_EMPTY;
  }

  private transactionCommand(args: Args): unknown {
    const actions = (args['actions'] as Array<{ type: string; data: Args }>) ?? [];
    const props = (args['properties'] as Args | undefined) ?? {};
    return this.transaction(actions, props['completion-mode'] === 'grouped');
  }

  /**
   * qmp_transaction: drain all, prepare every action, then start (commit) and undrain
   * (clean). QEMU 10.0 commits and cleans through tran_commit, in reverse action order.
   */
  private transaction(actions: ReadonlyArray<{ type: string; data: Args }>, grouped: boolean): unknown {
    const txn = grouped ? this.manager.newTxn() : undefined;
    this.manager.drainAll();
    const prepared: Job[] = [];
    try {
      for (const action of actions) {
        const job = this.prepareAction(action.type, action.data, grouped, txn);
        if (job !== undefined) prepared.push(job);
      }
    } catch (e) {
      for (const job of prepared) this.manager.cancelSync(job, true);
      throw e;
    }
    const order = this.profile.transactionCommitsReversed ? [...prepared].reverse() : prepared;
    for (const job of order) this.manager.start(job);
    for (const job of order) if (job.status !== 'null') this.manager.resume(job);
    return QMP_EMPTY;
  }

  private prepareAction(type: string, data: Args, grouped: boolean, txn: JobTxn | undefined): Job | undefined {
    if (type === 'abort') throw genericError('Transaction aborted using Abort action');
    if (type !== 'blockdev-backup' && type !== 'drive-backup') {
      if (grouped) {
        throw genericError(`Action '${type}' does not support ${this.profile.transactionPropertyWord} completion-mode = grouped`);
      }
      return undefined;
    }
    const job = this.createBackup(type, data, txn);
    // The backup action keeps its source drained from prepare to clean.
    this.manager.pause(job);
    return job;
  }

  private createBackup(type: string, args: Args, txn: JobTxn | undefined): Job {
    const source = this.graph.lookup(str(args, 'device') ?? '');
    const target = type === 'blockdev-backup' ? this.graph.lookup(str(args, 'target') ?? '') : undefined;
    this.graph.checkNotBusy(source);
    if (target !== undefined) this.graph.checkNotBusy(target);
    const perf = (args['x-perf'] as Args | undefined) ?? {};
    const driver = copyJobDriver(this.manager, {
      type: 'backup',
      len: SIM_IMAGE_SIZE,
      chunk: num(perf, 'max-chunk') ?? DEFAULT_CHUNK,
      ...(source.readErrno !== undefined ? { readErrno: source.readErrno, readErrorAt: source.readErrorAt } : {}),
      onSourceError: (str(args, 'on-source-error') ?? 'report') as OnErrorPolicy,
    });
    this.manager.graphWriteLocked(SECTIONS.backupBeforeCreate);
    const job = this.createBlockJob(args, driver, [source, ...(target ? [target] : [])], txn, SECTIONS.backupDropFilter);
    this.manager.graphWriteLocked(SECTIONS.backupAfterCreate);
    return job;
  }

  /**
   * block_job_create: under the graph lock, the id checks; then the speed (a bad speed drops
   * the new job again). `undoSections`: what undoing the caller's graph changes takes when it fails.
   */
  private createBlockJob(args: Args, driver: JobDriver, nodes: readonly SimNode[], txn?: JobTxn, undoSections = 0): Job {
    const autoFinalize = bool(args, 'auto-finalize');
    const autoDismiss = bool(args, 'auto-dismiss');
    this.manager.graphWriteLocked(SECTIONS.blockJobCreate);
    let job: Job;
    try {
      job = this.manager.create({
        // Without job-id QEMU uses the BlockBackend name, which is empty for a bare node.
        id: str(args, 'job-id') ?? '',
        driver: this.withGraph(driver),
        ...(autoFinalize !== undefined ? { autoFinalize } : {}),
        ...(autoDismiss !== undefined ? { autoDismiss } : {}),
        ...(txn !== undefined ? { txn } : {}),
      });
    } catch (e) {
      this.manager.graphWriteLocked(undoSections);
      throw e;
    }
    try {
      this.manager.setSpeed(job, num(args, 'speed') ?? 0);
    } catch (e) {
      this.manager.earlyFail(job);
      this.manager.graphWriteLocked(undoSections);
      throw e;
    }
    this.graph.block(nodes, job);
    return job;
  }

  private startBlockJob(args: Args, driver: JobDriver, nodes: readonly SimNode[], before = 0, after = 0): unknown {
    for (const node of nodes) this.graph.checkNotBusy(node);
    this.manager.graphWriteLocked(before);
    const job = this.createBlockJob(args, driver, nodes);
    this.manager.graphWriteLocked(after);
    this.manager.start(job);
    return QMP_EMPTY;
  }

  private startMirror(args: Args): unknown {
    const source = this.graph.lookup(str(args, 'device') ?? '');
    const target = this.graph.lookup(str(args, 'target') ?? '');
    const chunk = num(args, 'buf-size') ?? DEFAULT_CHUNK;
    const copyMode = str(args, 'copy-mode') === 'write-blocking' ? 'write-blocking' : 'background';
    const driver = mirrorJobDriver(this.manager, {
      type: 'mirror',
      len: SIM_IMAGE_SIZE,
      chunk,
      copyMode,
    });
    return this.startBlockJob(args, driver, [source, target], SECTIONS.mirrorBeforeCreate, SECTIONS.mirrorAfterCreate);
  }

  private startStream(args: Args): unknown {
    const top = this.graph.lookup(str(args, 'device') ?? '');
    const driver = copyJobDriver(this.manager, { type: 'stream', len: SIM_IMAGE_SIZE, chunk: DEFAULT_CHUNK });
    return this.startBlockJob(args, driver, [top]);
  }

  /** Committing the active layer is a mirror (READY phase); an intermediate one is a plain copy. */
  private startCommit(args: Args): unknown {
    const device = this.graph.lookup(str(args, 'device') ?? '');
    const topName = str(args, 'top-node') ?? str(args, 'top');
    const top = topName === undefined ? device : this.graph.lookup(topName);
    const params = { type: 'commit' as const, len: SIM_IMAGE_SIZE, chunk: DEFAULT_CHUNK };
    const active = top === device;
    const driver = active ? mirrorJobDriver(this.manager, { ...params, commit: true }) : copyJobDriver(this.manager, params);
    return this.startBlockJob(args, driver, [top]);
  }

  /** blockdev-create: always manual-dismiss, never a block job. */
  private startCreate(args: Args): unknown {
    const options = args['options'] as Args;
    const driver = createJobDriver({
      driver: String(options['driver']),
      options,
      opensInCoroutine: this.profile.createOpensInCoroutine,
      resolveRef: (ref) => {
        if (typeof ref === 'string') this.graph.lookup(ref);
      },
    });
    const job = this.manager.create({ id: str(args, 'job-id') ?? '', driver, autoDismiss: false });
    this.manager.start(job);
    return QMP_EMPTY;
  }

  /** A block job's op blockers go when it is cleaned up; its nodes once more when it is freed. */
  private withGraph(driver: JobDriver): JobDriver {
    const { clean } = driver;
    const graph = this.graph;
    const manager = this.manager;
    return {
      ...driver,
      clean(job) {
        clean?.(job);
        graph.unblock(job);
      },
      free() {
        manager.graphWriteLocked(SECTIONS.blockJobFree);
      },
    };
  }
}
