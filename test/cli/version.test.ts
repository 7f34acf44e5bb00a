import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { repoRoot } from '../support/qemu-dir.js';

const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

describe('qapi-ts --version', () => {
  it("prints package.json's version, in-process", async () => {
    let out = '';
    const code = await main(['--version'], { stdout: (t) => void (out += t), stderr: () => {} });
    expect({ code, out }).toEqual({ code: 0, out: `${version}\n` });
  });

  it('prints the same from the bundled CLI', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/qapi-ts.cjs'), '-V'], { encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: `${version}\n` });
  });
});
