#!/usr/bin/env node
// `npm run bench`: the project's speed figures, measured here and now. Each section prints
// one line per figure; targets are printed beside them. Nothing here is asserted by tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { qemuSourcesCache } from './qemu-sources.js';
import { versusQemu } from './versus-qemu.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const qemu = process.env.QAPI_QEMU_DIR ?? resolve(root, '../shared/qemu-7.2');
const qmpSchema = join(qemu, 'qapi/qapi-schema.json');
const cli = join(root, 'bin/qapi-ts.cjs');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function fmt(ms) {
  return ms >= 100 ? `${(ms / 1000).toFixed(3)} s` : `${ms.toFixed(2)} ms`;
}

/** The CLI's code caches (bin/qapi-ts.cjs) go to a folder of the bench's own, made on its first run. */
const codeCache = mkdtempSync(join(tmpdir(), 'qapi-ts-bench-cache-'));
process.on('exit', () => rmSync(codeCache, { recursive: true, force: true }));

/** Median wall time of a whole `qapi-ts ...` process; `cacheDir()` names its code-cache folder. */
function timeProcess(args, runs = 15, cacheDir = () => codeCache) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const env = { ...process.env, QAPI_TS_CACHE_DIR: cacheDir() };
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`qapi-ts ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

async function frontEnd() {
  // The whole-process figure first, while this process is idle: its own warm-up below keeps
  // background compiler and GC threads busy, which a child on a 2-core machine feels.
  timeProcess(['dump', '--qemu', '7.2', qmpSchema], 1);
  const wholeDump = timeProcess(['dump', '--qemu', '7.2', qmpSchema]);
  // The first run on a machine compiles without code caches and writes them.
  const firstDump = timeProcess(['dump', '--qemu', '7.2', qmpSchema], 15, () => mkdtempSync(join(codeCache, 'first-')));
  const { loadSchema } = await import('../dist/generator/frontend.js');
  let entities = 0;
  for (let i = 0; i < 20; i++) entities = loadSchema(qmpSchema).schema.entities.length;
  const times = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    loadSchema(qmpSchema);
    times.push(performance.now() - t0);
  }
  console.log(
    `front end: parse+check of QEMU's QMP schema (${entities} entities), warm: ${fmt(median(times))} (target < 40 ms; QEMU's Python: ~0.2 s)`,
  );
  console.log(`front end: whole \`qapi-ts dump\` process on it: ${fmt(wholeDump)} (target < 0.18 s; QEMU's test-qapi.py: ~0.59 s)`);
  console.log(`front end: the same, first run on a machine (no code cache yet; writes it): ${fmt(firstDump)}`);
  // Each deoptimization throws away optimized code on the cold path; out-of-range
  // charCodeAt reads in the doc-comment code once cost ~13 ms of the dump this way. The CLI's
  // dump runs with TurboFan off (bin/qapi-ts.cjs), so the front end is traced cold in a plain
  // process, as a program using the library runs it.
  const coldFrontEnd = `const { loadSchema } = await import(${JSON.stringify(join(root, 'dist/generator/frontend.js'))}); loadSchema(${JSON.stringify(qmpSchema)});`;
  const traced = spawnSync(process.execPath, ['--trace-deopt', '--input-type=module', '-e', coldFrontEnd], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const deopts = traced.stdout
    .split('\n')
    .filter((line) => line.startsWith('[bailout'))
    .map((line) => /reason: ([^)]*)\).*<JSFunction (\S+)/.exec(line)?.slice(1).join(' in ') ?? line);
  console.log(
    `front end: V8 deoptimizations in a cold parse+check of it (TurboFan on, as in a library user's process): ${deopts.length}${deopts.length ? ` (${deopts.join('; ')})` : ''}`,
  );
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
  console.log(
    `introspection: SchemaInfo list of QEMU's QMP schema (${entries} entries) from the checked schema, warm: ${fmt(median(times))}`,
  );
  const args = ['introspect', '--qemu', '7.2', qmpSchema, '--defines-file', conditions];
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
  console.log(
    `jobs: memory per CONCLUDED job kept for query-jobs: ${Math.round(perJob)} bytes${globalThis.gc ? '' : ' (approximate: run node with --expose-gc for exact figures)'}`,
  );
}

async function generate() {
  const out = mkdtempSync(join(tmpdir(), 'qapi-ts-bench-'));
  try {
    const time = timeProcess(['generate', '--qemu', '7.2', qmpSchema, '-o', out]);
    console.log(
      `typescript: whole \`qapi-ts generate\` process on QEMU's QMP schema: ${fmt(time)} (target <= 0.55 s; QEMU's qapi-gen.py: ~0.9 s)`,
    );
    const reply = join(qemu, 'introspection/query-qmp-schema.json');
    const fromReply = timeProcess(['generate', '--from-introspection', reply, '-o', join(out, 'from-reply')]);
    console.log(
      `typescript: whole \`qapi-ts generate --from-introspection\` process on QEMU's saved query-qmp-schema reply: ${fmt(fromReply)}`,
    );
    const { schemaFromIntrospection } = await import('../dist/generator/introspection/build.js');
    const entries = JSON.parse(readFileSync(reply, 'utf8'));
    for (let i = 0; i < 5; i++) schemaFromIntrospection(entries, reply);
    const times = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      schemaFromIntrospection(entries, reply);
      times.push(performance.now() - t0);
    }
    console.log(`typescript: schema model from that reply (${entries.length} entries), warm: ${fmt(median(times))}`);
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
  const { Dispatcher } = await import('../dist/runtime/qmp/dispatch/dispatcher.js');
  const own = join(root, 'qapi/qapi-schema.json');
  const schemaFile = existsSync(own) ? own : qmpSchema;
  const tables = buildValidationTables(loadSchema(schemaFile).schema, {});
  const dispatcher = new Dispatcher({ tables, handlers: { 'job-pause': () => ({}) } });
  const valid = { execute: 'job-pause', arguments: { id: 'bk0' }, id: 1 };
  const invalid = { execute: 'job-pause', arguments: { id: 42 }, id: 1 };
  const n = 1_000_000;
  const per = (x) => `${(x / 1e6).toFixed(2)} M/s`;
  const label = `dispatch: job-pause (${schemaFile === own ? 'qapi/qapi-schema.json' : "QEMU's schema"})`;
  console.log(
    `${label}, valid arguments: ${per(await dispatchRate(() => dispatcher.dispatch(valid), n))} (target > 1 M/s); sync handle(): ${per(await dispatchRate(() => dispatcher.handle(valid), n))}`,
  );
  console.log(
    `${label}, invalid arguments: ${per(await dispatchRate(() => dispatcher.dispatch(invalid), n))} (target > 1 M/s); sync handle(): ${per(await dispatchRate(() => dispatcher.handle(invalid), n))}`,
  );
}

/** Round trips per second of `call` run back to back for about `ms` milliseconds (after a warm-up). */
async function roundTrips(call, ms = 1500) {
  for (let i = 0; i < 500; i++) await call();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 100; i++) await call();
    n += 100;
  }
  return n / ((performance.now() - t0) / 1000);
}

/** A bare socket client: one request line out, wait for one CRLF line back, no parsing. */
async function rawQmpLineClient(path) {
  const { createConnection } = await import('node:net');
  const socket = createConnection({ path });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered = '';
  let waiter;
  socket.setEncoding('latin1');
  socket.on('data', (text) => {
    buffered += text;
    if (waiter !== undefined && buffered.includes('\r\n')) waiter();
  });
  const line = () =>
    new Promise((resolve) => {
      const take = () => {
        const end = buffered.indexOf('\r\n');
        const text = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        waiter = undefined;
        resolve(text);
      };
      if (buffered.includes('\r\n')) take();
      else waiter = take;
    });
  await line();
  socket.write('{"execute": "qmp_capabilities"}\n');
  await line();
  return { call: () => (socket.write('{"execute": "query-jobs", "id": 1}\n'), line()), close: () => socket.destroy() };
}

/**
 * Our client's own CPU cost per call: CPU time per call (process.cpuUsage, which the other
 * processes on a shared machine disturb far less than wall time) of our client minus that of
 * a bare client that only counts reply lines, against the same server in this process;
 * interleaved rounds, the median of the differences. Sequential: one call at a time;
 * pipelined: 1,000 calls in flight (one write of 1,000 requests for the bare client).
 */
async function clientOwnCost(connectQmp, path) {
  const client = await connectQmp({ path });
  const bareClient = await countingClient(path);
  const ways = {
    sequential: {
      ours: async () => {
        for (let i = 0; i < 1000; i++) await client.execute('query-jobs');
      },
      bare: async () => {
        for (let i = 0; i < 1000; i++) await bareClient.send(1);
      },
    },
    'pipelined (1,000 in flight)': {
      ours: () => Promise.all(Array.from({ length: 1000 }, () => client.execute('query-jobs'))),
      bare: () => bareClient.send(1000),
    },
  };
  const cpuPerCall = async (run, ms) => {
    let n = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    while (performance.now() - t0 < ms) {
      await run();
      n += 1000;
    }
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / n;
  };
  for (const [name, { ours, bare }] of Object.entries(ways)) {
    await cpuPerCall(ours, 300);
    await cpuPerCall(bare, 300);
    const differences = [];
    for (let round = 0; round < 9; round++) differences.push((await cpuPerCall(ours, 200)) - (await cpuPerCall(bare, 200)));
    console.log(
      `qmp: our client's own CPU per call, ${name}: ${median(differences).toFixed(1)} µs (our client's CPU time per query-jobs call minus a bare client's, same server, median of 9 rounds)`,
    );
  }
  await client.close();
  bareClient.close();
}

/** QMP wire: our client against our server over a Unix socket, a bare client, and QEMU if installed. */
async function qmp() {
  const { createQmpServer } = await import('../dist/runtime/qmp/server/server.js');
  const { connectQmp } = await import('../dist/runtime/qmp/client/client.js');
  const dir = mkdtempSync(join(tmpdir(), 'qmp-bench-'));
  const path = join(dir, 'qmp.sock');
  const server = createQmpServer({ dispatcher: { dispatch: async (request) => ({ return: [], id: request.id }) } });
  try {
    await server.listen({ path });
    const client = await connectQmp({ path });
    const viaClient = await roundTrips(() => client.execute('query-jobs'));
    await client.close();
    const raw = await rawQmpLineClient(path);
    const viaRaw = await roundTrips(raw.call);
    raw.close();
    console.log(
      `qmp: sequential query-jobs round trips, our client -> our server (Unix socket): ${Math.round(viaClient)}/s (target >= 3700/s, QEMU's rate)`,
    );
    console.log(
      `qmp: the same from a bare socket client: ${Math.round(viaRaw)}/s; our client's own cost: ${(1e6 / viaClient - 1e6 / viaRaw).toFixed(1)} µs per call`,
    );
    await clientOwnCost(connectQmp, path);
    await qemuRoundTrips(connectQmp, dir);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For comparison, if QEMU is installed: our client against qemu-system-x86_64 -machine none. */
async function qemuRoundTrips(connectQmp, dir) {
  const which = spawnSync('which', ['qemu-system-x86_64'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.log('qmp: qemu-system-x86_64 not installed, QEMU comparison skipped');
    return;
  }
  const { spawn } = await import('node:child_process');
  const path = join(dir, 'qemu.sock');
  const qemu = spawn(
    which.stdout.trim(),
    ['-machine', 'none', '-nodefaults', '-display', 'none', '-qmp', `unix:${path},server=on,wait=off`],
    { stdio: 'ignore' },
  );
  try {
    for (let i = 0; i < 500 && !existsSync(path); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const client = await connectQmp({ path });
    const rate = await roundTrips(() => client.execute('query-jobs'));
    client.destroy();
    console.log(`qmp: the same against real QEMU (qemu-system-x86_64 -machine none): ${Math.round(rate)}/s`);
  } finally {
    qemu.kill('SIGKILL');
  }
}

/**
 * A client that only counts reply lines: what it costs is the same for both servers, so the
 * ratio of two rates measures the servers. `send(n)` writes n query-jobs requests in one write
 * and resolves when n lines came back.
 */
async function countingClient(path) {
  const { createConnection } = await import('node:net');
  const socket = createConnection({ path });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let owed = 1; // the greeting
  let done;
  socket.on('data', (chunk) => {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) owed--;
    if (owed === 0) done?.();
  });
  const expect = (n) =>
    new Promise((resolve) => {
      owed += n;
      done = resolve;
      if (owed === 0) resolve();
    });
  await expect(0);
  socket.write('{"execute": "qmp_capabilities"}\n');
  await expect(1);
  const request = '{"execute": "query-jobs", "id": 1}\n';
  const batches = new Map();
  return {
    send(n) {
      if (!batches.has(n)) batches.set(n, Buffer.from(request.repeat(n)));
      socket.write(batches.get(n));
      return expect(n);
    },
    close: () => socket.destroy(),
  };
}

/** Requests per second through `client` for about `ms` milliseconds, `batch` requests per write. */
async function requestRate(client, batch, ms) {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await client.send(batch);
    n += batch;
  }
  return n / ((performance.now() - t0) / 1000);
}

/**
 * Our QMP server against a minimal Node server (bench/qmp-servers.js), both in one worker
 * thread, measured by the same client from this thread in interleaved rounds. The machine is
 * shared, so only the ratio means something; each figure is the median of the rounds' ratios.
 */
async function qmpRatio() {
  const { Worker } = await import('node:worker_threads');
  const dir = mkdtempSync(join(tmpdir(), 'qmp-bench-'));
  const worker = new Worker(new URL('./qmp-servers.js', import.meta.url), { workerData: { dir } });
  try {
    const paths = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    const ours = await countingClient(paths.ours);
    const minimal = await countingClient(paths.minimal);
    for (const [name, batch, ms, goal] of [
      ['sequential query-jobs round trips', 1, 300, 0.85],
      ['pipelined query-jobs, 1,000 requests per write', 1000, 300, 0.3],
    ]) {
      await requestRate(ours, batch, ms); // warm-up
      await requestRate(minimal, batch, ms);
      const ratios = [];
      const rates = [];
      for (let round = 0; round < 7; round++) {
        const mine = await requestRate(ours, batch, ms);
        const base = await requestRate(minimal, batch, ms);
        ratios.push(mine / base);
        rates.push([mine, base]);
      }
      const [mine, base] = rates[ratios.indexOf(median(ratios))];
      console.log(
        `qmp ratio: ${name}, our server / a minimal Node server (JSON.parse, JSON.stringify), same client, Unix socket: ${median(ratios).toFixed(2)} (goal >= ${goal}; that round: ${Math.round(mine)}/s vs ${Math.round(base)}/s)`,
      );
    }
    ours.close();
    minimal.close();
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Fairness: while one client sends a huge token to our server (in the worker thread), how long
 * another client's sequential pings wait at worst.
 */
async function qmpFairness() {
  const { Worker } = await import('node:worker_threads');
  const { createConnection } = await import('node:net');
  const dir = mkdtempSync(join(tmpdir(), 'qmp-bench-'));
  const worker = new Worker(new URL('./qmp-servers.js', import.meta.url), { workerData: { dir } });
  const inputs = [
    ['a 20 MB integer', Buffer.alloc(20_000_000, 0x37), 'was 6.2 s'],
    ['a 60 MB string of 2-byte characters', Buffer.from(`"${'é'.repeat(30_000_000)}"`), 'was about 3 s: 0.9 s for 16 MB'],
  ];
  try {
    const paths = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    const polite = await countingClient(paths.ours);
    for (const [what, input, before] of inputs) {
      const raw = createConnection({ path: paths.ours });
      await new Promise((resolve) => raw.once('connect', resolve));
      // The greeting, the capabilities' reply, then the token's (the worker's dispatcher answers anything).
      let lines = 0;
      let answered = false;
      raw.on('data', (chunk) => {
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
        answered = lines >= 3;
      });
      raw.write('{"execute": "qmp_capabilities"}\n');
      const t0 = performance.now();
      raw.write(input);
      raw.write('\n');
      let longest = 0;
      let pings = 0;
      for (let last = performance.now(); !answered; pings++) {
        await polite.send(1);
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }
      console.log(
        `qmp fairness: another client's longest wait while one sends ${what}: ${fmt(longest)} (${pings} pings answered in the ${fmt(performance.now() - t0)} it took; ${before})`,
      );
      raw.destroy();
    }
    polite.close();
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `qapi-ts serve`'s job server (the typed dispatcher and the job runtime) answering query-jobs with 3 jobs. */
async function serve() {
  const { createJobServer } = await import('../dist/runtime/serve/job-server.js');
  const { connectQmp } = await import('../dist/runtime/qmp/client/client.js');
  const dir = mkdtempSync(join(tmpdir(), 'qmp-bench-'));
  const path = join(dir, 'serve.sock');
  const server = createJobServer();
  try {
    await server.listen({ path });
    const client = await connectQmp({ path });
    for (const id of ['a', 'b', 'c']) await client.execute('x-demo-job-start', { id, 'duration-ms': 0, 'auto-dismiss': false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const rate = await roundTrips(() => client.execute('query-jobs'));
    await client.close();
    console.log(
      `serve: sequential query-jobs round trips (3 jobs), our client -> createJobServer (Unix socket): ${Math.round(rate)}/s (target >= QEMU's, below)`,
    );
    await qemuRoundTrips(connectQmp, dir);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function drift() {
  const qemu10 = process.env.QAPI_QEMU_10_0_DIR ?? resolve(root, '../shared/qemu-10.0');
  const replies = [join(qemu, 'introspection/query-qmp-schema.json'), join(qemu10, 'introspection/query-qmp-schema.json')];
  const { diffSchemaInfo } = await import('../dist/runtime/drift/schema-diff.js');
  const [before, now] = replies.map((file) => JSON.parse(readFileSync(file, 'utf8')));
  let changes = 0;
  for (let i = 0; i < 10; i++) changes = diffSchemaInfo(before, now).changes.length;
  const times = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    diffSchemaInfo(before, now);
    times.push(performance.now() - t0);
  }
  console.log(
    `drift: diff of QEMU 7.2's and 10.0's query-qmp-schema replies (${before.length} and ${now.length} entries, ${changes} changes), warm: ${fmt(median(times))}`,
  );
  const schemas = ['7.2', '10.0'].map((v, i) => [`--${i === 0 ? 'old' : 'new'}-qemu`, v]).flat();
  const args = ['diff', join(qemu, 'qapi/qapi-schema.json'), join(qemu10, 'qapi/qapi-schema.json'), ...schemas];
  const whole = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    whole.push(performance.now() - t0);
    if (r.status !== 1) throw new Error(`qapi-ts ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  }
  console.log(
    `drift: whole \`qapi-ts diff\` process on the two QMP schemas (both checked, introspected, compared): ${fmt(median(whole))} (target well under 1 s)`,
  );
}

/** Whole processes against QEMU's own scripts, for each QEMU release (bench/versus-qemu.js). */
async function versus() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
  const cacheRoot = qemuSourcesCache(root);
  for (const release of ['7.2', '10.0', '10.2']) versusQemu({ release, cli, cacheRoot, rounds });
}

const sections = { frontEnd, dispatch, jobs, introspection, generate, qmp, qmpRatio, qmpFairness, serve, versus, drift };

if (!existsSync(qmpSchema)) {
  console.error(`bench: QEMU data not found at ${qemu} (set QAPI_QEMU_DIR)`);
  process.exit(1);
}
// `npm run bench -- frontEnd jobs` runs only the sections named.
const only = process.argv.slice(2);
for (const name of only) {
  if (!(name in sections)) {
    console.error(`bench: no section ${name} (sections: ${Object.keys(sections).join(', ')})`);
    process.exit(1);
  }
}
for (const [name, run] of Object.entries(sections)) {
  if (only.length > 0 && !only.includes(name)) continue;
  try {
    await run();
  } catch (err) {
    console.error(`bench ${name}: ${err.stack ?? err}`);
    process.exitCode = 1;
  }
}
