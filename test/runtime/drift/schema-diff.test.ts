/**
 * The schema diff engine: QEMU 7.2 against 10.0 from their real `query-qmp-schema` replies
 * (facts taken from reading the two schemas), masked names matched by use, and the breaking
 * rules in both directions on small schemas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSchemaInfo } from '../../../runtime/drift/schema-diff.js';
import type { SchemaChange } from '../../../runtime/drift/schema-diff.js';
import { schemaInfoOf } from '../../../runtime/drift/schema-info.js';
import type { SchemaInfoEntry } from '../../../runtime/drift/schema-info.js';
import { introspectText } from '../../generator/backends/introspect/load.js';
import { qemuDir } from '../../support/qemu-dir.js';

function reply(version: string): readonly SchemaInfoEntry[] {
  const path = join(qemuDir(version), 'introspection/query-qmp-schema.json');
  return schemaInfoOf(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** `NAME: text`, `!` in front when breaking. */
function lines(changes: readonly SchemaChange[]): string[] {
  return changes.map((c) => `${c.breaking ? '! ' : ''}${c.name}: ${c.text}`);
}

/** Every masked name renumbered (a shuffled permutation) and the entries' order shuffled. */
function renumbered(info: readonly SchemaInfoEntry[], seed: number): SchemaInfoEntry[] {
  const masked = info.map((e) => e.name).filter((n) => /^\d+$/.test(n));
  let state = seed;
  const random = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const shuffled = [...masked].sort(() => random() - 0.5);
  const to = new Map(masked.map((n, i) => [n, `${shuffled[i] ?? ''}`]));
  const rename = (n: string): string => {
    const array = /^\[(.*)\]$/.exec(n);
    return array !== null ? `[${rename(array[1] ?? '')}]` : (to.get(n) ?? n);
  };
  const copy = info.map((e): SchemaInfoEntry => {
    const out: Record<string, unknown> = { ...e, name: rename(e.name) };
    for (const key of ['arg-type', 'ret-type', 'element-type'] as const) if (e[key] !== undefined) out[key] = rename(e[key]);
    if (e.members !== undefined) out['members'] = e.members.map((m) => (m.type === undefined ? m : { ...m, type: rename(m.type) }));
    if (e.variants !== undefined) out['variants'] = e.variants.map((v) => ({ ...v, type: rename(v.type) }));
    return out as unknown as SchemaInfoEntry;
  });
  return copy.sort(() => random() - 0.5);
}

describe('QEMU 7.2 against QEMU 10.0, from their real replies', () => {
  const diff = diffSchemaInfo(reply('7.2'), reply('10.0'));
  const changesOf = (name: string): string[] =>
    lines(diff.changes.filter((c) => c.name === name && c.kind !== 'added' && c.kind !== 'removed'));

  it('names the commands and events added and removed', () => {
    expect(diff.commands.added).toEqual(
      expect.arrayContaining(['block-job-change', 'blockdev-set-active', 'query-audiodevs', 'query-cryptodev']),
    );
    expect(diff.commands.removed).toEqual(expect.arrayContaining(['x-query-rdma', 'x-query-profile']));
    expect(diff.commands.added).not.toContain('blockdev-backup');
    // machine.json of 7.2 has MEM_UNPLUG_ERROR (deprecated), 10.0's does not; rdma.json is gone.
    expect(diff.events.removed).toEqual(expect.arrayContaining(['MEM_UNPLUG_ERROR', 'RDMA_GID_STATUS_CHANGED']));
    expect(diff.breaking).toBe(true);
  });

  it('follows arguments into shared bases: BackupCommon gains the optional discard-source', () => {
    expect(changesOf('blockdev-backup')).toContain("blockdev-backup: argument 'discard-source' added (optional)");
    expect(changesOf('drive-backup')).toContain("drive-backup: argument 'discard-source' added (optional)");
  });

  it('reports what breaks a client of 7.2: a required return member gone, an input enum value gone, arguments gone', () => {
    // run-state.json: StatusInfo had 'singlestep': 'bool' in 7.2.
    expect(changesOf('query-status')).toContain("! query-status: return member 'singlestep' removed");
    // migration.json: MigrationCapability 'compress' (7.2) is gone in 10.0.
    expect(changesOf('migrate-set-capabilities')).toContain(
      "! migrate-set-capabilities: argument 'capabilities[].capability': enum value 'compress' removed",
    );
    // migrate's deprecated 'blk' and 'inc' arguments were dropped.
    expect(changesOf('migrate')).toEqual(
      expect.arrayContaining(["! migrate: argument 'blk' removed", "! migrate: argument 'inc' removed"]),
    );
    expect(lines(diff.changes)).toContain('! x-query-rdma: removed');
  });

  it('reaches union branches, nested structs and enum values by member path', () => {
    // block-core.json, 10.0: BlockdevOptionsQcow2 gains '*discard-no-unref'.
    expect(changesOf('blockdev-add')).toContain("blockdev-add: argument '[driver=qcow2].discard-no-unref' added (optional)");
    // 10.0: the ChardevSocket 'reconnect' member is deprecated in favour of 'reconnect-ms'.
    expect(changesOf('chardev-add')).toEqual(
      expect.arrayContaining([
        "chardev-add: argument 'backend[type=socket].data.reconnect' gains feature 'deprecated'",
        "chardev-add: argument 'backend[type=socket].data.reconnect-ms' added (optional)",
      ]),
    );
    // 10.0 deprecates BlockdevDriver's 'gluster': a value of blockdev-add's discriminator.
    expect(changesOf('blockdev-add')).toContain("blockdev-add: argument 'driver': enum value 'gluster' gains feature 'deprecated'");
  });

  it('the other way round, what 10.0 added is what a 10.0 client loses on 7.2', () => {
    const back = diffSchemaInfo(reply('10.0'), reply('7.2'));
    expect(back.commands.removed).toEqual(expect.arrayContaining(['block-job-change', 'blockdev-set-active']));
    expect(lines(back.changes)).toContain("! blockdev-backup: argument 'discard-source' removed");
    expect(back.commands.added).toContain('x-query-rdma');
  });
});

describe('masked names are matched by use, never by number', () => {
  it('an identical schema has no change', () => {
    const same = diffSchemaInfo(reply('10.0'), reply('10.0'));
    expect(same.changes).toEqual([]);
    expect(same.breaking).toBe(false);
  });

  it('the same schema renumbered and reordered has no change', () => {
    for (const seed of [1, 7, 1234]) {
      expect(diffSchemaInfo(reply('7.2'), renumbered(reply('7.2'), seed)).changes).toEqual([]);
    }
  });

  it('renumbering does not hide a change', () => {
    const found = lines(diffSchemaInfo(reply('7.2'), renumbered(reply('10.0'), 99)).changes);
    expect(found).toContain("blockdev-backup: argument 'discard-source' added (optional)");
    expect(found.sort()).toEqual(lines(diffSchemaInfo(reply('7.2'), reply('10.0')).changes).sort());
  });
});

describe('recursive types', () => {
  it('a change inside a cycle is reported for every command reaching it, by its own path', () => {
    const before = `
      { 'struct': 'Node', 'data': { 'name': 'str', '*child': 'Ref' } }
      { 'alternate': 'Ref', 'data': { 'node': 'Node', 'label': 'str' } }
      { 'command': 'tree', 'data': 'Node' }
      { 'command': 'link', 'data': { 'to': 'Ref' } }`;
    const after = before.replace("'name': 'str',", "'name': 'str', '*extra': 'int',");
    expect(lines(diffSchemaInfo(introspectText(before), introspectText(after)).changes)).toEqual([
      "tree: argument 'extra' added (optional)",
      "link: argument 'to.extra' added (optional)",
    ]);
  });
});

describe('what breaks depends on direction', () => {
  const before = `
    { 'enum': 'Mode', 'data': [ 'a', 'b' ] }
    { 'struct': 'Info', 'data': { 'name': 'str', '*size': 'int', 'mode': 'Mode' } }
    { 'command': 'get', 'data': { 'id': 'str', '*mode': 'Mode', '*old': 'bool' }, 'returns': 'Info' }
    { 'event': 'CHANGED', 'data': { 'mode': 'Mode', 'gone': 'int' } }`;

  function diffOf(oldText: string, newText: string): string[] {
    return lines(diffSchemaInfo(introspectText(oldText), introspectText(newText)).changes);
  }

  it('arguments: removing or requiring breaks, an optional addition does not', () => {
    const after = before.replace("'*mode': 'Mode', '*old': 'bool'", "'mode': 'Mode', '*new': 'bool', 'id2': 'int'");
    expect(diffOf(before, after)).toEqual([
      "! get: argument 'mode' now required",
      "! get: argument 'old' removed",
      "get: argument 'new' added (optional)",
      "! get: argument 'id2' added (required)",
    ]);
  });

  it('an enum value added breaks what the client reads, a value removed what it sends', () => {
    expect(diffOf(before, before.replace("[ 'a', 'b' ]", "[ 'a', 'b', 'c' ]"))).toEqual([
      "get: argument 'mode': enum value 'c' added",
      "! get: return member 'mode': enum value 'c' added",
      "! CHANGED: data member 'mode': enum value 'c' added",
    ]);
    expect(diffOf(before, before.replace("[ 'a', 'b' ]", "[ 'a' ]"))).toEqual([
      "! get: argument 'mode': enum value 'b' removed",
      "get: return member 'mode': enum value 'b' removed",
      "CHANGED: data member 'mode': enum value 'b' removed",
    ]);
  });

  it('returns and event data: a required member made optional or removed breaks; an optional one removed does not', () => {
    const after = before.replace("'name': 'str', '*size': 'int'", "'*name': 'str'").replace("'gone': 'int'", "'*extra': 'int'");
    expect(diffOf(before, after)).toEqual([
      "! get: return member 'name' now optional",
      "get: return member 'size' removed",
      "! CHANGED: data member 'gone' removed",
      "CHANGED: data member 'extra' added (optional)",
    ]);
  });

  it('types: narrowing breaks input, widening breaks output; a type turned alternate is matched by JSON kind', () => {
    const after = before
      .replace("'*old': 'bool'", "'*old': 'Flag'")
      .replace("'name': 'str'", "'name': 'int'")
      .concat("\n{ 'alternate': 'Flag', 'data': { 'b': 'bool', 'i': 'Info' } }");
    expect(diffOf(before, after)).toEqual([
      "get: argument 'old': now also accepts an object",
      "! get: return member 'name' changed type: str to int",
    ]);
    const wider = before.replace("'gone': 'int'", "'gone': 'number'");
    expect(diffOf(before, wider)).toEqual(["! CHANGED: data member 'gone' changed type: int to number"]);
    // Every int is a number: a client reading numbers takes ints.
    expect(diffOf(wider, before)).toEqual(["CHANGED: data member 'gone' changed type: number to int"]);
  });

  it('commands, union branches and features', () => {
    const union = `
      { 'enum': 'Kind', 'data': [ 'x', 'y' ] }
      { 'struct': 'Base', 'data': { 'kind': 'Kind' } }
      { 'struct': 'Ex', 'data': { 'xa': 'int' } }
      { 'union': 'Thing', 'base': 'Base', 'discriminator': 'kind', 'data': { 'x': 'Ex' } }
      { 'command': 'make', 'data': 'Thing', 'boxed': true }
      { 'command': 'old-one' }`;
    const after = union
      .replace("[ 'x', 'y' ]", "[ 'x', 'y', 'z' ]")
      .replace("'xa': 'int'", "'xa': 'int', '*xb': 'str'")
      .replace("{ 'command': 'old-one' }", "{ 'command': 'new-one' }")
      .replace("'boxed': true", "'boxed': true, 'features': [ 'deprecated' ]")
      .replace("[ 'x', 'y', 'z' ]", "[ 'x', { 'name': 'y', 'features': [ 'deprecated' ] }, 'z' ]");
    expect(diffOf(union, after)).toEqual([
      "make: gains feature 'deprecated'",
      "make: argument 'kind': enum value 'y' gains feature 'deprecated'",
      "make: argument '[kind=x].xb' added (optional)",
      "make: arguments: union branch 'z' added",
      'new-one: added',
      '! old-one: removed',
    ]);
  });
});
