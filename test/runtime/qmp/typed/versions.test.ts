/**
 * One typed client for several QEMU versions (connectQemu): the greeting picks the package,
 * the picked package's tables check the arguments, a greeting no package matches is a
 * QmpVersionError (or the nearest lower version with `nearestLower`), against `qapi-ts serve`'s
 * server under several greetings. At compile time: packages generated from QEMU 7.2's and
 * 10.0's real replies, where `block-job-change` type-checks only once narrowed to 10.0.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generateFromIntrospection } from '../../../../generator/generate.js';
import type { QmpCommands, QmpEvents } from '../../../../generated/index.js';
import { qmpValidation } from '../../../../generated/index.js';
import { connectQemu, QmpArgumentError, QmpReplyError, qmpPackage, QmpVersionError, versionInfo } from '../../../../runtime/index.js';
import { createJobServer } from '../../../../runtime/serve/index.js';
import type { JobServer } from '../../../../runtime/serve/index.js';
import { typecheckWithProjectOptions, writeFiles } from '../../../generator/backends/typescript/support.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';

let server: JobServer | undefined;
let dir = '';
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function serve(major: number, minor: number, micro: number): Promise<string> {
  dir = mkdtempSync(join('/tmp', 'qapi-ts-versions-'));
  server = createJobServer({ version: versionInfo(major, minor, micro) });
  const path = join(dir, 'qmp.sock');
  await server.listen({ path });
  return path;
}

/** The project's package twice: with its tables as "7.2", without any as "10.0", to see which is used. */
const packages = {
  '7.2': qmpPackage<QmpCommands, QmpEvents>({ validation: qmpValidation }),
  '10.0': qmpPackage<QmpCommands, QmpEvents>(),
};

describe('connectQemu picks the package from the greeting', () => {
  it('10.0.2 gets the 10.0 package; its tables (none) decide what is checked before sending', async () => {
    const qmp = await connectQemu({ path: await serve(10, 0, 2) }, packages);
    try {
      expect(qmp.qemu).toBe('10.0');
      expect(qmp.version).toEqual({ major: 10, minor: 0, micro: 2 });
      // No tables: sent, and the server refuses it.
      await expect(qmp.execute('job-pause', { id: 7 } as never)).rejects.toThrow(QmpReplyError);
    } finally {
      await qmp.close();
    }
  });

  it('7.2.0 gets the 7.2 package, whose tables refuse bad arguments before sending', async () => {
    const qmp = await connectQemu({ path: await serve(7, 2, 0) }, packages);
    try {
      expect(qmp.qemu).toBe('7.2');
      await expect(qmp.execute('job-pause', { id: 7 } as never)).rejects.toThrow(QmpArgumentError);
      expect(await qmp.execute('query-jobs')).toEqual([]);
    } finally {
      await qmp.close();
    }
  });

  it('a version no package is for: QmpVersionError naming both sides', async () => {
    const path = await serve(9, 1, 0);
    const error = await connectQemu({ path }, packages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpVersionError);
    expect((error as Error).message).toBe("no package for QEMU 9.1.0 (packages for: 7.2, 10.0); nearestLower: true would take 7.2's");
    expect(
      await connectQemu({ path: await serve(6, 2, 0) }, packages, { nearestLower: true }).catch((e: unknown) => (e as Error).message),
    ).toBe('no package for QEMU 6.2.0 (packages for: 7.2, 10.0)');
  });

  it('nearestLower: a 10.1 server gets the 10.0 package, never a higher one', async () => {
    const qmp = await connectQemu({ path: await serve(10, 1, 0) }, packages, { nearestLower: true });
    try {
      expect(qmp.qemu).toBe('10.0');
      expect(qmp.version).toEqual({ major: 10, minor: 1, micro: 0 });
    } finally {
      await qmp.close();
    }
  });

  it('package keys must be MAJOR.MINOR', async () => {
    const path = await serve(7, 2, 0);
    await expect(connectQemu({ path }, { '7': qmpPackage<QmpCommands, QmpEvents>() })).rejects.toThrow(
      "QEMU package key '7' is not MAJOR.MINOR (e.g. '10.0')",
    );
  });
});

const CHECKS = `
import type { QmpCommands as Qemu72Commands, QmpEvents as Qemu72Events } from './qemu-7.2/index.js';
import { qmpValidation as qemu72Tables } from './qemu-7.2/index.js';
import type { QmpCommands as Qemu100Commands, QmpEvents as Qemu100Events } from './qemu-10.0/index.js';
import { qmpValidation as qemu100Tables } from './qemu-10.0/index.js';
import { connectQemu, qmpPackage } from '../../runtime/index.js';

const packages = {
  '7.2': qmpPackage<Qemu72Commands, Qemu72Events>({ validation: qemu72Tables }),
  '10.0': qmpPackage<Qemu100Commands, Qemu100Events>({ validation: qemu100Tables }),
};

export async function run(): Promise<void> {
  const qmp = await connectQemu({ path: '/run/qmp.sock' }, packages);
  if (qmp.qemu === '10.0') {
    await qmp.execute('block-job-change', { id: 'job0', type: 'mirror', 'copy-mode': 'write-blocking' });
    await qmp.execute('blockdev-backup', { device: 'd', target: 't', sync: 'full', 'discard-source': true });
    // @ts-expect-error 10.0 has no x-query-rdma
    await qmp.execute('x-query-rdma');
  } else {
    await qmp.execute('x-query-rdma');
    // @ts-expect-error 7.2 has no block-job-change
    await qmp.execute('block-job-change', { id: 'job0', type: 'mirror', 'copy-mode': 'write-blocking' });
    // @ts-expect-error 7.2's blockdev-backup has no discard-source
    await qmp.execute('blockdev-backup', { device: 'd', target: 't', sync: 'full', 'discard-source': true });
  }
  // @ts-expect-error not narrowed: the call must be valid for the version at hand
  await qmp.execute('query-status');
  switch (qmp.qemu) {
    case '7.2':
      await qmp.execute('query-status');
      break;
    case '10.0':
      await qmp.execute('query-status');
      break;
    // @ts-expect-error no package for 9.2
    case '9.2':
      break;
  }
}
`;

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('at compile time, over packages generated from QEMU 7.2 and 10.0', () => {
  it('a call type-checks only under the version that has it', () => {
    mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
    const scratch = mkdtempSync(join(repoRoot, 'tmp', 'qapi-ts-versions-'));
    made.push(scratch);
    for (const [version, data] of [
      ['7.2', qemuDir()],
      ['10.0', qemuDir('10.0')],
    ] as const) {
      const reply = JSON.parse(readFileSync(join(data, 'introspection/query-qmp-schema.json'), 'utf8')) as unknown;
      writeFiles(join(scratch, `qemu-${version}`), generateFromIntrospection({ reply, source: `qemu-${version}` }));
    }
    writeFileSync(join(scratch, 'check.ts'), CHECKS);
    expect(typecheckWithProjectOptions(scratch, ['check.ts'])).toBe('');
  });
});
