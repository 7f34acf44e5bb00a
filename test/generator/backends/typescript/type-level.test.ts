/**
 * The generated types reject wrong shapes: each `@ts-expect-error` below must meet an error
 * (an unused one fails `tsc`), and the right shapes next to them must compile. Deprecated
 * members are flagged the way editors show it (a deprecation suggestion, checked with ts-morph).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../../generator/generate.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';
import { STRICT_OPTIONS, typecheck, writeFiles } from './support.js';

const CHECKS = `
import type { FeatureStruct1, UserDefAlternate, UserDefFlatUnion } from './test-schema/index.js';
import { isUserDefAlternateI, isUserDefAlternateUdfu } from './test-schema/index.js';
import type { JobInfo, JobStatus } from './job/index.js';
import { JobStatusValues } from './job/index.js';

const info: JobInfo = { id: 'j', type: 'commit', status: 'running', 'current-progress': 1, 'total-progress': 2 };
// @ts-expect-error a required member is missing
const missing: JobInfo = { id: 'j', type: 'commit', status: 'running', 'current-progress': 1 };
// @ts-expect-error an optional member is absent, never undefined (exactOptionalPropertyTypes)
const undefinedError: JobInfo = { ...info, error: undefined };
// @ts-expect-error an unknown member
const extra: JobInfo = { ...info, speed: 1 };

const status: JobStatus = 'concluded';
// @ts-expect-error not a value of the enum
const wrongStatus: JobStatus = 'sleeping';
const everyStatus: readonly JobStatus[] = JobStatusValues;

const branch: UserDefFlatUnion = { integer: 1, string: 's', enum1: 'value1', boolean: true };
const emptyBranch: UserDefFlatUnion = { integer: 1, string: 's', enum1: 'value4' };
// @ts-expect-error branch 'value2' has UserDefB's members, not UserDefA's
const wrongBranch: UserDefFlatUnion = { integer: 1, string: 's', enum1: 'value2', boolean: true };
// @ts-expect-error not a discriminator value
const wrongTag: UserDefFlatUnion = { integer: 1, string: 's', enum1: 'value9' };
// @ts-expect-error a base member is missing
const noBase: UserDefFlatUnion = { string: 's', enum1: 'value4' };

export function narrow(u: UserDefFlatUnion): number {
  return u.enum1 === 'value2' ? u.intb : u.integer;
}

export function pick(a: UserDefAlternate): number | undefined {
  if (isUserDefAlternateI(a)) return a;
  // @ts-expect-error a union branch has no intb until narrowed by its discriminator
  if (isUserDefAlternateUdfu(a)) return a.intb;
  return undefined;
}

const feature: FeatureStruct1 = { foo: 1 };
export const deprecatedUse = feature.foo;

export const all = [info, missing, undefinedError, extra, status, wrongStatus, everyStatus, branch, emptyBranch, wrongBranch, wrongTag, noBase];
`;

/** TypeScript's "'x' is deprecated." suggestion. */
const DEPRECATED_USE = 6385;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-types-'));
  writeFiles(join(dir, 'job'), generate({ schema: join(repoRoot, 'qapi/qapi-schema.json') }));
  writeFiles(join(dir, 'test-schema'), generate({ schema: join(qemuDir(), 'tests/qapi-schema/qapi-schema-test.json') }));
  writeFileSync(join(dir, 'checks.ts'), CHECKS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('type-level checks', () => {
  it('rejects wrong shapes and accepts right ones', () => {
    expect(typecheck(dir)).toBe('');
  });

  it('flags the use of a deprecated member', () => {
    const compilerOptions = {
      ...STRICT_OPTIONS,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
    };
    const project = new Project({ compilerOptions });
    project.addSourceFilesAtPaths(join(dir, '**/*.ts'));
    const checks = join(dir, 'checks.ts');
    const suggestions = project.getLanguageService().compilerObject.getSuggestionDiagnostics(checks);
    const deprecations = suggestions
      .filter((d) => d.code === DEPRECATED_USE)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(deprecations).toEqual(["'foo' is deprecated."]);
  });
});
