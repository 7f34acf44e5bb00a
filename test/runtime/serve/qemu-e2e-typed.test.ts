/**
 * The typed client against each real QEMU release (7.2 installed, 10.0.2 unpacked by
 * scripts/qemu-10.0.sh), with that release's own schema: the package for
 * `../shared/qemu-RELEASE/qapi/qapi-schema.json` is generated in the release's dialect with the
 * `if` symbols of its build into `test/.generated/` (ignored by git), and its validation tables
 * and introspection data are what the client runs on. Checks strict outgoing validation,
 * `query-qmp-schema` against our introspection, a throttled `blockdev-backup` with manual
 * finalize followed by the job tracker through pause/resume/finalize/dismiss, the mapping of
 * an error reply, and that a command 10.0 removed does not compile against 10.0's package.
 * Same policy as qemu-e2e.test.ts: skipped loudly without QEMU, failing under CI.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../../contracts/schema-info.js';
import { generate } from '../../../generator/generate.js';
import type { JobInfo, JobStatus } from '../../../generated/job.js';
import { isTransitionAllowed } from '../../../runtime/jobs/state-machine.js';
import { JobTracker } from '../../../runtime/jobs/tracker.js';
import type { TrackedJob, TransitionViolation } from '../../../runtime/jobs/tracker.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../runtime/qmp/client/client.js';
import { QmpReplyError } from '../../../runtime/qmp/client/errors.js';
import { trackerClient } from '../../../runtime/qmp/client/tracker.js';
import { QmpArgumentError, typedQmpClient } from '../../../runtime/qmp/typed/client.js';
import type { TypedQmpClient } from '../../../runtime/qmp/typed/client.js';
import type { DecodeIssue } from '../../../runtime/qmp/typed/decode.js';
import type { QmpEmptyObject } from '../../../runtime/qmp/typed/maps.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { qemuDir, repoRoot } from '../../support/qemu-dir.js';
import { canRunQemu, qemuImg, qemuIo, qemuReleases, startQemu, warnIfSkipped } from '../../support/qemu.js';
import type { QemuRelease, RunningQemu } from '../../support/qemu.js';
import { typecheck } from '../../generator/backends/typescript/support.js';
import { within } from './support.js';

for (const release of qemuReleases) warnIfSkipped('real-QEMU end-to-end tests of the typed client', release);

/**
 * The part of QEMU's command and event maps these tests use, typed by hand (the generated
 * package for QEMU's schema is not kept in the tree); the run-time checks use QEMU's full
 * validation tables, built from its schema.
 */
interface QemuCommands {
  'query-version': { args: undefined; returns: { qemu: { major: number; minor: number; micro: number }; package: string } };
  'query-qmp-schema': { args: undefined; returns: SchemaInfo[] };
  'query-jobs': { args: undefined; returns: JobInfo[] };
  'blockdev-add': {
    args: { driver: string; 'node-name'?: string; file?: string | { driver: string; filename: string } };
    returns: QmpEmptyObject;
  };
  'blockdev-backup': {
    args: {
      'job-id'?: string;
      device: string;
      target: string;
      sync: 'full' | 'top' | 'none' | 'incremental' | 'bitmap';
      speed?: number;
      'x-perf'?: { 'use-copy-range'?: boolean; 'max-workers'?: number; 'max-chunk'?: number };
      'auto-finalize'?: boolean;
      'auto-dismiss'?: boolean;
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

interface Package {
  readonly dir: string;
  readonly tables: ValidationTables;
  readonly introspection: SchemaInfo[];
}

const packages = new Map<QemuRelease, Package>();

/** The package of `release`'s QMP schema, generated with its build's symbols into test/.generated/qemu-RELEASE-qmp. */
async function generatePackage(release: QemuRelease): Promise<Package> {
  const dir = qemuDir(release);
  const { defined } = JSON.parse(readFileSync(join(dir, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };
  const out = join(repoRoot, `test/.generated/qemu-${release}-qmp`);
  rmSync(out, { recursive: true, force: true });
  for (const file of generate({ schema: join(dir, 'qapi/qapi-schema.json'), defines: defined, qemu: release })) {
    mkdirSync(dirname(join(out, file.path)), { recursive: true });
    writeFileSync(join(out, file.path), file.content);
  }
  const load = async (name: string): Promise<Record<string, unknown>> =>
    (await import(pathToFileURL(join(out, name)).href)) as Record<string, unknown>;
  return {
    dir: out,
    tables: (await load('qmp-validation.ts'))['qmpValidation'] as ValidationTables,
    introspection: (await load('qmp-introspection.ts'))['qmpSchemaInfo'] as SchemaInfo[],
  };
}

beforeAll(async () => {
  for (const release of qemuReleases) if (canRunQemu(release)) packages.set(release, await generatePackage(release));
}, 120_000);

function packageOf(release: QemuRelease): Package {
  const found = packages.get(release);
  if (found === undefined) throw new Error(`no generated package for QEMU ${release}`);
  return found;
}

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

async function connect(release: QemuRelease): Promise<Connection> {
  const started = await startQemu(release);
  qemu = started;
  raw = await connectQmp({ path: started.socket }, { defaultTimeout: 10_000 });
  const issues: DecodeIssue[] = [];
  const client = typedQmpClient<QemuCommands, QemuEvents>(raw, {
    validation: packageOf(release).tables,
    onDecodeIssue: (issue) => issues.push(issue),
  });
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

const majorMinor: Record<QemuRelease, { major: number; minor: number }> = {
  '7.2': { major: 7, minor: 2 },
  '10.0': { major: 10, minor: 0 },
};

for (const release of qemuReleases)
  describe.runIf(canRunQemu(release))(`the typed client with QEMU's schema, against a real QEMU ${release}`, () => {
    it('answers query-version through the typed client', async () => {
      const { client, issues } = await connect(release);
      const version = await client.execute('query-version');
      expect(version.qemu).toMatchObject(majorMinor[release]);
      expect(issues).toEqual([]);
    });

    it("gets from query-qmp-schema exactly our introspection of QEMU's schema, entry for entry", async () => {
      const { client } = await connect(release);
      const real = await client.execute('query-qmp-schema');
      const { introspection } = packageOf(release);
      expect(real.length).toBeGreaterThan(1000);
      expect(introspection).toHaveLength(real.length);
      // Entry by entry, in order (toEqual ignores key order inside an entry): a failure names the entry.
      real.forEach((entry, i) => expect(introspection[i], `entry ${i} (${entry.name})`).toEqual(entry));
    });

    it("refuses invalid arguments with QEMU's own text before sending anything", async () => {
      const { client } = await connect(release);
      const bad = {
        device: 'src',
        target: 'tgt',
        sync: 'full',
        'x-perf': { 'max-chunk': 'big' },
      } as unknown as QemuCommands['blockdev-backup']['args'];
      const refused = await client.execute('blockdev-backup', bad).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(QmpArgumentError);
      expect(refused).toMatchObject({
        errorClass: 'GenericError',
        desc: "Invalid parameter type for 'x-perf.max-chunk', expected: integer",
      });
      const missing = await client.execute('job-pause', {} as { id: string }).catch((e: unknown) => e);
      expect(missing).toMatchObject({ name: 'QmpArgumentError', desc: "Parameter 'id' is missing" });
      // Nothing reached QEMU: it has no job, and still answers.
      expect(await client.execute('query-jobs')).toEqual([]);
    });

    it('runs a throttled blockdev-backup with manual finalize: pause, resume, finalize, dismiss, via the tracker', async () => {
      const { qemu: q, client, issues } = await connect(release);
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
        'job-id': 'bk0',
        device: 'src',
        target: 'tgt',
        sync: 'full',
        speed: 65_536,
        'x-perf': { 'max-chunk': 65_536 },
        'auto-finalize': false,
        'auto-dismiss': false,
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
      const { client } = await connect(release);
      const error = await client.execute('job-pause', { id: 'nope' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QmpReplyError);
      expect(error).toMatchObject({ errorClass: 'GenericError', desc: 'Job not found', command: 'job-pause' });
    });

    // x-query-rdma: in 7.2's build, gone from 10.0 (QEMU 10.0 dropped RDMA migration).
    it(`${release === '10.0' ? 'refuses' : 'accepts'} x-query-rdma at compile time, as QEMU ${release} ${release === '10.0' ? 'lacks' : 'has'} it`, async () => {
      const { client } = await connect(release);
      const known = await client.untyped.execute('x-query-rdma').then(
        () => 'ok',
        (e: unknown) => e,
      );
      // One compilation: a removed command, and beside it one every release has.
      const compiled = compileAgainst(release, [`client.execute('x-query-rdma')`, `client.execute('query-version')`]);
      if (release === '10.0') {
        expect(known).toMatchObject({ errorClass: 'CommandNotFound', desc: 'The command x-query-rdma has not been found' });
        expect(compiled.match(/error TS\d+/g)).toEqual(['error TS2345']);
        expect(compiled).toMatch(/use\.ts\(4,.*Argument of type '"x-query-rdma"' is not assignable/);
      } else {
        expect(known).not.toMatchObject({ errorClass: 'CommandNotFound' });
        expect(compiled).toBe('');
      }
    });
  });

/**
 * `tsc`'s output ('' when clean) for a function that awaits each of `calls` on the typed
 * client of `release`'s generated package (the first call on line 4 of use.ts), compiled with
 * the strict flags the generated code promises to pass.
 */
function compileAgainst(release: QemuRelease, calls: readonly string[]): string {
  const dir = join(repoRoot, `test/.generated/uses-qemu-${release}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'use.ts'),
    [
      `import type { QmpCommands, QmpEvents } from '../qemu-${release}-qmp/index.js';`,
      `import type { TypedQmpClient } from '../../../runtime/qmp/typed/client.js';`,
      `export async function use(client: TypedQmpClient<QmpCommands, QmpEvents>): Promise<unknown[]> {`,
      ...calls.map((call, i) => `  const r${i} = await ${call};`),
      `  return [${calls.map((_, i) => `r${i}`).join(', ')}];`,
      `}`,
      '',
    ].join('\n'),
  );
  // The runtime's own sources come along through the import, and they need Node's types.
  return typecheck(dir, { types: ['node'] });
}
