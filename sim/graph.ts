import type { JobType } from '../generated/job.js';
import { genericError } from '../runtime/jobs/errors.js';
import type { Job } from '../runtime/jobs/job.js';

/** A node of the simulated block graph: just what jobs care about. */
export interface SimNode {
  readonly name: string;
  readonly driver: string;
  /** errno of a blkdebug read error anywhere below this node, if any. */
  readonly readErrno: number | undefined;
  /** Byte offset where that read error fires. */
  readonly readErrorAt: number;
}

const SECTOR = 512;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The block nodes added by blockdev-add, with the op blockers jobs put on them
 * ("Node 'x' is busy: block device is in use by block job: backup").
 */
export class SimBlockGraph {
  private readonly nodes = new Map<string, SimNode>();
  private readonly blockers = new Map<string, { job: Job; type: JobType }>();
  /** Each node's children, by name. */
  private readonly children = new Map<string, string[]>();
  /** How many nodes use each node as a child. */
  private readonly parents = new Map<string, number>();
  /** The nodes blockdev-add named at its top level (QEMU's monitor-owned nodes). */
  private readonly monitorOwned = new Set<string>();
  private anonymous = 0;

  /** blockdev-add: registers the node and its inline children. Returns the node. */
  add(options: Record<string, unknown>, ownedByMonitor = true): SimNode {
    const given = ['file', 'image', 'backing'].map((k) => options[k]).filter((c) => c !== undefined && c !== null);
    const resolved = given.map((c) => (isRecord(c) ? this.add(c, false) : this.nodes.get(String(c))));
    const injected = this.injectedRead(options);
    const inherited = resolved.find((n) => n?.readErrno !== undefined);
    const name = typeof options['node-name'] === 'string' ? options['node-name'] : `#anon${this.anonymous++}`;
    const node: SimNode = {
      name,
      driver: String(options['driver']),
      readErrno: injected?.errno ?? inherited?.readErrno,
      readErrorAt: injected?.at ?? inherited?.readErrorAt ?? 0,
    };
    this.nodes.set(name, node);
    const children = resolved.flatMap((child) => (child === undefined ? [] : [child.name]));
    this.children.set(name, children);
    for (const child of children) this.parents.set(child, (this.parents.get(child) ?? 0) + 1);
    if (ownedByMonitor) this.monitorOwned.add(name);
    return node;
  }

  /**
   * blockdev-del (blockdev.c qmp_blockdev_del), its checks in QEMU's order. Returns how many
   * nodes went: the node, and the children only it held.
   */
  remove(name: string): number {
    const node = this.nodes.get(name);
    if (node === undefined) throw genericError(`Failed to find node with node-name='${name}'`);
    this.checkNotBusy(node);
    if (!this.monitorOwned.has(name)) throw genericError(`Node ${name} is not owned by the monitor`);
    if ((this.parents.get(name) ?? 0) > 0) throw genericError(`Block device ${name} is in use`);
    this.monitorOwned.delete(name);
    return this.unref(name);
  }

  private unref(name: string): number {
    let deleted = 1;
    this.nodes.delete(name);
    for (const child of this.children.get(name) ?? []) {
      const left = (this.parents.get(child) ?? 1) - 1;
      this.parents.set(child, left);
      if (left === 0 && !this.monitorOwned.has(child)) deleted += this.unref(child);
    }
    this.children.delete(name);
    return deleted;
  }

  has(name: string): boolean {
    return this.nodes.has(name);
  }

  /** bdrv_lookup_bs with the device and node name both set to `name`. */
  lookup(name: string): SimNode {
    const node = this.nodes.get(name);
    if (node === undefined) throw genericError(`Cannot find device='${name}' nor node-name='${name}'`);
    return node;
  }

  /** bdrv_op_is_blocked. */
  checkNotBusy(node: SimNode): void {
    const holder = this.blockers.get(node.name);
    if (holder !== undefined) {
      throw genericError(`Node '${node.name}' is busy: block device is in use by block job: ${holder.type}`);
    }
  }

  block(nodes: readonly SimNode[], job: Job): void {
    for (const node of nodes) this.blockers.set(node.name, { job, type: job.type });
  }

  unblock(job: Job): void {
    for (const [name, holder] of this.blockers) if (holder.job === job) this.blockers.delete(name);
  }

  private injectedRead(options: Record<string, unknown>): { errno: number; at: number } | undefined {
    if (options['driver'] !== 'blkdebug' || !Array.isArray(options['inject-error'])) return undefined;
    for (const rule of options['inject-error'] as unknown[]) {
      if (!isRecord(rule)) continue;
      const event = String(rule['event'] ?? '');
      if (!event.startsWith('read')) continue;
      const errno = typeof rule['errno'] === 'number' ? rule['errno'] : 5;
      const sector = typeof rule['sector'] === 'number' ? rule['sector'] : 0;
      return { errno, at: sector * SECTOR };
    }
    return undefined;
  }
}
