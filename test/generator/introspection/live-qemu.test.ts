/**
 * `qapi-ts generate --from-introspection unix:PATH` against a real QEMU 7.2: the package it
 * writes holds exactly what that QEMU answers to `query-qmp-schema`, and drives that QEMU
 * through the typed client (its validation tables checking arguments before they are sent).
 * Skipped loudly without QEMU, failing under CI (test/support/qemu.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../../generator/backends/introspect/schema-info.js';
import { connectQmp, type QmpClient } from '../../../runtime/qmp/client.js';
import { QmpArgumentError, typedQmpClient } from '../../../runtime/qmp/typed-client.js';
import { connectQemu, qmpPackage, QmpVersionError } from '../../../runtime/qmp/typed-versions.js';
import { generateFromIntrospection } from '../../../generator/generate.js';
import { writeFiles } from '../backends/typescript/support.js';
import type { QmpEmptyObject } from '../../../runtime/qmp/typed-maps.js';
import type { ValidationTables } from '../../../runtime/qmp/validate-tables.js';
import { qemuDir, repoRoot } from '../../support/qemu-dir.js';
import { runQemuTests, startQemu, warnIfSkipped, type RunningQemu } from '../../support/qemu.js';

warnIfSkipped('generate --from-introspection against a real QEMU');

const out = join(repoRoot, 'test/.generated/from-live-qemu');
let qemu: RunningQemu | undefined;
let raw: QmpClient | undefined;

beforeAll(async () => {
  if (!runQemuTests) return;
  qemu = await startQemu();
  rmSync(out, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [join(repoRoot, 'bin/qapi-ts.cjs'), 'generate', '--from-introspection', `unix:${qemu.socket}`, '-o', out], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  raw = await connectQmp({ path: qemu.socket });
}, 120_000);

afterAll(async () => {
  raw?.destroy();
  await qemu?.stop();
});

/** The few entries of the generated maps this test calls, as the package declares them (checked below). */
interface Commands {
  'query-qmp-schema': { args: undefined; returns: SchemaInfo[] };
  'query-version': { args: undefined; returns: { qemu: { major: number; minor: number; micro: number }; package: string } };
  'query-status': { args: undefined; returns: { running: boolean; status: string } };
  'blockdev-add': { args: { driver: string; 'node-name'?: string; size?: number }; returns: QmpEmptyObject };
  'query-named-block-nodes': { args: undefined; returns: { 'node-name'?: string; drv: string }[] };
}

async function load(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(join(out, file)).href)) as Record<string, unknown>;
}

describe.runIf(runQemuTests)('a package generated from a live QEMU 7.2', () => {
  it('says which QEMU it came from, and holds its query-qmp-schema reply', async () => {
    expect(readFileSync(join(out, 'qemu.ts'), 'utf8')).toMatch(/query-qmp-schema reply of QEMU 7\.2\.\d+ .*at unix:/u);
    const info = (await load('qmp-introspection.ts'))['qmpSchemaInfo'];
    expect(info).toEqual(await raw!.execute('query-qmp-schema'));
  });

  it('drives that QEMU through the typed client, checking arguments with its tables', async () => {
    const qmpValidation = (await load('qmp-validation.ts'))['qmpValidation'] as ValidationTables;
    const commandsFile = readFileSync(join(out, 'qmp-commands.ts'), 'utf8');
    for (const name of ['query-version', 'query-status', 'blockdev-add', 'query-named-block-nodes']) expect(commandsFile).toContain(`'${name}': {`);
    const issues: unknown[] = [];
    const qmp = typedQmpClient<Commands, Record<string, never>>(raw!, { validation: qmpValidation, onDecodeIssue: (i) => issues.push(i) });
    expect((await qmp.execute('query-version')).qemu.major).toBe(7);
    expect(await qmp.execute('query-status')).toMatchObject({ running: expect.any(Boolean) as unknown });
    await qmp.execute('blockdev-add', { driver: 'null-co', 'node-name': 'n0', size: 1 << 20 });
    const nodes = await qmp.execute('query-named-block-nodes');
    expect(nodes.map((n) => [n['node-name'], n.drv])).toContainEqual(['n0', 'null-co']);
    // Refused before sending, in QEMU's words: the tables know null-co's members.
    await expect(qmp.execute('blockdev-add', { driver: 'null-co', 'node-name': 'n1', size: 'big' } as never)).rejects.toThrow(QmpArgumentError);
    await expect(qmp.execute('blockdev-add', { driver: 'no-such-driver' })).rejects.toThrow(/no-such-driver/u);
    expect(issues).toEqual([]);
  });
});

describe.runIf(runQemuTests)('one client for 7.2 and 10.0, against the real QEMU 7.2', () => {
  it('takes the 7.2 package (from the live QEMU), whose tables refuse what only 10.0 has', async () => {
    const out100 = join(repoRoot, 'test/.generated/from-reply-10.0');
    rmSync(out100, { recursive: true, force: true });
    const reply = JSON.parse(readFileSync(join(qemuDir('10.0'), 'introspection/query-qmp-schema.json'), 'utf8')) as unknown;
    writeFiles(out100, generateFromIntrospection({ reply, source: 'qemu-10.0' }));
    const tables72 = (await load('qmp-validation.ts'))['qmpValidation'] as ValidationTables;
    const tables100 = (await import(pathToFileURL(join(out100, 'qmp-validation.ts')).href) as Record<string, unknown>)['qmpValidation'] as ValidationTables;
    const packages = { '7.2': qmpPackage<Commands & BackupCommand, Record<string, never>>(tables72), '10.0': qmpPackage<Commands & BackupCommand, Record<string, never>>(tables100) };
    // QEMU's monitor serves one client at a time: this test has its own QEMU.
    const own = await startQemu();
    const qmp = await connectQemu({ path: own.socket }, packages).catch(async (error: unknown) => {
      await own.stop();
      throw error;
    });
    try {
      expect(qmp.qemu).toBe('7.2');
      expect(qmp.version.major).toBe(7);
      expect((await qmp.execute('query-status')).running).toEqual(expect.any(Boolean));
      const backup = { device: 'a', target: 'b', sync: 'full', 'discard-source': true } as const;
      await expect(qmp.execute('blockdev-backup', backup)).rejects.toThrow("Parameter 'discard-source' is unexpected");
      await qmp.close(); // frees the monitor for the next client (close() may be called again)
      await expect(connectQemu({ path: own.socket }, { '10.0': packages['10.0'] })).rejects.toThrow(QmpVersionError);
    } finally {
      await qmp.close();
      await own.stop();
    }
  });
});

interface BackupCommand {
  'blockdev-backup': { args: { device: string; target: string; sync: string; 'discard-source'?: boolean }; returns: QmpEmptyObject };
}
