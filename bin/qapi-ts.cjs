#!/usr/bin/env node
'use strict';
// The `qapi-ts` launcher. `npm run build` bundles the CLI into CommonJS chunks in dist/bundle/
// (one per command, loaded when the command runs). A chunk is compiled with a V8 code cache
// when one exists, so that a run neither resolves modules nor parses or compiles the code it
// has run before. Code caches are tied to one Node build, so none is shipped: the first run
// on a machine writes them, after its work is done, into a per-user cache folder
// ($QAPI_TS_CACHE_DIR, else $XDG_CACHE_HOME/qapi-ts or ~/.cache/qapi-ts; on Windows
// %LOCALAPPDATA%\qapi-ts). A cache file holds the chunk's source, then V8's data: V8 itself
// checks only the source length, so the launcher takes a cache only for the very same bytes
// (a byte comparison: hashing the source would load node:crypto, ~2 ms of every run). Files
// are named by the chunk, the install's folder, the V8 version and architecture. A cache V8
// rejects, or a folder that cannot be written, costs time, never the run.
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

const dir = join(__dirname, '../dist/bundle');
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
// V8 flags it was made with, so these runs keep caches of their own (`-no-opt`).
if (shortRun) setFlagsFromString('--no-opt');

function cacheDir() {
  const env = process.env;
  if (env.QAPI_TS_CACHE_DIR) return env.QAPI_TS_CACHE_DIR;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'qapi-ts');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'qapi-ts');
}

/** FNV-1a of the bundle folder: installs in other folders (other versions) keep their own caches. */
function folderKey() {
  let h = 0x811c9dc5;
  for (let i = 0; i < dir.length; i++) h = Math.imul(h ^ dir.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function cacheFile(file) {
  const chunk = file.slice(dir.length + 1).replace(/[^\w.-]/g, '_');
  return join(cacheDir(), `${chunk}-${folderKey()}-v8-${process.versions.v8}-${process.arch}${shortRun ? '-no-opt' : ''}.cache`);
}

/** V8's data from a cache file made for exactly these source bytes, else undefined. */
function readCache(file, bytes) {
  let data;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length <= bytes.length || data.compare(bytes, 0, bytes.length, 0, bytes.length) !== 0) return undefined;
  return data.subarray(bytes.length);
}

/** Loads a chunk as Node would a CommonJS module, but compiled with its code cache. */
function loadChunk(file) {
  const known = chunks.get(file);
  if (known) return known.module.exports;
  const bytes = readFileSync(file);
  const cache = cacheFile(file);
  const cachedData = readCache(cache, bytes);
  const script = new Script(wrap(bytes.toString('utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  chunks.set(file, { module, script, bytes, cache, cached: cachedData !== undefined && !script.cachedDataRejected });
  script.runInThisContext()(module.exports, requireFromChunk, module, file, dir);
  return module.exports;
}

function requireFromChunk(id) {
  return id.startsWith('./') ? loadChunk(join(dir, id)) : require(id);
}

/** After the first run of a chunk (its functions compiled by then), keep its code for the next. */
function writeCaches() {
  for (const { script, bytes, cache, cached } of chunks.values()) {
    if (cached) continue;
    const tmp = `${cache}.${process.pid}`;
    try {
      mkdirSync(cacheDir(), { recursive: true });
      writeFileSync(tmp, Buffer.concat([bytes, script.createCachedData()]));
      renameSync(tmp, cache);
    } catch {
      // a read-only or full disk: the next run compiles again
    }
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
  writeCaches();
  process.exitCode = code;
  // `dump` and `introspect` have written everything when main returns (synchronously, to the
  // descriptors): ending here skips the heap's tear-down and a last garbage collection (~3 ms).
  // Output handed to a stream (a full non-blocking pipe) must drain first: such a run ends by itself.
  if (shortRun && !cli.streamOutputUsed()) process.exit(code);
});
