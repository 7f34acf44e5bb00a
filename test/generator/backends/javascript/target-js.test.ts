/**
 * `generate --target js`: QEMU's QMP schema as ESM JavaScript with `.d.ts` beside it. Node
 * imports it (its introspection data equals the real QEMU 7.2's reply for the build's symbols,
 * its validation tables say how integers are represented), a consumer type-checks against the
 * declarations with the native tsc and the strict flags, the declarations of the data tables
 * are annotations and not the data, and every file carries the header.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJavaScript, type GeneratedFile } from '../../../../generator/generate.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';
import { typecheck, writeFiles } from '../typescript/support.js';

const qemu = qemuDir();
const conditions = JSON.parse(readFileSync(join(qemu, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };

const CONSUMER = `
import type { BlockJobInfo, QmpCommands, QmpEvents, StatusInfo } from './pkg/index.js';
import { JobStatusValues, qmpCommands, qmpSchemaInfo, qmpValidation } from './pkg/index.js';

export const status: StatusInfo = { running: true, singlestep: false, status: 'running' };
// @ts-expect-error not a RunState
export const wrong: StatusInfo = { running: true, singlestep: false, status: 'sleeping' };
export const offset = (job: BlockJobInfo): bigint => job.offset;
// @ts-expect-error generated with int64 'bigint'
export const asNumber = (job: BlockJobInfo): number => job.offset;
export type Returns = QmpCommands['query-status']['returns'];
export const returns: Returns = status;
export type Shutdown = QmpEvents['SHUTDOWN'];
export const oob: false = qmpCommands['query-status']['allow-oob'];
export const statuses: readonly string[] = JobStatusValues;
export const entries: number = qmpSchemaInfo.length;
export const commandTables: number = Object.keys(qmpValidation.commands).length;
`;

let dir = '';
let files: GeneratedFile[] = [];
beforeAll(async () => {
  mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(repoRoot, 'tmp', 'qapi-ts-js-'));
  files = await generateJavaScript({ schema: join(qemu, 'qapi/qapi-schema.json'), defines: conditions.defined, int64: 'bigint' });
  writeFiles(join(dir, 'pkg'), files);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const content = (path: string): string => files.find((f) => f.path === path)?.content ?? '';

describe('generate --target js', () => {
  it('writes a .js and a .d.ts for every module, and no TypeScript', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toContain('block-core.js');
    expect(paths).toContain('block-core.d.ts');
    expect(paths.filter((p) => p.endsWith('.js')).length).toBe(paths.filter((p) => p.endsWith('.d.ts')).length);
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
  });

  it('is imported by Node: the data is there, as QEMU 7.2 reports it', () => {
    const script = `const m = await import(${JSON.stringify(join(dir, 'pkg/index.js'))});
const guard = [5n, 5, true].map((v) => m.isStatsValueScalar(v));
console.log(JSON.stringify({ info: m.qmpSchemaInfo, int64: m.qmpValidation.int64, statuses: m.JobStatusValues, stop: m.qmpCommands.stop, guard }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const loaded = JSON.parse(run.stdout) as {
      info: unknown[];
      int64: string;
      statuses: string[];
      stop: Record<string, unknown>;
      guard: boolean[];
    };
    expect(loaded.info).toEqual(JSON.parse(readFileSync(join(qemu, 'introspection/query-qmp-schema.json'), 'utf8')));
    expect(loaded.int64).toBe('bigint');
    expect(loaded.statuses).toContain('concluded');
    expect(loaded.stop).toMatchObject({ 'allow-oob': false, 'allow-preconfig': false, features: [] });
    // StatsValue's uint64 branch is a bigint with int64 'bigint', and its guard says so
    expect(loaded.guard).toEqual([true, false, false]);
  });

  it('a consumer type-checks against the declarations (native tsc, strict flags)', () => {
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    expect(typecheck(dir)).toBe('');
  });

  it('declares the data tables by their type, not their data', () => {
    expect(content('qmp-validation.js').length).toBeGreaterThan(100_000);
    expect(content('qmp-validation.d.ts')).toMatch(/export declare const qmpValidation: ValidationTables<QmpCommands, QmpEvents>;\n$/u);
    expect(content('qmp-introspection.d.ts')).toMatch(/export declare const qmpSchemaInfo: readonly SchemaInfo\[\];\n$/u);
    expect(content('qmp-commands.d.ts')).toContain(
      "export declare const qmpCommands: {\n    readonly [K in keyof QmpCommands]: Omit<QmpCommands[K], 'args' | 'returns'>;\n};",
    );
    for (const file of files.filter((f) => f.path.endsWith('.d.ts'))) expect(file.content).not.toContain('as const');
  });

  it('heads every file with the version, the dialect, the options and the linter switch-off', () => {
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const header = [
      '// Generated by qapi-ts, do not edit: regenerate with `qapi-ts generate`.',
      `// qapi-ts ${version}, QEMU 7.2 dialect; target js, int64 bigint, importExtension .js, defines ${conditions.defined.join(' ')}`,
      '/* eslint-disable */',
      '',
    ].join('\n');
    for (const file of files) expect(file.content.startsWith(header), file.path).toBe(true);
  });
});
