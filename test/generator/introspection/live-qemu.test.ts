/**
 * `qapi-ts generate --from-introspection unix:PATH` against real QEMUs (7.2, and 10.0.2 where
 * it is unpacked): the package it writes holds exactly what that QEMU answers to
 * `query-qmp-schema`, and drives that QEMU through the typed client (its validation tables
 * checking arguments before they are sent). Then one client given the packages of both
 * releases (from their saved replies) picks the right one from each QEMU's greeting.
 * Skipped loudly without a QEMU, failing under CI (test/support/qemu.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../../contracts/schema-info.js';
import { generateFromIntrospection } from '../../../generator/generate.js';
import { connectQmp, type QmpClient } from '../../../runtime/qmp/client/client.js';
import { QmpArgumentError, typedQmpClient } from '../../../runtime/qmp/typed/client.js';
import type { QmpEmptyObject } from '../../../runtime/qmp/typed/maps.js';
import { connectQemu, qmpPackage, QmpVersionError, type QmpPackageData } from '../../../runtime/qmp/typed/versions.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { qemuDir, repoRoot } from '../../support/qemu-dir.js';
import { canRunQemu, qemuReleases, startQemu, warnIfSkipped, type RunningQemu } from '../../support/qemu.js';
import { writeFiles } from '../backends/typescript/support.js';

for (const release of qemuReleases) warnIfSkipped('generate --from-introspection against a real QEMU', release);

/** The few entries of the generated maps this test calls, as the package declares them (checked below). */
interface Commands {
  'query-version': { args: undefined; returns: { qemu: { major: number; minor: number; micro: number }; package: string } };
  'query-status': { args: undefined; returns: { running: boolean; status: string } };
  'blockdev-add': { args: { driver: string; 'node-name'?: string; size?: number }; returns: QmpEmptyObject };
  'query-named-block-nodes': { args: undefined; returns: { 'node-name'?: string; drv: string }[] };
  'blockdev-backup': { args: { device: string; target: string; sync: string; 'discard-source'?: boolean }; returns: QmpEmptyObject };
  'blockdev-set-active': { args: { 'node-name'?: string; active: boolean }; returns: QmpEmptyObject };
}

async function load(dir: string, file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
}

describe.each(qemuReleases.filter((release) => canRunQemu(release)))('a package generated from a live QEMU %s', (release) => {
  const out = join(repoRoot, `test/.generated/from-live-qemu-${release}`);
  let qemu: RunningQemu | undefined;
  let raw: QmpClient | undefined;

  beforeAll(async () => {
    qemu = await startQemu(release);
    rmSync(out, { recursive: true, force: true });
    const cli = [join(repoRoot, 'bin/qapi-ts.cjs'), 'generate', '--from-introspection', `unix:${qemu.socket}`, '-o', out];
    const run = spawnSync(process.execPath, cli, { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    raw = await connectQmp({ path: qemu.socket });
  }, 120_000);

  afterAll(async () => {
    raw?.destroy();
    await qemu?.stop();
  });

  it('says which QEMU it came from, and holds its query-qmp-schema reply', async () => {
    const version = release.replace('.', '\\.');
    expect(readFileSync(join(out, 'qemu.ts'), 'utf8')).toMatch(
      new RegExp(`query-qmp-schema reply of QEMU ${version}\\.\\d+ .*at unix:`, 'u'),
    );
    const info = (await load(out, 'qmp-introspection.ts'))['qmpSchemaInfo'];
    expect(info).toEqual(await raw!.execute<SchemaInfo[]>('query-qmp-schema'));
  });

  it('drives that QEMU through the typed client, checking arguments with its tables', async () => {
    const qmpValidation = (await load(out, 'qmp-validation.ts'))['qmpValidation'] as ValidationTables;
    const commandsFile = readFileSync(join(out, 'qmp-commands.ts'), 'utf8');
    for (const name of ['query-version', 'query-status', 'blockdev-add', 'query-named-block-nodes'])
      expect(commandsFile).toContain(`'${name}': {`);
    const issues: unknown[] = [];
    const qmp = typedQmpClient<Commands, Record<string, never>>(raw!, { validation: qmpValidation, onDecodeIssue: (i) => issues.push(i) });
    expect((await qmp.execute('query-version')).qemu.major).toBe(Number(release.split('.')[0]));
    expect(await qmp.execute('query-status')).toMatchObject({ running: expect.any(Boolean) as unknown });
    await qmp.execute('blockdev-add', { driver: 'null-co', 'node-name': 'n0', size: 1 << 20 });
    const nodes = await qmp.execute('query-named-block-nodes');
    expect(nodes.map((n) => [n['node-name'], n.drv])).toContainEqual(['n0', 'null-co']);
    // Refused before sending, in QEMU's words: the tables know null-co's members.
    await expect(qmp.execute('blockdev-add', { driver: 'null-co', 'node-name': 'n1', size: 'big' } as never)).rejects.toThrow(
      QmpArgumentError,
    );
    await expect(qmp.execute('blockdev-add', { driver: 'no-such-driver' })).rejects.toThrow(/no-such-driver/u);
    expect(issues).toEqual([]);
  });
});

describe.each(qemuReleases.filter((release) => canRunQemu(release)))('one client for 7.2 and 10.0, against the real QEMU %s', (release) => {
  it('takes the package of that release, whose tables allow exactly what it has', async () => {
    const data = new Map<string, QmpPackageData>();
    for (const version of qemuReleases) {
      const out = join(repoRoot, `test/.generated/from-reply-${version}`);
      rmSync(out, { recursive: true, force: true });
      const reply = JSON.parse(readFileSync(join(qemuDir(version), 'introspection/query-qmp-schema.json'), 'utf8')) as unknown;
      writeFiles(out, generateFromIntrospection({ reply, source: `qemu-${version}` }));
      data.set(version, {
        validation: (await load(out, 'qmp-validation.ts'))['qmpValidation'] as ValidationTables,
        schemaInfo: (await load(out, 'qmp-introspection.ts'))['qmpSchemaInfo'] as SchemaInfo[],
      });
    }
    const packages = {
      '7.2': qmpPackage<Omit<Commands, 'blockdev-set-active'>, Record<string, never>>(data.get('7.2')),
      '10.0': qmpPackage<Commands, Record<string, never>>(data.get('10.0')),
    };
    const own = await startQemu(release);
    try {
      // The drift check runs against the picked package: the release's own reply, so nothing to report.
      const issues: unknown[] = [];
      const qmp = await connectQemu({ path: own.socket }, packages, { checkDrift: true, onDecodeIssue: (issue) => issues.push(issue) });
      expect(await qmp.checkDrift()).toEqual([]);
      expect(issues).toEqual([]);
      expect(qmp.qemu).toBe(release);
      expect(qmp.version.major).toBe(Number(release.split('.')[0]));
      const backup = { device: 'a', target: 'b', sync: 'full', 'discard-source': true } as const;
      if (qmp.qemu === '10.0') {
        await qmp.execute('blockdev-set-active', { active: true });
        // Valid for 10.0's tables: sent, and QEMU answers that there is no such device.
        await expect(qmp.execute('blockdev-backup', backup)).rejects.toThrow(/'a'/u);
      } else {
        await expect(qmp.execute('blockdev-backup', backup)).rejects.toThrow("Parameter 'discard-source' is unexpected");
        await expect(qmp.execute('blockdev-backup', backup)).rejects.toThrow(QmpArgumentError);
      }
      await qmp.close(); // frees the monitor (QEMU serves one client at a time) for the next connect
      const other = release === '7.2' ? { '10.0': packages['10.0'] } : { '7.2': packages['7.2'] };
      await expect(connectQemu({ path: own.socket }, other)).rejects.toThrow(QmpVersionError);
      // The other release's package, forced on this QEMU, drifts: the check above could fail.
      const forced = typedQmpClient(await connectQmp({ path: own.socket }), {
        schemaInfo: data.get(release === '7.2' ? '10.0' : '7.2')!.schemaInfo!,
      });
      try {
        expect((await forced.checkDrift()).length).toBeGreaterThan(0);
      } finally {
        await forced.close();
      }
    } finally {
      await own.stop();
    }
  });
});
