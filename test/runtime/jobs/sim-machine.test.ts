import { describe, expect, it } from 'vitest';
import { SimMachine } from '../../../runtime/jobs/sim-machine.js';
import { parseTrace } from '../../../runtime/jobs/trace.js';

const SLOW = 262144;
const CHUNK = 65536;
/** One chunk's share of SLOW: the rate-limit delay between two throttled chunks. */
const SLICE_NS = (CHUNK * 1e9) / SLOW;

/** A machine with `pairs` source/target nodes, recording `id:status` of every status change. */
function machine(pairs: number): { m: SimMachine; seen: string[] } {
  const m = new SimMachine();
  const seen: string[] = [];
  m.events.onEvent((e) => {
    if (e.event === 'JOB_STATUS_CHANGE') seen.push(`${e.data.id}:${e.data.status}`);
  });
  for (let i = 0; i < pairs; i++) {
    for (const role of ['src', 'tgt']) m.execute('blockdev-add', { driver: 'qcow2', 'node-name': `${role}${i}` });
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
