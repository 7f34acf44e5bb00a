/**
 * QEMU's own front-end suites, one test per case and release (`7.2 › doc-good`): every name in
 * tests/qapi-schema/cases.txt, with NAME.json as input (absent for missing-schema), read in
 * that release's dialect, expecting stdout == NAME.out and the error == NAME.err, byte for
 * byte. Runs in the test directory's terms: file names as QEMU's harness gives them
 * (relative), so messages match the .err files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpSchema } from '../../generator/backends/dump/dump.js';
import { QEMU_VERSIONS, dialectFor } from '../../generator/dialect/select.js';
import { loadSchema } from '../../generator/frontend.js';
import { QAPIError } from '../../generator/source/error.js';
import { qemuDir } from '../support/qemu-dir.js';

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** What QEMU's test-qapi.py would print for a case in `dir`: [stdout, error text]. */
export function runCase(dir: string, name: string, version: string): [string, string] {
  try {
    const { schema, docs } = loadSchema(`${name}.json`, (f) => readFileSync(join(dir, f)), dialectFor(version));
    return [dumpSchema(schema, docs), ''];
  } catch (err) {
    if (err instanceof QAPIError) return ['', err.render() + '\n'];
    throw err;
  }
}

for (const version of QEMU_VERSIONS) {
  const dir = join(qemuDir(version), 'tests/qapi-schema');
  const cases = readFileSync(join(dir, 'cases.txt'), 'utf8')
    .split('\n')
    .filter((line) => line !== '');

  describe(version, () => {
    it('has the suite', () => {
      expect(cases.length).toBeGreaterThan(150);
    });
    for (const name of cases) {
      it(name, () => {
        const [out, err] = runCase(dir, name, version);
        expect(err).toBe(readFileSync(join(dir, `${name}.err`), 'utf8'));
        expect(out).toBe(readOr(join(dir, `${name}.out`), ''));
      });
    }
  });
}
