/**
 * The typed layers at compile time: the project package's type tests (typed-api.types.ts),
 * and QEMU's QMP schema generated into the tree and used through the runtime under the
 * project's strict flags (its validation tables and introspection data are what the runtime
 * and the introspection back end expect; arguments, results, boxed and all-optional
 * arguments, OOB and handlers are typed as the schema says).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../../../generator/generate.js';
import { typecheckWithProjectOptions, writeFiles } from '../../../generator/backends/typescript/support.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';
import { readmeFiles } from '../../../support/readme.js';

const QEMU_CHECKS = `
import { expectTypeOf } from 'vitest';
import type { BlockStats, QmpCommands, QmpEvents, SchemaInfo, ShutdownData, StatusInfo } from './qemu/index.js';
import { qmpSchemaInfo, qmpValidation } from './qemu/index.js';
import type { SchemaInfo as GeneratedSchemaInfo, ValidationTables as GeneratedTables } from './qemu/qmp-data-types.js';
import type { QmpHandlersFor, SchemaInfoEntry, TypedQmpClient, ValidationTables } from '../../runtime/index.js';
import { createEventEmitter, createTypedDispatcher } from '../../runtime/index.js';
import type { SchemaInfo as IntrospectionEntry } from '../../contracts/schema-info.js';

declare const client: TypedQmpClient<QmpCommands, QmpEvents>;

export async function calls(): Promise<void> {
  expectTypeOf(client.execute('query-status')).resolves.toEqualTypeOf<StatusInfo>();
  expectTypeOf(client.execute('query-qmp-schema')).resolves.toEqualTypeOf<SchemaInfo[]>();
  await client.execute('stop');
  // every member optional: the arguments are too
  expectTypeOf(client.execute('query-blockstats')).resolves.toEqualTypeOf<BlockStats[]>();
  await client.execute('query-blockstats', { 'query-nodes': true });
  // boxed: the arguments are the union itself
  await client.execute('blockdev-add', { driver: 'null-co', 'node-name': 'n0' });
  // @ts-expect-error not a BlockdevDriver
  await client.execute('blockdev-add', { driver: 'no-such-driver', 'node-name': 'n0' });
  await client.execute('migrate-recover', { uri: 'tcp:localhost:4444' }, { oob: true });
  // @ts-expect-error stop does not allow out-of-band execution
  await client.execute('stop', undefined, { oob: true });
  client.on('SHUTDOWN', (event) => expectTypeOf(event.data).toEqualTypeOf<ShutdownData>());
  client.on('STOP', (event) => expectTypeOf(event.data).toEqualTypeOf<undefined>());
}

// The generated data against the contracts it was printed from, and the drift tools' reading type.
export const tables: ValidationTables = qmpValidation;
export const toGenerated = (t: ValidationTables): GeneratedTables => t;
export const fromGenerated = (t: GeneratedTables): ValidationTables => t;
export const fromBackEnd = (entries: readonly IntrospectionEntry[]): readonly GeneratedSchemaInfo[] => entries;
export const toDrift = (entries: readonly GeneratedSchemaInfo[]): readonly SchemaInfoEntry[] => entries;
export const count: number = qmpSchemaInfo.length;

const handlers: Partial<QmpHandlersFor<QmpCommands>> = {
  'query-status': () => ({ running: true, singlestep: false, status: 'running' }),
  stop: () => undefined,
};
export const dispatcher = createTypedDispatcher<QmpCommands>({ validation: qmpValidation, handlers });
// Without a type argument the command map comes from the tables' type.
export const inferred = createTypedDispatcher({ validation: qmpValidation, handlers });
// @ts-expect-error 'sleeping' is not a RunState
createTypedDispatcher({ validation: qmpValidation, handlers: { 'query-status': () => ({ running: true, singlestep: false, status: 'sleeping' }) } });
// @ts-expect-error 'sleeping' is not a RunState
export const wrong: Partial<QmpHandlersFor<QmpCommands>> = { 'query-status': () => ({ running: true, singlestep: false, status: 'sleeping' }) };

export function emit(): void {
  const emitter = createEventEmitter<QmpEvents>(() => undefined, { validation: qmpValidation });
  emitter.emit('STOP');
  emitter.emit('SHUTDOWN', { guest: true, reason: 'guest-shutdown' });
  // @ts-expect-error STOP has no data
  emitter.emit('STOP', {});
}
`;

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, 'tmp', 'qapi-ts-typed-'));
  made.push(dir);
  return dir;
}

describe('typed client, server stubs and emitter at compile time', () => {
  it('the project package: wrong arguments, results and handlers do not compile', () => {
    const dir = scratch();
    expect(typecheckWithProjectOptions(dir, [join(repoRoot, 'test/runtime/qmp/typed/api.types.ts')])).toBe('');
  });

  it("QEMU's QMP schema: the generated package with the runtime, strict flags", () => {
    const dir = scratch();
    writeFiles(join(dir, 'qemu'), generate({ schema: join(qemuDir(), 'qapi/qapi-schema.json') }));
    writeFileSync(join(dir, 'check.ts'), QEMU_CHECKS);
    // The README's QEMU quick start, which imports the generated package from './qemu/index.js'.
    writeFileSync(join(dir, 'readme-qemu.ts'), readmeFiles().get('src/qemu-client.ts') ?? 'missing README block');
    expect(typecheckWithProjectOptions(dir, ['check.ts', 'readme-qemu.ts'])).toBe('');
  });
});
