#!/usr/bin/env node
// `npm run bench`: the project's speed figures, measured here and now. Each section prints
// one line per figure; targets are printed beside them. Nothing here is asserted by tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  for (let i = 0; i < 20; i++) entities = [...loadSchema(qmpSchema).schema.entities()].length;
  const times = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    loadSchema(qmpSchema);
    times.push(performance.now() - t0);
  }
  console.log(`front end: parse+check of QEMU's QMP schema (${entities} entities), warm: ${fmt(median(times))} (target < 40 ms; QEMU's Python: ~0.2 s)`);
  console.log(`front end: whole \`qapi-ts dump\` process on it: ${fmt(timeProcess(['dump', qmpSchema]))} (target < 0.18 s; QEMU's test-qapi.py: ~0.59 s)`);
}

const sections = { frontEnd };

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
