/**
 * The generated code passes `tsc` with the strict flag set, for every real schema of QEMU 7.2
 * and 10.0 and for 10.2's QMP and test schemas (each read in its own dialect), wherever it is generated (a temporary folder, and
 * inside the project tree), with and without `if` symbols selected. QEMU 10.0's test schema
 * has a union branch that is itself a union: its types accept the right shapes and refuse
 * wrong ones.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, type QemuVersion } from '../../../../generator/generate.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';
import { typecheck, writeFiles } from './support.js';

const qemu = qemuDir();
const conditions = JSON.parse(readFileSync(join(qemu, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };
const qemu10 = qemuDir('10.0');
const conditions10 = JSON.parse(readFileSync(join(qemu10, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };

/** Every definition-level symbol of the test schema; the `_BAR`, feature and `COND` ones stay undefined. */
const TEST_SYMBOLS = ['TEST_IF_STRUCT', 'TEST_IF_ENUM', 'TEST_IF_UNION', 'TEST_IF_ALT', 'TEST_IF_CMD', 'TEST_IF_EVT'];

const cases: [string, string, readonly string[], QemuVersion?][] = [
  ['the project schema', join(repoRoot, 'qapi/qapi-schema.json'), []],
  ["QEMU's QMP schema", join(qemu, 'qapi/qapi-schema.json'), []],
  ["QEMU's QMP schema under the x86_64 build's symbols", join(qemu, 'qapi/qapi-schema.json'), conditions.defined],
  ['the guest agent schema', join(qemu, 'qga/qapi-schema.json'), []],
  ['the storage daemon schema', join(qemu, 'storage-daemon/qapi/qapi-schema.json'), []],
  ["QEMU's positive test schema", join(qemu, 'tests/qapi-schema/qapi-schema-test.json'), []],
  ["QEMU's positive test schema with some symbols", join(qemu, 'tests/qapi-schema/qapi-schema-test.json'), TEST_SYMBOLS],
  ["QEMU's doc test schema", join(qemu, 'tests/qapi-schema/doc-good.json'), []],
  ["QEMU 10.0's QMP schema", join(qemu10, 'qapi/qapi-schema.json'), [], '10.0'],
  ["QEMU 10.0's QMP schema under the x86_64 build's symbols", join(qemu10, 'qapi/qapi-schema.json'), conditions10.defined, '10.0'],
  ["QEMU 10.0's guest agent schema", join(qemu10, 'qga/qapi-schema.json'), [], '10.0'],
  ["QEMU 10.0's storage daemon schema", join(qemu10, 'storage-daemon/qapi/qapi-schema.json'), [], '10.0'],
  ["QEMU 10.0's positive test schema", join(qemu10, 'tests/qapi-schema/qapi-schema-test.json'), [], '10.0'],
  ["QEMU 10.0's positive test schema with some symbols", join(qemu10, 'tests/qapi-schema/qapi-schema-test.json'), TEST_SYMBOLS, '10.0'],
  ["QEMU 10.0's doc test schema", join(qemu10, 'tests/qapi-schema/doc-good.json'), [], '10.0'],
  ["QEMU 10.2's QMP schema", join(qemuDir('10.2'), 'qapi/qapi-schema.json'), [], '10.2'],
  ["QEMU 10.2's positive test schema", join(qemuDir('10.2'), 'tests/qapi-schema/qapi-schema-test.json'), [], '10.2'],
];

const UNION_IN_UNION_CHECKS = `
import type { TestUnionInUnion } from './out/index.js';

export const a1: TestUnionInUnion = { type: 'value-a', 'type-a': 'value-a1', integer: 1, name: 'n' };
export const a2: TestUnionInUnion = { type: 'value-a', 'type-a': 'value-a2', integer: 1, size: 2 };
export const b: TestUnionInUnion = { type: 'value-b', integer: 1, onoff: true };
// @ts-expect-error the inner branch 'value-a1' has 'name', not 'size'
export const wrongInner: TestUnionInUnion = { type: 'value-a', 'type-a': 'value-a1', integer: 1, size: 2 };
// @ts-expect-error the inner discriminator is missing
export const noInnerTag: TestUnionInUnion = { type: 'value-a', integer: 1, name: 'n' };

export function size(u: TestUnionInUnion): number | undefined {
  return u.type === 'value-a' && u['type-a'] === 'value-a2' ? u.size : undefined;
}
`;

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(parent: string): string {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'qapi-ts-typecheck-'));
  made.push(dir);
  return dir;
}

describe('generated code type-checks strictly', () => {
  it.each(cases)('%s, in a temporary folder', (_, schema, defines, version) => {
    const dir = scratch(tmpdir());
    writeFiles(join(dir, 'out'), generate({ schema, defines, ...(version !== undefined && { qemu: version }) }));
    expect(typecheck(dir)).toBe('');
  });

  it("QEMU 10.0's union in a union: right shapes compile, wrong ones do not", () => {
    const dir = scratch(tmpdir());
    writeFiles(join(dir, 'out'), generate({ schema: join(qemu10, 'tests/qapi-schema/qapi-schema-test.json'), qemu: '10.0' }));
    writeFileSync(join(dir, 'checks.ts'), UNION_IN_UNION_CHECKS);
    expect(typecheck(dir)).toBe('');
  });

  it("QEMU's QMP schema, inside the project tree", () => {
    const dir = scratch(join(repoRoot, 'tmp'));
    writeFiles(join(dir, 'deep/folder'), generate({ schema: join(qemu, 'qapi/qapi-schema.json') }));
    expect(typecheck(dir)).toBe('');
  });
});
