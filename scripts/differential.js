#!/usr/bin/env node
// `npm run differential -- --seeds N --qemu 7.2,10.0`: the long differential check (see
// test/differential/). Seeds are a count (1..N) or a range FIRST-LAST; the run plays each seed's
// scenario on each release's real QEMU and replays it on the runtime, prints a summary, and
// saves the transcript of every disagreement under .cache/differential/ (or --out DIR).
// Exit status: 0 when everything agrees, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const usage = 'usage: npm run differential -- [--seeds N|FIRST-LAST] [--qemu 7.2,10.0] [--out DIR]';

function parse(argv) {
  const options = { seeds: '20', qemu: '7.2,10.0', out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (!['--seeds', '--qemu', '--out'].includes(flag) || value === undefined) throw new Error(usage);
    options[flag.slice(2)] = value;
  }
  if (!/^\d+(-\d+)?$/.test(options.seeds)) throw new Error(`--seeds wants N or FIRST-LAST, not '${options.seeds}'\n${usage}`);
  for (const release of options.qemu.split(',')) {
    if (!['7.2', '10.0'].includes(release)) throw new Error(`--qemu: unknown release '${release}' (known: 7.2, 10.0)\n${usage}`);
  }
  return options;
}

let options;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  console.error(`differential: ${error.message}`);
  process.exit(1);
}
const env = {
  ...process.env,
  QAPI_DIFFERENTIAL_SEEDS: options.seeds,
  QAPI_DIFFERENTIAL_QEMU: options.qemu,
  ...(options.out !== undefined && { QAPI_DIFFERENTIAL_OUT: resolve(options.out) }),
};
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', 'test/differential/long-run.ts', '--reporter=dot'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(run.status === 0 ? 0 : 1);
