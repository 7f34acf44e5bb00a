/**
 * The 64-bit integers at compile time, on QEMU's QMP schema generated both ways: with
 * `int64: 'bigint'` a 64-bit member (`int`, `int64`, `uint64`, `size`) is a bigint and can never
 * be used as a number (what the runtime hands out at run time, typed-integers.test.ts), the
 * narrower integers stay numbers, and `any` admits bigints; with `number` they are numbers
 * (the typed client converts). Each `@ts-expect-error` must meet an error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../../../generator/generate.js';
import { typecheckWithProjectOptions, writeFiles } from '../../../generator/backends/typescript/support.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';

const BIGINT_CHECKS = `
import { expectTypeOf } from 'vitest';
import type { BlockDirtyInfo, JsonValue, QmpCommands, QmpEvents } from './bigint/index.js';
import { qmpValidation } from './bigint/index.js';
import type { TypedQmpClient, ValidationTables } from '../../runtime/index.js';

declare const client: TypedQmpClient<QmpCommands, QmpEvents>;

export async function use(): Promise<void> {
  const [job] = await client.execute('query-block-jobs');
  if (job === undefined) return;
  expectTypeOf(job.offset).toEqualTypeOf<bigint>();
  // @ts-expect-error a 64-bit integer is a bigint at run time: never usable as a number
  const offset: number = job.offset;
  // @ts-expect-error no mixing with numbers either
  const next = job.offset + 1;
  const remaining: bigint = job.len - job.offset;
  await client.execute('block-job-set-speed', { device: job.device, speed: 1n << 40n });
  // @ts-expect-error the argument is a bigint too
  await client.execute('block-job-set-speed', { device: job.device, speed: 1024 });
  // the narrower integers are numbers
  expectTypeOf<BlockDirtyInfo['granularity']>().toEqualTypeOf<number>();
  expectTypeOf<BlockDirtyInfo['count']>().toEqualTypeOf<bigint>();
  await client.execute('block-dirty-bitmap-add', { node: 'n', name: 'b', granularity: 65536 });
  client.on('BLOCK_JOB_COMPLETED', ({ data }) => expectTypeOf(data.offset).toEqualTypeOf<bigint>());
  // \`any\`: the reader's integers beyond 2^53 stay bigints in it
  const anything: JsonValue = 1n << 60n;
  void [offset, next, remaining, anything];
}

export const tables: ValidationTables = qmpValidation;
`;

const NUMBER_CHECKS = `
import { expectTypeOf } from 'vitest';
import type { JsonValue, QmpCommands, QmpEvents } from './number/index.js';
import type { TypedQmpClient } from '../../runtime/index.js';

declare const client: TypedQmpClient<QmpCommands, QmpEvents>;

export async function use(): Promise<void> {
  const [job] = await client.execute('query-block-jobs');
  if (job === undefined) return;
  expectTypeOf(job.offset).toEqualTypeOf<number>();
  await client.execute('block-job-set-speed', { device: job.device, speed: 1024 });
  // @ts-expect-error the argument is a number here
  await client.execute('block-job-set-speed', { device: job.device, speed: 1024n });
  // @ts-expect-error the typed client converts every integer of \`any\` to a number
  const anything: JsonValue = 1n;
  void anything;
}
`;

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('64-bit integers at compile time', () => {
  it("QEMU's QMP schema generated with int64 'bigint' and 'number'", () => {
    mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
    const dir = mkdtempSync(join(repoRoot, 'tmp', 'qapi-ts-int64-'));
    made.push(dir);
    const schema = join(qemuDir(), 'qapi/qapi-schema.json');
    writeFiles(join(dir, 'bigint'), generate({ schema, int64: 'bigint' }));
    writeFiles(join(dir, 'number'), generate({ schema, int64: 'number' }));
    writeFileSync(join(dir, 'bigint-check.ts'), BIGINT_CHECKS);
    writeFileSync(join(dir, 'number-check.ts'), NUMBER_CHECKS);
    expect(typecheckWithProjectOptions(dir, ['bigint-check.ts', 'number-check.ts'])).toBe('');
  });
});
