/**
 * The typed client against a real QEMU 7.2, with QEMU's own schema: the package for
 * `../shared/qemu-7.2/qapi/qapi-schema.json` is generated with the `if` symbols of QEMU's build
 * into `test/.generated/` (ignored by git), and its validation tables and introspection data
 * are what the client runs on. Checks strict outgoing
 * validation, `query-qmp-schema` against our introspection, a throttled `blockdev-backup` with
 * manual finalize followed by the job tracker through pause/resume/finalize/dismiss, and the
 * mapping of an error reply. Same policy as qemu-e2e.test.ts: skipped loudly without QEMU,
 * failing under CI.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../../generator/backends/introspect/schema-info.js';
import { generate } from '../../../generator/generate.js';
import type { JobInfo, JobStatus } from '../../../generated/job.js';
import { isTransitionAllowed } from '../../../runtime/jobs/tables.js';
import { JobTracker } from '../../../runtime/jobs/tracker.js';
import type { TrackedJob, TransitionViolation } from '../../../runtime/jobs/tracker.js';
import { connectQmp } from '../../../runtime/qmp/client.js';
import type { QmpClient } from '../../../runtime/qmp/client.js';
import { QmpReplyError } from '../../../runtime/qmp/client-errors.js';
import { trackerClient } from '../../../runtime/qmp/client-tracker.js';
import { QmpArgumentError, typedQmpClient } from '../../../runtime/qmp/typed-client.js';
import type { TypedQmpClient } from '../../../runtime/qmp/typed-client.js';
import type { DecodeIssue } from '../../../runtime/qmp/typed-decode.js';
import type { QmpEmptyObject } from '../../../runtime/qmp/typed-maps.js';
import type { ValidationTables } from '../../../runtime/qmp/validate-tables.js';
import { qemuDir, repoRoot } from '../../support/qemu-dir.js';
import { qemuImg, qemuIo, runQemuTests, startQemu, warnIfSkipped } from '../../support/qemu.js';
import type { RunningQemu } from '../../support/qemu.js';
import { within } from './support.js';

warnIfSkipped('real-QEMU end-to-end tests of the typed client');

/**
 * The part of QEMU's command and event maps these tests use, typed by hand (the generated
 * package for QEMU's schema is not kept in the tree); the run-time checks use QEMU's full
 * validation tables, built from its schema.
 */
interface QemuCommands {
  'query-version': { args: undefined; returns: { qemu: { major: number; minor: number; micro: number }; package: string } };
  'query-qmp-schema': { args: undefined; returns: SchemaInfo[] };
  'query-jobs': { args: undefined; returns: JobInfo[] };
  'blockdev-add': { args: { driver: string; 'node-name'?: string; file?: string | { driver: string; filename: string } }; returns: QmpEmptyObject };
  'blockdev-backup': {
    args: {
      'job-id'?: string; device: string; target: string; sync: 'full' | 'top' | 'none' | 'incremental' | 'bitmap';
      speed?: number; 'x-perf'?: { 'use-copy-range'?: boolean; 'max-workers'?: number; 'max-chunk'?: number };
      'auto-finalize'?: boolean; 'auto-dismiss'?: boolean;
    };
    returns: QmpEmptyObject;
  };
  'block-job-set-speed': { args: { device: string; speed: number }; returns: QmpEmptyObject };
  'job-pause': { args: { id: string }; returns: QmpEmptyObject };
  'job-resume': { args: { id: string }; returns: QmpEmptyObject };
  'job-finalize': { args: { id: string }; returns: QmpEmptyObject };
  'job-dismiss': { args: { id: string }; returns: QmpEmptyObject };
}

interface QemuEvents {
  JOB_STATUS_CHANGE: { id: string; status: JobStatus };
  BLOCK_JOB_PENDING: { type: string; id: string };
}

let tables: ValidationTables;
let introspection: SchemaInfo[];

beforeAll(async () => {
  if (!runQemuTests) return;
  const dir = qemuDir();
  const { defined } = JSON.parse(readFileSync(join(dir, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };
  const out = join(repoRoot, 'test/.generated/qemu-qmp');
  rmSync(out, { recursive: true, force: true });
  for (const file of generate({ schema: join(dir, 'qapi/qapi-schema.json'), defines: defined })) {
    mkdirSync(dirname(join(out, file.path)), { recursive: true });
    writeFileSync(join(out, file.path), file.content);
  }
  const load = async (name: string): Promise<Record<string, unknown>> =>
    (await import(pathToFileURL(join(out, name)).href)) as Record<string, unknown>;
  tables = (await load('qmp-validation.ts'))['qmpValidation'] as ValidationTables;
  introspection = (await load('qmp-introspection.ts'))['qmpSchemaInfo'] as SchemaInfo[];
}, 120_000);

let qemu: RunningQemu | undefined;
let raw: QmpClient | undefined;
let tracker: JobTracker | undefined;

afterEach(async () => {
  tracker?.close();
  tracker = undefined;
  raw?.destroy();
  raw = undefined;
  await qemu?.stop();
  qemu = undefined;
});

interface Connection {
  readonly qemu: RunningQemu;
  readonly client: TypedQmpClient<QemuCommands, QemuEvents>;
  readonly issues: DecodeIssue[];
}

async function connect(): Promise<Connection> {
  const started = await startQemu();
  qemu = started;
  raw = await connectQmp({ path: started.socket }, { defaultTimeout: 10_000 });
  const issues: DecodeIssue[] = [];
  const client = typedQmpClient<QemuCommands, QemuEvents>(raw, { validation: tables, onDecodeIssue: (issue) => issues.push(issue) });
  return { qemu: started, client, issues };
}

/** Resolves once the tracked job's current status is `status` (`until` also counts earlier visits). */
async function statusIs(job: TrackedJob, status: JobStatus, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (job.status !== status) {
    if (Date.now() > deadline) throw new Error(`job ${job.id}: status ${job.status}, not ${status}, after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.runIf(runQemuTests)("the typed client with QEMU's schema, against a real QEMU 7.2", () => {
  it('answers query-version through the typed client', async () => {
    const { client, issues } = await connect();
    const version = await client.execute('query-version');
    expect(version.qemu).toMatchObject({ major: 7, minor: 2 });
    expect(issues).toEqual([]);
  });

  it("gets from query-qmp-schema exactly our introspection of QEMU's schema, entry for entry", async () => {
    const { client } = await connect();
    const real = await client.execute('query-qmp-schema');
    expect(real.length).toBeGreaterThan(1000);
    expect(introspection).toHaveLength(real.length);
    // Entry by entry, in order (toEqual ignores key order inside an entry): a failure names the entry.
    real.forEach((entry, i) => expect(introspection[i], `entry ${i} (${entry.name})`).toEqual(entry));
  });

  it("refuses invalid arguments with QEMU's own text before sending anything", async () => {
    const { client } = await connect();
    const bad = { device: 'src', target: 'tgt', sync: 'full', 'x-perf': { 'max-chunk': 'big' } } as unknown as QemuCommands['blockdev-backup']['args'];
    const refused = await client.execute('blockdev-backup', bad).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QmpArgumentError);
    expect(refused).toMatchObject({ errorClass: 'GenericError', desc: "Invalid parameter type for 'x-perf.max-chunk', expected: integer" });
    const missing = await client.execute('job-pause', {} as { id: string }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'QmpArgumentError', desc: "Parameter 'id' is missing" });
    // Nothing reached QEMU: it has no job, and still answers.
    expect(await client.execute('query-jobs')).toEqual([]);
  });

  it('runs a throttled blockdev-backup with manual finalize: pause, resume, finalize, dismiss, via the tracker', async () => {
    const { qemu: q, client, issues } = await connect();
    const src = join(q.dir, 'src.qcow2');
    const tgt = join(q.dir, 'tgt.qcow2');
    qemuImg('create', '-q', '-f', 'qcow2', src, '16M');
    qemuIo('-f', 'qcow2', '-c', 'write -q -P 0x5a 0 16M', src);
    qemuImg('create', '-q', '-f', 'qcow2', tgt, '16M');
    const violations: TransitionViolation[] = [];
    tracker = new JobTracker(trackerClient(client.untyped), { onViolation: (v) => violations.push(v) });
    const seen: string[] = [];
    client.on('JOB_STATUS_CHANGE', (event) => seen.push(event.data.status));

    await client.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'src', file: { driver: 'file', filename: src } });
    await client.execute('blockdev-add', { driver: 'qcow2', 'node-name': 'tgt', file: { driver: 'file', filename: tgt } });
    const job = tracker.job('bk0');
    // 64 KiB/s over 16 MiB of data: minutes, so the job is surely still running when paused.
    await client.execute('blockdev-backup', {
      'job-id': 'bk0', device: 'src', target: 'tgt', sync: 'full', speed: 65_536,
      'x-perf': { 'max-chunk': 65_536 }, 'auto-finalize': false, 'auto-dismiss': false,
    });
    await within(job.until('running'), 10_000, 'bk0 running');

    await tracker.verb('bk0', 'pause');
    await statusIs(job, 'paused', 10_000);
    const paused = await client.execute('query-jobs');
    expect(paused).toEqual([expect.objectContaining({ id: 'bk0', type: 'backup', status: 'paused' })]);
    const progress = paused[0];
    expect(progress?.['current-progress']).toBeLessThan(progress?.['total-progress'] ?? 0);
    // The tracker checks verbs locally: finalizing a paused job is refused without a round trip.
    await expect(tracker.verb('bk0', 'finalize')).rejects.toThrow(/cannot accept command verb 'finalize'/);

    await tracker.verb('bk0', 'resume');
    await statusIs(job, 'running', 10_000);
    // Lift the throttle so the rest of the copy takes moments, not minutes.
    await client.execute('block-job-set-speed', { device: 'bk0', speed: 0 });
    await within(job.until('pending'), 30_000, 'bk0 pending');
    expect(job.status).toBe('pending');

    await tracker.verb('bk0', 'finalize');
    await within(job.until('concluded'), 10_000, 'bk0 concluded');
    const concluded = await client.execute('query-jobs');
    expect(concluded).toEqual([expect.objectContaining({ id: 'bk0', status: 'concluded', 'current-progress': 16 * 1024 * 1024 })]);
    expect(concluded[0]?.error).toBeUndefined();

    await tracker.verb('bk0', 'dismiss');
    await within(job.until('null'), 10_000, 'bk0 gone');
    expect(await client.execute('query-jobs')).toEqual([]);

    expect(job.outcome).toBe('completed');
    expect(violations).toEqual([]);
    expect(job.history).toEqual(seen);
    const statuses: JobStatus[] = ['undefined', ...job.history];
    for (let i = 1; i < statuses.length; i++) {
      const from = statuses[i - 1] ?? 'undefined';
      const to = statuses[i] ?? 'undefined';
      expect(isTransitionAllowed(from, to), `${from} -> ${to}`).toBe(true);
    }
    // Created, running, (QEMU's own brief pause at start), our pause and resume, then the end.
    expect(job.history.slice(0, 2)).toEqual(['created', 'running']);
    expect(job.history.filter((s) => s === 'paused').length).toBeGreaterThanOrEqual(1);
    expect(job.history.slice(-5)).toEqual(['running', 'waiting', 'pending', 'concluded', 'null']);
    expect(issues).toEqual([]);
  });

  it('maps an error reply to QmpReplyError with class and desc', async () => {
    const { client } = await connect();
    const error = await client.execute('job-pause', { id: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpReplyError);
    expect(error).toMatchObject({ errorClass: 'GenericError', desc: 'Job not found', command: 'job-pause' });
  });
});
