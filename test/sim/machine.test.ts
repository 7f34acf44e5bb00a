import { describe, expect, it } from 'vitest';
import { JOBS_10_0 } from '../../runtime/jobs/profile.js';
import type { JobProfile } from '../../runtime/jobs/profile.js';
import { SimMachine } from '../../sim/machine.js';
import { parseTrace } from '../../sim/trace.js';
import { qemuValidationTables } from '../runtime/qmp/support.js';

const SLOW = 262144;
const CHUNK = 65536;
/** One chunk's share of SLOW: the rate-limit delay between two throttled chunks. */
const SLICE_NS = (CHUNK * 1e9) / SLOW;

/** A machine with `pairs` source/target nodes, recording `id:status` of every status change. */
function machine(pairs: number, profile?: JobProfile): { m: SimMachine; seen: string[] } {
  const release = profile?.release ?? '7.2';
  const m = new SimMachine({ tables: qemuValidationTables(release), ...(profile ? { profile } : {}) });
  const seen: string[] = [];
  m.events.onEvent((e) => {
    if (e.event === 'JOB_STATUS_CHANGE') seen.push(`${e.data.id}:${e.data.status}`);
  });
  for (let i = 0; i < pairs; i++) {
    for (const role of ['src', 'tgt']) m.execute('blockdev-add', { driver: 'null-co', 'node-name': `${role}${i}` });
  }
  return { m, seen };
}

function backup(m: SimMachine, id: string, pair: number): void {
  const perf = { 'max-chunk': CHUNK };
  m.execute('blockdev-backup', { 'job-id': id, device: `src${pair}`, target: `tgt${pair}`, sync: 'full', speed: SLOW, 'x-perf': perf });
}

/** Events emitted while `command` runs (what QEMU sends before its reply). */
function during(m: SimMachine, seen: string[], command: string, args: unknown): string[] {
  const start = seen.length;
  m.execute(command, args);
  return seen.slice(start);
}

describe('simulated throttled copy: pause while a chunk is in flight', () => {
  it('a fresh job copies its first chunk at once, so job-pause lands after the reply', () => {
    const { m, seen } = machine(1);
    backup(m, 'bk0', 0);
    expect(during(m, seen, 'job-pause', { id: 'bk0' })).toEqual([]);
    m.scheduler.advance(SLICE_NS / 10);
    expect(seen.at(-1)).toBe('bk0:paused');
  });

  it('between chunks the job sleeps in the rate limit, so job-pause lands before the reply', () => {
    const { m, seen } = machine(1);
    backup(m, 'bk0', 0);
    m.scheduler.advance(SLICE_NS / 2);
    expect(during(m, seen, 'job-pause', { id: 'bk0' })).toEqual(['bk0:paused']);
  });

  it('the rate limit runs on across a pause: resumed early, the job waits and pauses at once', () => {
    const { m, seen } = machine(1);
    backup(m, 'bk0', 0);
    m.scheduler.advance(SLICE_NS / 2);
    during(m, seen, 'job-pause', { id: 'bk0' });
    expect(during(m, seen, 'job-resume', { id: 'bk0' })).toEqual(['bk0:running']);
    expect(during(m, seen, 'job-pause', { id: 'bk0' })).toEqual(['bk0:paused']);
  });

  it('a drain waits for the chunk in flight: the busy job still pauses before the reply', () => {
    const { m, seen } = machine(2);
    backup(m, 'bk0', 0);
    const bk1 = { 'job-id': 'bk1', device: 'src1', target: 'tgt1', sync: 'full', speed: SLOW };
    expect(during(m, seen, 'blockdev-backup', bk1)).toEqual([
      'bk0:paused',
      'bk0:running',
      'bk1:created',
      'bk1:running',
      'bk1:paused',
      'bk1:running',
    ]);
  });
});

describe('trace command times', () => {
  const ev = (status: string, us: number): string => {
    const timestamp = { seconds: 100, microseconds: us };
    return JSON.stringify({ dir: 'in', msg: { timestamp, event: 'JOB_STATUS_CHANGE', data: { status, id: 'j' } } });
  };
  const cmd = (id: number): string => JSON.stringify({ dir: 'out', msg: { execute: 'job-pause', arguments: { id: 'j' }, id } });
  const ret = (id: number): string => JSON.stringify({ dir: 'in', msg: { return: {}, id } });

  it('uses the events sent while handling a command, else the last event before it', () => {
    const text = [ev('running', 10), cmd(1), ret(1), cmd(2), ev('paused', 600_010), ret(2)].join('\n');
    const { commands } = parseTrace(text);
    expect(commands.map((c) => c.at)).toEqual([0, 600_000_000]);
  });
});

/** Lets simulated time pass until `id` reaches `status` (or fails the test). */
function runUntil(m: SimMachine, seen: string[], entry: string): void {
  for (let i = 0; i < 100_000 && !seen.includes(entry); i++) m.scheduler.runOne();
  expect(seen).toContain(entry);
}

function blockJob(m: SimMachine, id: string): Record<string, unknown> {
  const jobs = m.execute('query-block-jobs') as Array<Record<string, unknown>>;
  const job = jobs.find((j) => j['device'] === id);
  if (job === undefined) throw new Error(`no block job ${id}`);
  return job;
}

function errorOf(m: SimMachine, command: string, args: unknown): string {
  try {
    m.execute(command, args);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return '(no error)';
}

describe('a mirror that has left its loop keeps its source drained until prepare or abort', () => {
  for (const profile of [undefined, JOBS_10_0]) {
    it(`query-block-jobs shows it paused in PENDING (${profile?.release ?? '7.2'})`, () => {
      const { m, seen } = machine(1, profile);
      m.execute('blockdev-mirror', { 'job-id': 'mir0', device: 'src0', target: 'tgt0', sync: 'full', 'auto-finalize': false });
      runUntil(m, seen, 'mir0:ready');
      expect(blockJob(m, 'mir0')['paused']).toBe(false);
      m.execute('job-complete', { id: 'mir0' });
      runUntil(m, seen, 'mir0:pending');
      expect(blockJob(m, 'mir0')).toMatchObject({ status: 'pending', paused: true, busy: false });
      m.execute('job-finalize', { id: 'mir0' });
      expect(seen.slice(-2)).toEqual(['mir0:concluded', 'mir0:null']);
    });
  }
});

describe('blockdev-create of a qcow2 image: qcow2_co_create checks the options in order', () => {
  const create = (options: Record<string, unknown>): Record<string, unknown> => ({
    'job-id': 'c',
    options: { driver: 'qcow2', file: 'src0', size: 65536, ...options },
  });
  const cases: ReadonlyArray<[Record<string, unknown>, string]> = [
    [{ size: 1000 }, 'Image size must be a multiple of 512 bytes'],
    [{ 'cluster-size': 1234 }, 'Cluster size must be a power of two between 512 and 2048k'],
    [{ 'cluster-size': 4 * 1024 * 1024 }, 'Cluster size must be a power of two between 512 and 2048k'],
    [
      { version: 'v2', 'extended-l2': true },
      'Extended L2 entries are only supported with compatibility level 1.1 and above (use version=v3 or greater)',
    ],
    [{ 'extended-l2': true, 'cluster-size': 4096 }, 'Extended L2 entries are only supported with cluster sizes of at least 16384 bytes'],
    [
      { 'backing-file': 'b.qcow2', preallocation: 'full' },
      'Backing file and preallocation can only be used at the same time if extended_l2 is on',
    ],
    [{ 'backing-fmt': 'raw' }, 'Backing format cannot be used without backing file'],
    [
      { version: 'v2', 'lazy-refcounts': true },
      'Lazy refcounts only supported with compatibility level 1.1 and above (use version=v3 or greater)',
    ],
    [{ 'refcount-bits': 128 }, 'Refcount width must be a power of two and may not exceed 64 bits'],
    [
      { version: 'v2', 'refcount-bits': 8 },
      'Different refcount widths than 16 bits require compatibility level 1.1 or above (use version=v3 or greater)',
    ],
    [{ 'data-file-raw': true }, 'data-file-raw requires data-file'],
    [
      { version: 'v2', 'data-file': 'tgt0' },
      'External data files are only supported with compatibility level 1.1 and above (use version=v3 or greater)',
    ],
    [
      { version: 'v2', 'compression-type': 'zstd' },
      'Non-zlib compression type is only supported with compatibility level 1.1 and above (use version=v3 or greater)',
    ],
    [{ size: 1000, 'cluster-size': 1234 }, 'Image size must be a multiple of 512 bytes'],
  ];
  for (const [options, message] of cases) {
    it(`${JSON.stringify(options)}: ${message}`, () => {
      const { m, seen } = machine(1);
      m.execute('blockdev-create', create(options));
      runUntil(m, seen, 'c:concluded');
      expect(m.execute('query-jobs')).toEqual([
        { id: 'c', type: 'create', status: 'concluded', 'current-progress': 1, 'total-progress': 1, error: message },
      ]);
    });
  }

  it('fails before the reply in 7.2, after it in 10.0 (the file is opened from the coroutine)', () => {
    for (const [profile, before] of [
      [undefined, ['c:created', 'c:running', 'c:aborting', 'c:concluded']],
      [JOBS_10_0, ['c:created', 'c:running']],
    ] as const) {
      const { m, seen } = machine(1, profile);
      expect(during(m, seen, 'blockdev-create', create({ 'cluster-size': 1234 }))).toEqual(before);
    }
  });
});

describe('QEMU 10.0: block-job-change and the graph lock', () => {
  it('changes a mirror to write-blocking once; actively-synced follows in READY', () => {
    const { m, seen } = machine(2, JOBS_10_0);
    m.execute('blockdev-mirror', { 'job-id': 'mir0', device: 'src0', target: 'tgt0', sync: 'full' });
    runUntil(m, seen, 'mir0:ready');
    expect(blockJob(m, 'mir0')['actively-synced']).toBe(false);
    expect(Object.keys(blockJob(m, 'mir0')).at(-1)).toBe('actively-synced');
    m.execute('block-job-change', { id: 'mir0', type: 'mirror', 'copy-mode': 'background' });
    m.execute('block-job-change', { id: 'mir0', type: 'mirror', 'copy-mode': 'write-blocking' });
    m.scheduler.advance(200_000_000);
    expect(blockJob(m, 'mir0')['actively-synced']).toBe(true);
    expect(errorOf(m, 'block-job-change', { id: 'mir0', type: 'mirror', 'copy-mode': 'background' })).toBe(
      "Change to copy mode 'background' is not implemented",
    );
    // `type` is not compared with the job's: an empty mirror branch reads as background.
    expect(errorOf(m, 'block-job-change', { id: 'mir0', type: 'backup' })).toBe("Change to copy mode 'background' is not implemented");
    backup(m, 'bk0', 1);
    expect(errorOf(m, 'block-job-change', { id: 'bk0', type: 'backup' })).toBe('Job type does not support change');
    expect(errorOf(m, 'block-job-change', { id: 'nosuch', type: 'mirror', 'copy-mode': 'background' })).toBe(
      "Block job 'nosuch' not found",
    );
    expect(errorOf(m, 'block-job-change', { id: 'mir0', type: 'mirror' })).toBe("Parameter 'copy-mode' is missing");
  });

  it('refuses change in a status without the verb', () => {
    const { m, seen } = machine(1, JOBS_10_0);
    m.execute('blockdev-mirror', { 'job-id': 'mir0', device: 'src0', target: 'tgt0', sync: 'full', 'auto-finalize': false });
    runUntil(m, seen, 'mir0:ready');
    m.execute('job-complete', { id: 'mir0' });
    runUntil(m, seen, 'mir0:pending');
    expect(errorOf(m, 'block-job-change', { id: 'mir0', type: 'mirror', 'copy-mode': 'background' })).toBe(
      "Job 'mir0' in state 'pending' cannot accept command verb 'change'",
    );
  });

  it('7.2 has no block-job-change', () => {
    const { m } = machine(1);
    expect(errorOf(m, 'block-job-change', { id: 'x', type: 'mirror', 'copy-mode': 'background' })).toBe(
      'The command block-job-change has not been found',
    );
  });

  it('a blockdev-add of a format node over a file drains a running job three times in 10.0, never in 7.2', () => {
    const add = { driver: 'qcow2', 'node-name': 'n', file: { driver: 'file', filename: '/x.qcow2' } };
    for (const [profile, pairs] of [
      [undefined, 0],
      [JOBS_10_0, 3],
    ] as const) {
      const { m, seen } = machine(1, profile);
      backup(m, 'bk0', 0);
      m.scheduler.advance(SLICE_NS / 2);
      expect(during(m, seen, 'blockdev-add', add)).toEqual(Array.from({ length: pairs }, () => ['bk0:paused', 'bk0:running']).flat());
    }
  });
});

describe('blockdev-del', () => {
  it("checks in qmp_blockdev_del's order, and closes each node that goes under the graph lock in 10.0", () => {
    const { m, seen } = machine(1, JOBS_10_0);
    backup(m, 'bk0', 0);
    m.scheduler.advance(SLICE_NS / 2);
    m.execute('blockdev-add', { driver: 'file', 'node-name': 'f', filename: '/f.qcow2' });
    m.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'q1', file: 'f' });
    m.execute('blockdev-add', {
      driver: 'qcow2',
      'node-name': 'q2',
      file: { driver: 'file', 'node-name': 'inline', filename: '/g.qcow2' },
    });
    // Between two chunks: the throttled job sleeps in its rate limit (not inside I/O).
    m.scheduler.advance(SLICE_NS * 0.3);
    expect(errorOf(m, 'blockdev-del', { 'node-name': 'nosuch' })).toBe("Failed to find node with node-name='nosuch'");
    expect(errorOf(m, 'blockdev-del', { 'node-name': 'tgt0' })).toBe("Node 'tgt0' is busy: block device is in use by block job: backup");
    expect(errorOf(m, 'blockdev-del', { 'node-name': 'inline' })).toBe('Node inline is not owned by the monitor');
    expect(errorOf(m, 'blockdev-del', { 'node-name': 'f' })).toBe('Block device f is in use');
    const pairs = (n: number): string[] => Array.from({ length: n }, () => ['bk0:paused', 'bk0:running']).flat();
    expect(during(m, seen, 'blockdev-del', { 'node-name': 'q1' })).toEqual(pairs(1));
    m.scheduler.advance(SLICE_NS * 0.3);
    expect(during(m, seen, 'blockdev-del', { 'node-name': 'q2' })).toEqual(pairs(2));
    m.scheduler.advance(SLICE_NS * 0.3);
    expect(during(m, seen, 'blockdev-del', { 'node-name': 'f' })).toEqual(pairs(1));
  });
});
