#!/usr/bin/env node
// Build step after tsc: the `qapi-ts` command line as CommonJS chunks (the shared start-up
// code, then one chunk per command, loaded when it runs) with a V8 code cache for each.
// Why: a CLI process pays for module resolution and compilation on every start; chunks loaded
// from code caches start ~45 ms sooner than ~60 ES modules (measured on `dump`).
// The library entry points (dist/generator, dist/runtime) stay plain tsc output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

rmSync(outDir, { recursive: true, force: true });
await build({
  input: join(root, 'dist/cli/main.js'),
  platform: 'node',
  logLevel: 'warn',
  plugins: [lazyChildProcess],
  // `generate --target js` loads the compiler through ts-morph, an optional dependency: it is
  // resolved where the user installed it, never bundled.
  external: ['ts-morph'],
  output: {
    dir: outDir,
    format: 'cjs',
    comments: false,
    entryFileNames: 'qapi-ts.cjs',
    chunkFileNames: '[name].cjs',
  },
});

// The code caches are made by running commands once on the project's own schema (written in
// QEMU 7.2's dialect, as qapi.config.json5 says), so that they
// hold the functions a run compiles, not just the top level. The first run to load a chunk
// writes its cache; `dump` goes first, being the one whose start-up time is a target.
const schema = join(root, 'qapi/qapi-schema.json');
const scratch = mkdtempSync(join(tmpdir(), 'qapi-ts-warm-'));
const warmUps = [
  ['dump', '--qemu', '7.2', schema],
  ['introspect', '--qemu', '7.2', schema],
  ['generate', '--qemu', '7.2', schema, '-o', scratch],
  ['jobs', 'table'],
  ['diff', '--qemu', '7.2', schema, schema],
];
try {
  for (const args of warmUps) {
    const run = spawnSync(process.execPath, [join(root, 'bin/qapi-ts.cjs'), ...args], {
      env: { ...process.env, QAPI_TS_WRITE_CODE_CACHE: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`bundle-cli: warming the code cache with \`qapi-ts ${args.join(' ')}\` failed`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
