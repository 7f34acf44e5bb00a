#!/usr/bin/env node
'use strict';
// The `qapi-ts` launcher. `npm run build` bundles the CLI into CommonJS chunks in dist/cli/
// (one per command, loaded when the command runs) and writes a V8 code cache beside each, so
// that a run neither resolves modules nor parses or compiles the code it has run before. A
// cache from another Node version is rejected by V8; the chunk is then simply compiled.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

const dir = join(__dirname, '../dist/cli');
const chunks = new Map();

/**
 * `dump` and `introspect` read a schema, print and are over in a fraction of a second.
 * (`generate` would gain as much, but its config file may say `target: 'js'`, which runs
 * TypeScript's compiler for seconds, and the launcher does not read the config.)
 */
const shortRun = process.argv[2] === 'dump' || process.argv[2] === 'introspect';

// A short run turns V8's optimizing compiler (TurboFan) off: in a run this short its compiles
// (on a helper thread) cost more than the optimized code saves (on QEMU 10.0's QMP schema,
// `dump` took 0.17 s of CPU with it and 0.12 s without). A code cache is only taken under the
// V8 flags it was made with, so these runs keep caches of their own (`.no-opt.cache`).
if (shortRun) setFlagsFromString('--no-opt');
const cacheSuffix = shortRun ? '.no-opt.cache' : '.cache';

function readCache(file) {
  try {
    return readFileSync(`${file}${cacheSuffix}`);
  } catch {
    return undefined;
  }
}

/** Loads a chunk as Node would a CommonJS module, but compiled with its code cache. */
function loadChunk(file) {
  const known = chunks.get(file);
  if (known) return known.module.exports;
  const cachedData = readCache(file);
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  chunks.set(file, { module, script, cached: cachedData !== undefined && !script.cachedDataRejected });
  script.runInThisContext()(module.exports, requireFromChunk, module, file, dir);
  return module.exports;
}

function requireFromChunk(id) {
  return id.startsWith('./') ? loadChunk(join(dir, id)) : require(id);
}

/** The build's warm-up runs (scripts/bundle-cli.js) write the caches; users' runs never do. */
function writeCaches() {
  for (const [file, { script, cached }] of chunks) {
    if (cached) continue;
    const tmp = `${file}${cacheSuffix}.${process.pid}`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, `${file}${cacheSuffix}`);
  }
}

function loadCli() {
  try {
    return loadChunk(join(dir, 'qapi-ts.cjs'));
  } catch (err) {
    if (err.code !== 'ENOENT' || chunks.size > 0) throw err;
    process.stderr.write(`qapi-ts: the command line is not built (no ${join(dir, 'qapi-ts.cjs')}); run \`npm run build\`\n`);
    process.exit(1);
  }
}

const cli = loadCli();
cli.main(process.argv.slice(2)).then((code) => {
  if (process.env.QAPI_TS_WRITE_CODE_CACHE) writeCaches();
  process.exitCode = code;
  // `dump` and `introspect` have written everything when main returns (synchronously, to the
  // descriptors): ending here skips the heap's tear-down and a last garbage collection (~3 ms).
  // Output handed to a stream (a full non-blocking pipe) must drain first: such a run ends by itself.
  if (shortRun && !cli.streamOutputUsed()) process.exit(code);
});
