/** Capability probes on QEMU 7.2's and 10.0's real replies (facts from reading their schemas), and the path syntax. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbePathError, SchemaProbe, probeSchema } from '../../../runtime/drift/probe.js';
import { schemaInfoOf } from '../../../runtime/drift/schema-info.js';
import { qemuDir } from '../../support/qemu-dir.js';

function probeOf(version: string): SchemaProbe {
  const path = join(qemuDir(version), 'introspection/query-qmp-schema.json');
  return new SchemaProbe(schemaInfoOf(JSON.parse(readFileSync(path, 'utf8')), path));
}

const qemu72 = probeOf('7.2');
const qemu100 = probeOf('10.0');

describe('probes on the real replies', () => {
  it.each([
    // [path, 7.2, 10.0]
    ['block-job-change', false, true],
    ['x-query-rdma', true, false],
    ['MEM_UNPLUG_ERROR', true, false],
    ['blockdev-backup/arg-type/discard-source', false, true],
    ['blockdev-backup/arg-type/sync/^full', true, true],
    ['blockdev-backup/arg-type/sync/^sideways', false, false],
    // io_uring is under CONFIG_LINUX_IO_URING, which both builds define.
    ['blockdev-add/arg-type/+file/aio/^io_uring', true, true],
    ['blockdev-add/arg-type/+file/aio/^io_uring_x', false, false],
    ['blockdev-add/arg-type/+qcow2/discard-no-unref', false, true],
    // A union branch the schema lacks, and a member of another branch.
    ['blockdev-add/arg-type/+nope', false, false],
    ['blockdev-add/arg-type/+file/discard-no-unref', false, false],
    // BlockdevRef is an alternate of BlockdevOptions and str: both arms are looked through.
    ['blockdev-add/arg-type/+qcow2/file/!string', true, true],
    ['blockdev-add/arg-type/+qcow2/file/!object', true, true],
    ['blockdev-add/arg-type/+qcow2/file/!alternate', true, true],
    ['blockdev-add/arg-type/+qcow2/file/+file/filename/!string', true, true],
    ['blockdev-add/arg-type/+qcow2/file/!int', false, false],
    // query-block returns an array: steps apply to its element.
    ['query-block/ret-type/!array', true, true],
    ['query-block/ret-type/device', true, true],
    ['query-block/ret-type/inserted/active', false, true],
    // StatusInfo's singlestep: a required bool in 7.2, gone in 10.0.
    ['query-status/ret-type/singlestep/!boolean', true, false],
    // drive-backup is deprecated in both (block-core.json); blockdev-backup is not.
    ['drive-backup/$deprecated', true, true],
    ['blockdev-backup/$deprecated', false, false],
    // block-commit's 'base' and 'top' members are deprecated in 7.2.
    ['block-commit/arg-type/base/$deprecated', true, true],
    ['block-commit/arg-type/base-node/$deprecated', false, false],
    ['SHUTDOWN/arg-type/reason/^host-signal', true, true],
  ])('%s: 7.2 %s, 10.0 %s', (path, in72, in100) => {
    expect(qemu72.has(path)).toBe(in72);
    expect(qemu100.has(path)).toBe(in100);
  });
});

describe('the path syntax', () => {
  it.each([
    ['', 'empty step'],
    ['blockdev-add//aio', 'empty step'],
    ['blockdev-add/arg-type/sync/^full/x', "'^full' must be the last step"],
    ['blockdev-add/$deprecated/arg-type', "'$deprecated' must be the last step"],
    ['+file', 'it must start with a command or event name'],
    ['blockdev-add/driver', "after a command or event comes arg-type or ret-type, not 'driver'"],
    ['blockdev-add/arg-type/arg-type', "'arg-type' only follows a command or event"],
  ])('%j is refused: %s', (path, why) => {
    expect(() => qemu100.has(path)).toThrow(new ProbePathError(path, why));
    expect(() => qemu100.has(path)).toThrow(`invalid schema probe '${path}': ${why}`);
  });

  it('probeSchema indexes and asks once', () => {
    const info = [
      { name: 'ping', 'meta-type': 'command', 'arg-type': '0', 'ret-type': '0' },
      { name: '0', 'meta-type': 'object', members: [] },
    ];
    expect(probeSchema(info, 'ping')).toBe(true);
    expect(probeSchema(info, 'ping/arg-type/!object')).toBe(true);
    expect(probeSchema(info, 'pong')).toBe(false);
  });
});
