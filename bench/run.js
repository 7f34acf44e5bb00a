#!/usr/bin/env node
// `npm run bench`: the project's speed figures, measured here and now. Each section prints
// one line per figure; targets are printed beside them. Nothing here is asserted by tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const qemu = process.env.QAPI_QEMU_DIR ?? resolve(root, '../shared/qemu-7.2');
const qmpSchema = join(qemu, 'qapi/qapi-schema.json');
const cli = join(root, 'bin/qapi-ts.js');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function fmt(ms) {
  return ms >= 100 ? `${(ms / 1000).toFixed(3)} s` : `${ms.toFixed(2)} ms`;
}

/** Median wall time of a whole `qapi-ts ...` process. */
function timeProcess(args, runs = 15) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`qapi-ts ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

async function frontEnd() {
  const { loadSchema } = await import('../dist/generator/frontend.js');
  let entities = 0;
  for (let i = 0; i < 20; i++) entities = loadSchema(qmpSchema).schema.entities.length;
  const times = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    loadSchema(qmpSchema);
    times.push(performance.now() - t0);
  }
  console.log(`front end: parse+check of QEMU's QMP schema (${entities} entities), warm: ${fmt(median(times))} (target < 40 ms; QEMU's Python: ~0.2 s)`);
  console.log(`front end: whole \`qapi-ts dump\` process on it: ${fmt(timeProcess(['dump', qmpSchema]))} (target < 0.18 s; QEMU's test-qapi.py: ~0.59 s)`);
}

async function introspection() {
  const { loadSchema } = await import('../dist/generator/frontend.js');
  const { buildIntrospection } = await import('../dist/generator/backends/introspect/introspect.js');
  const { schema } = loadSchema(qmpSchema);
  const conditions = join(qemu, 'introspection/conditions.json');
  const defined = new Set(JSON.parse(readFileSync(conditions, 'utf8')).defined);
  let entries = 0;
  for (let i = 0; i < 20; i++) entries = buildIntrospection(schema, { defined }).length;
  const times = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    buildIntrospection(schema, { defined });
    times.push(performance.now() - t0);
  }
  console.log(`introspection: SchemaInfo list of QEMU's QMP schema (${entries} entries) from the checked schema, warm: ${fmt(median(times))}`);
  const args = ['introspect', qmpSchema, '--defines-file', conditions];
  console.log(`introspection: whole \`qapi-ts introspect\` process on it: ${fmt(timeProcess(args))}`);
}

async function jobs() {
  const { noopDriver } = await import('../dist/runtime/jobs/driver.js');
  const { JobManager } = await import('../dist/runtime/jobs/manager.js');
  const { VirtualScheduler } = await import('../dist/runtime/jobs/scheduler.js');
  const run = (count, autoDismiss) => {
    const scheduler = new VirtualScheduler();
    const manager = new JobManager({ scheduler, emit: () => {} });
    const driver = noopDriver();
    for (let i = 0; i < count; i++) manager.start(manager.create({ id: `j${i}`, driver, autoDismiss }));
    scheduler.runUntilIdle();
    return manager;
  };
  run(10_000, true);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    run(100_000, true);
    times.push(performance.now() - t0);
  }
  console.log(`jobs: 100,000 no-op jobs create -> run -> conclude -> dismiss: ${fmt(median(times))} (target < 1 s)`);
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = run(100_000, false);
  globalThis.gc?.();
  const perJob = (process.memoryUsage().heapUsed - before) / kept.size;
  console.log(`jobs: memory per CONCLUDED job kept for query-jobs: ${Math.round(perJob)} bytes${globalThis.gc ? '' : ' (approximate: run node with --expose-gc for exact figures)'}`);
}

async function generate() {
  const out = mkdtempSync(join(tmpdir(), 'qapi-ts-bench-'));
  try {
    const time = timeProcess(['generate', qmpSchema, '-o', out]);
    console.log(`typescript: whole \`qapi-ts generate\` process on QEMU's QMP schema: ${fmt(time)} (target <= 0.55 s; QEMU's qapi-gen.py: ~0.9 s)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Requests per second through one in-process Dispatcher, after warm-up. */
async function dispatchRate(run, n) {
  // Awaits only real promises, so the synchronous handle() is measured without a microtask each.
  const step = async () => {
    const reply = run();
    if (reply instanceof Promise) await reply;
  };
  for (let i = 0; i < n / 10; i++) await step();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await step();
  return Math.round(n / ((performance.now() - t0) / 1000));
}

async function dispatch() {
  const { loadSchema } = await import('../dist/generator/frontend.js');
  const { buildValidationTables } = await import('../dist/generator/backends/validation/index.js');
  const { Dispatcher } = await import('../dist/runtime/qmp/dispatch.js');
  const own = join(root, 'qapi/qapi-schema.json');
  const schemaFile = existsSync(own) ? own : qmpSchema;
  const tables = buildValidationTables(loadSchema(schemaFile).schema, {});
  const dispatcher = new Dispatcher({ tables, handlers: { 'job-pause': () => ({}) } });
  const valid = { execute: 'job-pause', arguments: { id: 'bk0' }, id: 1 };
  const invalid = { execute: 'job-pause', arguments: { id: 42 }, id: 1 };
  const n = 1_000_000;
  const per = (x) => `${(x / 1e6).toFixed(2)} M/s`;
  const label = `dispatch: job-pause (${schemaFile === own ? 'qapi/qapi-schema.json' : "QEMU's schema"})`;
  console.log(`${label}, valid arguments: ${per(await dispatchRate(() => dispatcher.dispatch(valid), n))} (target > 1 M/s); sync handle(): ${per(await dispatchRate(() => dispatcher.handle(valid), n))}`);
  console.log(`${label}, invalid arguments: ${per(await dispatchRate(() => dispatcher.dispatch(invalid), n))} (target > 1 M/s); sync handle(): ${per(await dispatchRate(() => dispatcher.handle(invalid), n))}`);
}

const sections = { frontEnd, dispatch, jobs, introspection, generate };

if (!existsSync(qmpSchema)) {
  console.error(`bench: QEMU data not found at ${qemu} (set QAPI_QEMU_DIR)`);
  process.exit(1);
}
for (const [name, run] of Object.entries(sections)) {
  try {
    await run();
  } catch (err) {
    console.error(`bench ${name}: ${err.stack ?? err}`);
    process.exitCode = 1;
  }
}
