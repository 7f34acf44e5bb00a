import { BlockJobCommands } from './block-commands.js';
import { JobCommands, QMP_EMPTY } from './commands.js';
import type { Job, JobDriver, JobTxn } from './job.js';
import { genericError, QmpError } from './errors.js';
import { JobEventQueue } from './events.js';
import { JobManager } from './manager.js';
import { checkArguments } from './replay-args.js';
import { VirtualScheduler } from './scheduler.js';
import { SimBlockGraph } from './sim-graph.js';
import type { SimNode } from './sim-graph.js';
import { copyJobDriver, createJobDriver, ioStatus, mirrorJobDriver, SIM_IMAGE_SIZE } from './sim-drivers.js';
import type { OnErrorPolicy } from './sim-drivers.js';
import { COMMAND_SPECS } from './sim-specs.js';

type Args = Record<string, unknown>;

/** Thrown for commands the simulation does not model; the replay skips their replies. */
export class NotModelled extends Error {}

const DEFAULT_CHUNK = 1024 * 1024;
/** query-* and friends whose answers are not about jobs. */
const UNMODELLED = new Set(['query-version', 'query-commands', 'query-qmp-schema', 'query-named-block-nodes']);

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
 * A simulated QEMU 7.2 for the job commands: the real job runtime, a fake block graph
 * and simulated drivers, on a virtual clock. `execute` is the QMP dispatcher.
 */
export class SimMachine {
  readonly scheduler = new VirtualScheduler();
  readonly events = new JobEventQueue();
  readonly manager: JobManager;
  readonly otherEvents: Array<{ event: string; data: unknown }> = [];
  private readonly jobCommands: JobCommands;
  private readonly blockCommands: BlockJobCommands;
  private readonly graph = new SimBlockGraph();

  constructor() {
    this.manager = new JobManager({ scheduler: this.scheduler, emit: this.events.sink });
    this.jobCommands = new JobCommands(this.manager);
    this.blockCommands = new BlockJobCommands(this.manager, (job) => ioStatus.get(job) ?? 'ok');
  }

  execute(command: string, rawArgs: unknown): unknown {
    if (UNMODELLED.has(command)) throw new NotModelled(command);
    const spec = COMMAND_SPECS[command];
    if (spec === undefined) throw new QmpError('CommandNotFound', `The command ${command} has not been found`);
    const args = spec === 'any' ? ((rawArgs ?? {}) as Args) : checkArguments(spec, rawArgs);
    return this.manager.command(() => this.dispatch(command, args));
  }

  private dispatch(command: string, args: Args): unknown {
    const jc = this.jobCommands;
    const bc = this.blockCommands;
    const id = str(args, 'id') ?? '';
    const device = str(args, 'device') ?? '';
    switch (command) {
      case 'qmp_capabilities':
        return QMP_EMPTY;
      case 'quit':
        return this.quit();
      case 'query-jobs':
        return jc['query-jobs']();
      case 'query-block-jobs':
        return bc['query-block-jobs']();
      case 'job-pause':
      case 'job-resume':
      case 'job-cancel':
      case 'job-complete':
      case 'job-finalize':
      case 'job-dismiss':
        return jc[command]({ id });
      case 'block-job-pause':
      case 'block-job-resume':
      case 'block-job-complete':
        return bc[command]({ device });
      case 'block-job-finalize':
      case 'block-job-dismiss':
        return bc[command]({ id });
      case 'block-job-cancel': {
        const force = bool(args, 'force');
        return bc['block-job-cancel'](force === undefined ? { device } : { device, force });
      }
      case 'block-job-set-speed':
        return bc['block-job-set-speed']({ device, speed: num(args, 'speed') ?? 0 });
      case 'blockdev-add':
        this.graph.add(args);
        return QMP_EMPTY;
      case 'blockdev-backup':
      case 'drive-backup':
        return this.transaction([{ type: command, data: args }], false);
      case 'transaction':
        return this.transactionCommand(args);
      case 'blockdev-mirror':
        return this.startMirror(args);
      case 'block-stream':
        return this.startStream(args);
      case 'block-commit':
        return this.startCommit(args);
      case 'blockdev-create':
        return this.startCreate(args);
      default:
        throw new NotModelled(command);
    }
  }

  /** quit: SHUTDOWN, drain everything (never ended), then cancel every job, newest first. */
  private quit(): unknown {
    this.otherEvents.push({ event: 'SHUTDOWN', data: { guest: false, reason: 'host-qmp-quit' } });
    this.manager.drainAllBegin();
    this.manager.cancelSyncAll();
    return QMP_EMPTY;
  }

  private transactionCommand(args: Args): unknown {
    const actions = (args['actions'] as Array<{ type: string; data: Args }>) ?? [];
    const props = (args['properties'] as Args | undefined) ?? {};
    return this.transaction(actions, props['completion-mode'] === 'grouped');
  }

  /** qmp_transaction: drain all, prepare every action, then start (commit) and undrain (clean). */
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
    for (const job of prepared) this.manager.start(job);
    for (const job of prepared) if (job.status !== 'null') this.manager.resume(job);
    return QMP_EMPTY;
  }

  private prepareAction(type: string, data: Args, grouped: boolean, txn: JobTxn | undefined): Job | undefined {
    if (type === 'abort') throw genericError('Transaction aborted using Abort action');
    if (type !== 'blockdev-backup' && type !== 'drive-backup') {
      if (grouped) {
        throw genericError(`Action '${type}' does not support Transaction property completion-mode = grouped`);
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
    return this.createBlockJob(args, driver, [source, ...(target ? [target] : [])], txn);
  }

  /** block_job_create: id checks, then the speed (a bad speed drops the new job again). */
  private createBlockJob(args: Args, driver: JobDriver, nodes: readonly SimNode[], txn?: JobTxn): Job {
    const autoFinalize = bool(args, 'auto-finalize');
    const autoDismiss = bool(args, 'auto-dismiss');
    const job = this.manager.create({
      // Without job-id QEMU uses the BlockBackend name, which is empty for a bare node.
      id: str(args, 'job-id') ?? '',
      driver: withUnblock(driver, this.graph),
      ...(autoFinalize !== undefined ? { autoFinalize } : {}),
      ...(autoDismiss !== undefined ? { autoDismiss } : {}),
      ...(txn !== undefined ? { txn } : {}),
    });
    try {
      this.manager.setSpeed(job, num(args, 'speed') ?? 0);
    } catch (e) {
      this.manager.earlyFail(job);
      throw e;
    }
    this.graph.block(nodes, job);
    return job;
  }

  private startBlockJob(args: Args, driver: JobDriver, nodes: readonly SimNode[]): unknown {
    for (const node of nodes) this.graph.checkNotBusy(node);
    this.manager.start(this.createBlockJob(args, driver, nodes));
    return QMP_EMPTY;
  }

  private startMirror(args: Args): unknown {
    const source = this.graph.lookup(str(args, 'device') ?? '');
    const target = this.graph.lookup(str(args, 'target') ?? '');
    const chunk = num(args, 'buf-size') ?? DEFAULT_CHUNK;
    const driver = mirrorJobDriver(this.manager, { type: 'mirror', len: SIM_IMAGE_SIZE, chunk });
    return this.startBlockJob(args, driver, [source, target]);
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
    const driver = active ? mirrorJobDriver(this.manager, params) : copyJobDriver(this.manager, params);
    return this.startBlockJob(args, driver, [top]);
  }

  /** blockdev-create: always manual-dismiss, never a block job. */
  private startCreate(args: Args): unknown {
    const options = args['options'] as Args;
    const driver = createJobDriver({
      driver: String(options['driver']),
      options,
      resolveRef: (ref) => {
        if (typeof ref === 'string') this.graph.lookup(ref);
      },
    });
    const job = this.manager.create({ id: str(args, 'job-id') ?? '', driver, autoDismiss: false });
    this.manager.start(job);
    return QMP_EMPTY;
  }
}

/** Releases the job's op blockers when it is cleaned up. */
function withUnblock(driver: JobDriver, graph: SimBlockGraph): JobDriver {
  const clean = driver.clean;
  return {
    ...driver,
    clean(job) {
      clean?.(job);
      graph.unblock(job);
    },
  };
}
