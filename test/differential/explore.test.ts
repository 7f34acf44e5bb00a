import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { generateScenario } from './scenario.js';
import { runOnQemu } from './run-qemu.js';
import { replayOnRuntime } from './compare.js';

const seeds = (process.env['EXPLORE_SEEDS'] ?? '1,2,3').split(',').map(Number);
const releases = (process.env['EXPLORE_QEMU'] ?? '7.2').split(',') as Array<'7.2' | '10.0'>;
for (const release of releases) for (const seed of seeds) {
  it(`explore ${release} ${seed}`, async () => {
    const sc = generateScenario(seed, release);
    const run = await runOnQemu(sc);
    writeFileSync(`/tmp/jd/${release}-${seed}.jsonl`, run.transcript);
    const v = replayOnRuntime(run.transcript, release, `${release}-${seed}`);
    console.log(`SEED ${release} ${seed} ${sc.title} ms=${run.ms} stuck=${run.stuck.join(';')} agrees=${v.agrees}\n${v.output}`);
  }, 120_000);
}
