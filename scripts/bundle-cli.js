#!/usr/bin/env node
// Build step after tsc: the `qapi-ts` command line as CommonJS chunks (the shared start-up
// code, then one chunk per command, loaded when it runs). The launcher (bin/qapi-ts.cjs)
// compiles them with V8 code caches it writes on the user's machine on the first run.
// Why: a CLI process pays for module resolution and compilation on every start; chunks loaded
// from code caches start ~45 ms sooner than ~60 ES modules (measured on `dump`).
// The library entry points (dist/generator, dist/runtime) stay plain tsc output.
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist/bundle');

/**
 * commander requires child_process (and with it net, dgram and the streams) when it loads, for
 * executable subcommands, which qapi-ts has none of: give it a stand-in that loads the real
 * module on first use. ~2.5 ms of every start.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  resolveId(source, importer) {
    if (source === 'node:child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(importer ?? '')) return '\0lazy-child-process';
    return null;
  },
  load(id) {
    if (id !== '\0lazy-child-process') return null;
    return "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });";
  },
};

/**
 * What the entry imports statically, found once the graph is built: every command loads it,
 * so it belongs in the entry's chunk rather than in small chunks shared with the commands'
 * (each chunk is two file reads and a compile, ~0.1 ms of every start).
 */
const startModules = new Set();
const findStartModules = {
  name: 'find-start-modules',
  buildEnd() {
    const stack = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
    while (stack.length > 0) {
      const id = stack.pop();
      if (startModules.has(id)) continue;
      startModules.add(id);
      stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
    }
  },
};

rmSync(outDir, { recursive: true, force: true });
await build({
  input: join(root, 'dist/cli/main.js'),
  platform: 'node',
  logLevel: 'warn',
  plugins: [lazyChildProcess, findStartModules],
  // `generate --target js` loads the compiler through ts-morph, an optional dependency: it is
  // resolved where the user installed it, never bundled.
  external: ['ts-morph'],
  output: {
    dir: outDir,
    format: 'cjs',
    comments: false,
    entryFileNames: 'qapi-ts.cjs',
    chunkFileNames: '[name].cjs',
    codeSplitting: { groups: [{ name: 'start', test: (id) => startModules.has(id) }] },
  },
});
