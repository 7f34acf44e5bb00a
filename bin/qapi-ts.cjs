#!/usr/bin/env node
'use strict';
// The `qapi-ts` launcher. `npm run build` bundles the CLI into CommonJS chunks in dist/bundle/
// (one per command, loaded when the command runs) and writes a V8 code cache beside each, so
// that a run neither resolves modules nor parses or compiles the code it has run before. A
// cache from another Node version is rejected by V8; the chunk is then simply compiled.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dir = join(__dirname, '../dist/bundle');
const chunks = new Map();

function readCache(file) {
  try {
    return readFileSync(`${file}.cache`);
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
    const tmp = `${file}.cache.${process.pid}`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, `${file}.cache`);
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

loadCli()
  .main(process.argv.slice(2))
  .then((code) => {
    if (process.env.QAPI_TS_WRITE_CODE_CACHE) writeCaches();
    process.exitCode = code;
  });
