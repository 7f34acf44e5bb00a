#!/usr/bin/env node
'use strict';
// The `qapi-ts` launcher. It loads the CLI bundle (dist/cli/qapi-ts.cjs, made by
// `npm run build`) with the V8 code cache written beside it at build time, so that a run
// starts without parsing or compiling the CLI's code. A cache from another Node version is
// rejected by V8 and simply ignored.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, '../dist/cli/qapi-ts.cjs');
const cacheFile = `${file}.cache`;

function readCache() {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function loadBundle() {
  const cachedData = readCache();
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, join(__dirname, '../dist/cli'));
  return { cli: module.exports, script };
}

// Written by the build (scripts/bundle-cli.js) after one run, never by users' runs.
function writeCache(script) {
  const tmp = `${cacheFile}.${process.pid}`;
  writeFileSync(tmp, script.createCachedData());
  renameSync(tmp, cacheFile);
}

const { cli, script } = loadBundle();
cli.main(process.argv.slice(2)).then((code) => {
  if (process.env.QAPI_TS_WRITE_CODE_CACHE) writeCache(script);
  process.exitCode = code;
});
