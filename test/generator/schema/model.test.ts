/** The checked model: entity order, implicit entities, resolution, modules, lookups. */
import { describe, expect, it } from 'vitest';
import type { SchemaEntity, SchemaObjectType, SchemaType } from '../../../generator/schema/model.js';
import { load } from './load.js';

const nameOf = (e: SchemaEntity): string => (e.kind === 'include' ? `include ${e.includedModule.name}` : e.name);

function objectType(t: SchemaType | undefined): SchemaObjectType {
  if (t?.kind !== 'object') throw new Error(`not an object type: ${t?.name}`);
  return t;
}

const C9 = `{ 'enum': 'Enu', 'data': ['a', 'b'] }
{ 'struct': 'Bas', 'data': { 'e': 'Enu' } }
{ 'union': 'Uni', 'base': 'Bas', 'discriminator': 'e', 'data': { 'a': { 'type': 'Str', 'if': 'X' } } }
{ 'struct': 'Str', 'data': { 'f': 'int' } }
{ 'command': 'cmd', 'data': {'v': 'Uni', 'l': ['Str'], 'm': ['Enu'], 'n': ['int8'] }, 'returns': ['Str'] }
`;

describe('schema model', () => {
  it('starts with the predefined entities in QEMU order', () => {
    const { schema } = load('');
    const names = schema.entities.map(nameOf);
    expect(names.slice(0, 6)).toEqual(['str', 'strList', 'number', 'numberList', 'int', 'intList']);
    expect(names.slice(-4)).toEqual(['null', 'nullList', 'q_empty', 'QType']);
    expect(names).toHaveLength(32);
    const qtype = schema.lookupType('QType');
    expect(qtype?.kind === 'enum' && qtype.values.map((v) => v.name)).toEqual([
      'none',
      'qnull',
      'qnum',
      'qstring',
      'qdict',
      'qlist',
      'qbool',
    ]);
    expect(schema.lookupType('size')).toMatchObject({ kind: 'builtin', jsonType: 'int', cType: 'uint64_t', info: undefined });
    expect(schema.modules.map((m) => m.name)).toEqual(['./builtin', 'main.json']);
    expect(schema.modules[0]?.isSystem).toBe(true);
  });

  it('creates implicit types and arrays before their users (as scripts/qapi/schema.py does)', () => {
    const { schema } = load(C9);
    const user = schema.entities.slice(32).map(nameOf);
    expect(user).toEqual(['Enu', 'Bas', 'Uni', 'Str', 'StrList', 'EnuList', 'q_obj_cmd-arg', 'cmd']);
  });

  it('resolves types, flattens members and adds implicit union branches', () => {
    const { schema } = load(C9);
    const uni = objectType(schema.lookupType('Uni'));
    expect(uni.meta).toBe('union');
    expect(uni.base?.name).toBe('Bas');
    expect(uni.localMembers).toEqual([]);
    expect(uni.members.map((m) => [m.name, m.type.name, m.definedIn])).toEqual([['e', 'Enu', 'Bas']]);
    const v = uni.variants!;
    expect(v.tagMember.name).toBe('e');
    expect(v.tagType.name).toBe('Enu');
    expect(v.branches.map((b) => [b.name, b.type.name, b.if, b.isImplicit])).toEqual([
      ['a', 'Str', 'X', false],
      ['b', 'q_empty', undefined, true],
    ]);
  });

  it('models commands with implicit argument types', () => {
    const { schema } = load(C9);
    const cmd = schema.lookupEntity('cmd');
    if (cmd?.kind !== 'command') throw new Error('no command');
    expect(cmd.argType?.name).toBe('q_obj_cmd-arg');
    expect(cmd.argType?.isImplicit).toBe(true);
    expect(cmd.argType?.members.map((m) => `${m.name}: ${m.type.name}`)).toEqual(['v: Uni', 'l: StrList', 'm: EnuList', 'n: int8List']);
    expect(cmd.retType?.kind === 'array' && cmd.retType.elementType.name).toBe('Str');
    expect(cmd).toMatchObject({ gen: true, successResponse: true, boxed: false, allowOob: false, allowPreconfig: false, coroutine: false });
    // Commands and events are entities, not types.
    expect(schema.lookupType('cmd')).toBeUndefined();
  });

  it("gives implicit types their owner's condition and arrays their element's", () => {
    const { schema } = load(`{ 'struct': 'Foo', 'data': {}, 'if': 'FOO' }
{ 'command': 'c', 'data': { 'a': ['Foo'] }, 'if': { 'not': 'BAR' } }
{ 'event': 'EVT', 'data': {} }
`);
    expect(schema.lookupType('q_obj_c-arg')?.if).toEqual({ not: 'BAR' });
    expect(schema.lookupType('FooList')?.if).toBe('FOO');
    expect(schema.lookupType('FooList')?.info?.line).toBe(2);
    const ev = schema.lookupEntity('EVT');
    expect(ev?.kind === 'event' && ev.argType).toBeUndefined();
    expect(schema.lookupEntity('q_obj_EVT-arg')).toBeUndefined();
  });

  it('gives alternates the QType tag member', () => {
    const { schema } = load("{ 'alternate': 'Alt', 'data': { 'i': 'int', 'l': ['str'] } }\n");
    const alt = schema.lookupType('Alt');
    if (alt?.kind !== 'alternate') throw new Error('no alternate');
    expect(alt.variants.tagMember).toMatchObject({ name: 'type', optional: false, definedIn: 'Alt' });
    expect(alt.variants.tagType.name).toBe('QType');
    expect(alt.variants.branches.map((b) => b.type.name)).toEqual(['int', 'strList']);
  });

  it('assigns modules: include order, arrays with their element type, relpath names', () => {
    const { schema } = load({
      'dir/main.json': "{ 'command': 'c', 'returns': ['Status'] }\n{ 'include': 'sub/../inc.json' }\n{ 'include': 'inc.json' }\n",
      'dir/sub/../inc.json': "{ 'struct': 'Status', 'data': {} }\n",
    });
    expect(schema.modules.map((m) => [m.name, m.entities.map(nameOf)])).toEqual([
      ['./builtin', schema.modules[0]?.entities.map(nameOf)],
      ['main.json', ['c', 'include inc.json', 'include inc.json']],
      ['inc.json', ['StatusList', 'Status']],
    ]);
    expect(schema.lookupModule('inc.json')?.isSystem).toBe(false);
    expect(schema.lookupType('Status')?.module.name).toBe('inc.json');
  });

  it('keeps a `./` include as a separate system module', () => {
    const { schema } = load({
      'main.json': "{ 'include': './sub.json' }\n",
      './sub.json': "{ 'struct': 'Foo', 'data': {} }\n",
    });
    expect(schema.modules.map((m) => m.name)).toEqual(['./builtin', 'main.json', './sub.json']);
  });

  it('lists features with their conditions and specialness', () => {
    const { schema } = load("{ 'command': 'c', 'features': [ 'deprecated', { 'name': 'f', 'if': 'X' } ] }\n");
    expect(schema.lookupEntity('c')?.features).toEqual([
      expect.objectContaining({ name: 'deprecated', if: undefined, isSpecial: true }),
      expect.objectContaining({ name: 'f', if: 'X', isSpecial: false }),
    ]);
  });
});
