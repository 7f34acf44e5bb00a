/**
 * The generated code passes `tsc` with the strict flag set, for every real schema, wherever
 * it is generated (a temporary folder, and inside the project tree), with and without `if`
 * symbols selected.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../../../generator/generate.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';
import { typecheck, writeFiles } from './support.js';

const qemu = qemuDir();
const conditions = JSON.parse(readFileSync(join(qemu, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };

/** Every definition-level symbol of the test schema; the `_BAR`, feature and `COND` ones stay undefined. */
const TEST_SYMBOLS = ['TEST_IF_STRUCT', 'TEST_IF_ENUM', 'TEST_IF_UNION', 'TEST_IF_ALT', 'TEST_IF_CMD', 'TEST_IF_EVT'];

const cases: [string, string, readonly string[]][] = [
  ['the project schema', join(repoRoot, 'qapi/qapi-schema.json'), []],
  ["QEMU's QMP schema", join(qemu, 'qapi/qapi-schema.json'), []],
  ["QEMU's QMP schema under the x86_64 build's symbols", join(qemu, 'qapi/qapi-schema.json'), conditions.defined],
  ['the guest agent schema', join(qemu, 'qga/qapi-schema.json'), []],
  ['the storage daemon schema', join(qemu, 'storage-daemon/qapi/qapi-schema.json'), []],
  ["QEMU's positive test schema", join(qemu, 'tests/qapi-schema/qapi-schema-test.json'), []],
  ["QEMU's positive test schema with some symbols", join(qemu, 'tests/qapi-schema/qapi-schema-test.json'), TEST_SYMBOLS],
  ["QEMU's doc test schema", join(qemu, 'tests/qapi-schema/doc-good.json'), []],
];

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(parent: string): string {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'qapi-ts-typecheck-'));
  made.push(dir);
  return dir;
}

describe('generated code type-checks strictly', () => {
  it.each(cases)('%s, in a temporary folder', (_, schema, defines) => {
    const dir = scratch(tmpdir());
    writeFiles(join(dir, 'out'), generate({ schema, defines }));
    expect(typecheck(dir)).toBe('');
  });

  it("QEMU's QMP schema, inside the project tree", () => {
    const dir = scratch(join(repoRoot, 'tmp'));
    writeFiles(join(dir, 'deep/folder'), generate({ schema: join(qemu, 'qapi/qapi-schema.json') }));
    expect(typecheck(dir)).toBe('');
  });
});
