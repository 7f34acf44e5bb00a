/**
 * The drift check and probes against real QEMU 7.2 and 10.0.2: a typed client with the package
 * generated from the other release's schema (its build's symbols, its dialect) hears what the
 * server lacks; with the package of the server's own schema it hears nothing. Packages are
 * generated into `test/.generated/` (ignored by git). Skipped loudly without a release's QEMU,
 * failing under CI.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/support.js';
import { generate } from '../../../generator/generate.js';
import type { SchemaInfoEntry } from '../../../runtime/drift/schema-info.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../runtime/qmp/client/client.js';
import { typedQmpClient } from '../../../runtime/qmp/typed/client.js';
import type { DecodeIssue } from '../../../runtime/qmp/typed/decode.js';
import { qemuDir, repoRoot } from '../../support/qemu-dir.js';
import { canRunQemu, startQemu, warnIfSkipped } from '../../support/qemu.js';
import type { QemuRelease, RunningQemu } from '../../support/qemu.js';

warnIfSkipped('drift check and probes against real QEMU', '7.2');
warnIfSkipped('drift check and probes against real QEMU', '10.0');

/** The `qmpSchemaInfo` of the package generated from QEMU `version`'s schema with its build's symbols. */
async function packageSchemaInfo(version: '7.2' | '10.0'): Promise<readonly SchemaInfoEntry[]> {
  const dir = qemuDir(version);
  const { defined } = JSON.parse(readFileSync(join(dir, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };
  const out = join(repoRoot, `test/.generated/drift-${version}`);
  rmSync(out, { recursive: true, force: true });
  for (const file of generate({ schema: join(dir, 'qapi/qapi-schema.json'), defines: defined, qemu: version })) {
    mkdirSync(dirname(join(out, file.path)), { recursive: true });
    writeFileSync(join(out, file.path), file.content);
  }
  const module = (await import(pathToFileURL(join(out, 'qmp-introspection.ts')).href)) as { qmpSchemaInfo: readonly SchemaInfoEntry[] };
  return module.qmpSchemaInfo;
}

let package72: readonly SchemaInfoEntry[] = [];
let package100: readonly SchemaInfoEntry[] = [];

beforeAll(async () => {
  if (!canRunQemu('7.2') && !canRunQemu('10.0')) return;
  [package72, package100] = [await packageSchemaInfo('7.2'), await packageSchemaInfo('10.0')];
}, 120_000);

let qemu: RunningQemu | undefined;
let raw: QmpClient | undefined;

afterEach(async () => {
  await raw?.close();
  raw = undefined;
  await qemu?.stop();
  qemu = undefined;
});

async function connect(release: QemuRelease = '7.2'): Promise<QmpClient> {
  qemu = await startQemu(release);
  raw = await connectQmp({ path: qemu.socket }, { defaultTimeout: 10_000 });
  return raw;
}

function summary(issues: readonly DecodeIssue[]): string[] {
  return issues.map((i) => `${i.name}${i.path === '' ? '' : ` [${i.path}]`}: ${i.expected}`);
}

describe.skipIf(!canRunQemu('7.2'))('real QEMU 7.2', () => {
  it('a client of the QEMU 10.0 package hears, on connect, what this QEMU lacks', async () => {
    const reported: DecodeIssue[] = [];
    const qmp = typedQmpClient(await connect(), { schemaInfo: package100, checkDrift: true, onDecodeIssue: (i) => reported.push(i) });
    const issues = summary(await qmp.checkDrift());
    expect(issues).toEqual(
      expect.arrayContaining([
        'block-job-change: removed',
        'blockdev-set-active: removed',
        "blockdev-backup [arguments.discard-source]: argument 'discard-source' removed",
        "blockdev-add [arguments.active]: argument 'active' removed",
        "blockdev-add [arguments[driver=qcow2].discard-no-unref]: argument '[driver=qcow2].discard-no-unref' removed",
      ]),
    );
    // What both have unchanged is not mentioned.
    expect(issues.filter((i) => i.startsWith('query-version') || i.startsWith('job-pause'))).toEqual([]);
    // Reported on connect, then again for the call above.
    expect(summary(reported)).toEqual([...issues, ...issues]);
    expect(reported.every((i) => i.kind === 'schema-drift' && i.source === 'schema')).toBe(true);
  }, 30_000);

  it("a client of the package of 7.2's own schema and build symbols hears nothing", async () => {
    const qmp = typedQmpClient(await connect(), { schemaInfo: package72 });
    expect(await qmp.checkDrift()).toEqual([]);
  }, 30_000);

  it('probes', async () => {
    const qmp = typedQmpClient(await connect());
    expect(await qmp.supports('blockdev-backup/arg-type/sync/^full')).toBe(true);
    expect(await qmp.supports('blockdev-backup/arg-type/discard-source')).toBe(false);
    expect(await qmp.supports('block-job-change')).toBe(false);
    expect(await qmp.supports('drive-backup/$deprecated')).toBe(true);
    expect(await qmp.supports('blockdev-add/arg-type/+file/filename/!string')).toBe(true);
  }, 30_000);
});

describe.skipIf(!canRunQemu('10.0'))('real QEMU 10.0.2', () => {
  it('a client of the QEMU 7.2 package hears, on demand, what this QEMU dropped or deprecates', async () => {
    const qmp = typedQmpClient(await connect('10.0'), { schemaInfo: package72 });
    const issues = summary(await qmp.checkDrift());
    expect(issues).toEqual(
      expect.arrayContaining([
        'x-query-rdma: removed',
        'MEM_UNPLUG_ERROR: removed',
        "query-status [return.singlestep]: return member 'singlestep' removed",
        "migrate-set-capabilities [arguments.capabilities[].capability]: argument 'capabilities[].capability': enum value 'compress' removed",
        "chardev-add [arguments.backend[type=socket].data.reconnect]: argument 'backend[type=socket].data.reconnect' gains feature 'deprecated'",
      ]),
    );
    expect(issues.filter((i) => i.startsWith('blockdev-backup'))).toEqual([]);
  }, 30_000);

  it("a client of the package of 10.0's own schema and build symbols hears nothing", async () => {
    const qmp = typedQmpClient(await connect('10.0'), { schemaInfo: package100 });
    expect(await qmp.checkDrift()).toEqual([]);
  }, 30_000);

  it('probes', async () => {
    const qmp = typedQmpClient(await connect('10.0'));
    expect(await qmp.supports('blockdev-backup/arg-type/discard-source')).toBe(true);
    expect(await qmp.supports('block-job-change')).toBe(true);
    expect(await qmp.supports('x-query-rdma')).toBe(false);
    expect(await qmp.supports('chardev-add/arg-type/backend/+socket/data/reconnect/$deprecated')).toBe(true);
  }, 30_000);
});

describe('qapi-ts diff against a live QEMU', () => {
  for (const release of ['7.2', '10.0'] as const) {
    it.skipIf(!canRunQemu(release))(
      `QEMU ${release}: its saved reply and the live server are the same schema; the other release is not`,
      async () => {
        qemu = await startQemu(release);
        const own = join(qemuDir(release), 'introspection/query-qmp-schema.json');
        const other = join(qemuDir(release === '7.2' ? '10.0' : '7.2'), 'introspection/query-qmp-schema.json');
        expect(await runCli('diff', own, `unix:${qemu.socket}`)).toEqual({ code: 0, stdout: '', stderr: '' });
        const against = await runCli('diff', other, `unix:${qemu.socket}`, '--format', 'json');
        expect(against.code).toBe(1);
        expect(JSON.parse(against.stdout)).toEqual(JSON.parse((await runCli('diff', other, own, '--format', 'json')).stdout));
      },
      30_000,
    );
  }
});
