/**
 * QEMU's own front-end suite, one test per case: every NAME.err in tests/qapi-schema, with
 * NAME.json as input (absent for missing-schema), expecting stdout == NAME.out and the error
 * == NAME.err, byte for byte. Runs in the test directory's terms: file names as QEMU's
 * harness gives them (relative), so messages match the .err files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpSchema } from '../../generator/backends/dump/dump.js';
import { loadSchema } from '../../generator/frontend.js';
import { QAPIError } from '../../generator/source/error.js';
import { qemuDir } from '../support/qemu-dir.js';

const dir = join(qemuDir(), 'tests/qapi-schema');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.err'))
  .map((f) => f.slice(0, -'.err'.length))
  .sort();

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** What QEMU's test-qapi.py would print: [stdout, error text]. */
export function runCase(name: string): [string, string] {
  try {
    const { schema, docs } = loadSchema(`${name}.json`, (f) => readFileSync(join(dir, f)));
    return [dumpSchema(schema, docs), ''];
  } catch (err) {
    if (err instanceof QAPIError) return ['', err.render() + '\n'];
    throw err;
  }
}

describe('QEMU tests/qapi-schema', () => {
  it('has the suite', () => {
    expect(cases.length).toBeGreaterThan(150);
  });
  for (const name of cases) {
    it(name, () => {
      const [out, err] = runCase(name);
      expect(err).toBe(readFileSync(join(dir, `${name}.err`), 'utf8'));
      expect(out).toBe(readOr(join(dir, `${name}.out`), ''));
    });
  }
});
