/**
 * A worked example of introspection (verified against QEMU 7.2's scripts/qapi/introspect.py),
 * plus small schemas for single rules of introspect.py. Expected values are written by hand,
 * keys in wire order (QDict iteration order, qobject/qdict.c).
 */
import { describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../../../contracts/schema-info.js';
import { entry, introspectText, names } from './load.js';

const paint = `
{ 'enum': 'Color', 'data': [ 'red', { 'name': 'green', 'if': 'HAVE_GREEN' },
                             { 'name': 'blue', 'features': [ 'deprecated' ] } ] }
{ 'struct': 'Paint', 'data': { 'color': 'Color', '*coats': 'uint8',
                               '*old': { 'type': 'str', 'features': [ 'deprecated' ] } } }
{ 'command': 'paint', 'data': { 'what': ['Paint'] }, 'returns': 'Paint',
  'allow-oob': true, 'features': [ 'unstable' ] }
{ 'event': 'PAINTED', 'data': { 'color': 'Color' }, 'if': 'CONFIG_EVT' }
`;

const paintCommand: SchemaInfo = {
  name: 'paint',
  'ret-type': '1',
  'allow-oob': true,
  'meta-type': 'command',
  'arg-type': '0',
  features: ['unstable'],
};
const argObject: SchemaInfo = { name: '0', members: [{ name: 'what', type: '[1]' }], 'meta-type': 'object' };
const paintObject: SchemaInfo = {
  name: '1',
  members: [
    { name: 'color', type: '3' },
    { name: 'coats', default: null, type: 'int' },
    { name: 'old', default: null, type: 'str', features: ['deprecated'] },
  ],
  'meta-type': 'object',
};
const paintArray: SchemaInfo = { name: '[1]', 'element-type': '1', 'meta-type': 'array' };
const colorEnum: SchemaInfo = {
  name: '3',
  members: [{ name: 'red' }, { name: 'blue', features: ['deprecated'] }],
  'meta-type': 'enum',
  values: ['red', 'blue'],
};
const intBuiltin: SchemaInfo = { name: 'int', 'json-type': 'int', 'meta-type': 'builtin' };
const strBuiltin: SchemaInfo = { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' };

/** Same entries, same order, same key order (what QEMU puts on the wire). */
function expectWire(got: readonly SchemaInfo[], want: readonly SchemaInfo[]): void {
  expect(got).toEqual(want);
  expect(got.map((e) => JSON.stringify(e))).toEqual(want.map((e) => JSON.stringify(e)));
}

describe('introspection: a worked example', () => {
  it('matches with no symbol defined', () => {
    expectWire(introspectText(paint, { defined: new Set() }), [
      paintCommand,
      argObject,
      paintObject,
      paintArray,
      colorEnum,
      intBuiltin,
      strBuiltin,
    ]);
  });

  it('adds the event and its argument type, numbered 2, with CONFIG_EVT', () => {
    expectWire(introspectText(paint, { defined: new Set(['CONFIG_EVT']) }), [
      paintCommand,
      { name: 'PAINTED', 'meta-type': 'event', 'arg-type': '2' },
      argObject,
      paintObject,
      { name: '2', members: [{ name: 'color', type: '3' }], 'meta-type': 'object' },
      paintArray,
      colorEnum,
      intBuiltin,
      strBuiltin,
    ]);
  });

  it('keeps the conditional enum value when its symbol is defined', () => {
    const color = entry(introspectText(paint, { defined: new Set(['HAVE_GREEN']) }), '3');
    expect(color).toMatchObject({ values: ['red', 'green', 'blue'] });
  });

  it('keeps everything when no symbol set is given', () => {
    const all = introspectText(paint);
    expect(names(all)).toEqual(['paint', 'PAINTED', '0', '1', '2', '[1]', '3', 'int', 'str']);
    expect(entry(all, '3')).toMatchObject({ values: ['red', 'green', 'blue'] });
  });

  it('uses real names with unmask, arrays as [Name]', () => {
    const all = introspectText(paint, { unmask: true });
    expect(names(all)).toEqual(['paint', 'PAINTED', 'q_obj_paint-arg', 'Paint', 'q_obj_PAINTED-arg', '[Paint]', 'Color', 'int', 'str']);
    expect(entry(all, 'paint')).toMatchObject({ 'arg-type': 'q_obj_paint-arg', 'ret-type': 'Paint' });
    expect(entry(all, '[Paint]')).toMatchObject({ 'element-type': 'Paint' });
  });
});

describe('introspection rules', () => {
  it('collapses every integer type to int and integer arrays to [int]', () => {
    const all = introspectText(`
      { 'pragma': { 'command-returns-exceptions': [ 'ints' ] } }
      { 'struct': 'Ints', 'data': { 'a': 'int8', 'b': 'uint64', 'c': 'size', 'd': ['uint16'], 'e': ['int'] } }
      { 'command': 'ints', 'data': { 'i': 'Ints' }, 'returns': ['int32'] }`);
    expect(names(all)).toEqual(['ints', '0', '[int]', 'int', '1']);
    expect(entry(all, 'ints')).toMatchObject({ 'ret-type': '[int]' });
    expect(entry(all, '1')).toMatchObject({
      members: ['a', 'b', 'c'].map((n) => ({ name: n, type: 'int' })).concat(['d', 'e'].map((n) => ({ name: n, type: '[int]' }))),
    });
    expect(entry(all, '[int]')).toEqual({ name: '[int]', 'element-type': 'int', 'meta-type': 'array' });
  });

  it('uses q_empty for missing arguments and returns, and omits allow-oob unless set', () => {
    const all = introspectText(`
      { 'command': 'bare' }
      { 'event': 'BARE' }`);
    expect(all).toEqual([
      { name: 'bare', 'ret-type': '0', 'meta-type': 'command', 'arg-type': '0' },
      { name: 'BARE', 'meta-type': 'event', 'arg-type': '0' },
      { name: '0', members: [], 'meta-type': 'object' },
    ]);
  });

  it('lists commands and events before types, even types defined first', () => {
    const all = introspectText(
      `
      { 'struct': 'Stru', 'data': { 'x': 'str' } }
      { 'command': 'c', 'returns': 'Stru' }
      { 'event': 'EVT' }
      { 'command': 'd' }`,
      { unmask: true },
    );
    expect(names(all)).toEqual(['c', 'EVT', 'd', 'q_empty', 'Stru', 'str']);
  });

  it('writes features: [] when conditions drop every listed feature', () => {
    const text = `
      { 'command': 'c', 'features': [ { 'name': 'f', 'if': 'HAVE_F' } ] }
      { 'command': 'd', 'features': [] }`;
    expect(entry(introspectText(text, { defined: new Set() }), 'c')).toHaveProperty('features', []);
    expect(entry(introspectText(text, { defined: new Set(['HAVE_F']) }), 'c')).toHaveProperty('features', ['f']);
    expect(entry(introspectText(text), 'd')).not.toHaveProperty('features');
  });

  it('flattens base members first and lists union branches, implicit ones last', () => {
    const all = introspectText(
      `
      { 'enum': 'Kind', 'data': [ 'a', 'b', 'c' ] }
      { 'struct': 'Base', 'data': { 'kind': 'Kind' } }
      { 'struct': 'Branch', 'data': { 'y': 'bool' } }
      { 'union': 'Uni', 'base': 'Base', 'discriminator': 'kind',
        'data': { 'c': 'Branch', 'a': { 'type': 'Branch', 'if': 'HAVE_A' } } }
      { 'command': 'u', 'data': 'Uni', 'boxed': true }`,
      { unmask: true, defined: new Set() },
    );
    expect(entry(all, 'Uni')).toEqual({
      name: 'Uni',
      tag: 'kind',
      variants: [
        { case: 'c', type: 'Branch' },
        { case: 'b', type: 'q_empty' },
      ],
      members: [{ name: 'kind', type: 'Kind' }],
      'meta-type': 'object',
    });
  });

  it('gives alternates members with types only', () => {
    const all = introspectText(
      `
      { 'alternate': 'Alt', 'data': { 'n': 'null', 's': 'str', 'l': ['int8'] }, 'features': [ 'f' ] }
      { 'command': 'alt', 'data': { 'x': 'Alt' } }`,
      { unmask: true },
    );
    expect(entry(all, 'Alt')).toEqual({
      name: 'Alt',
      members: [{ type: 'null' }, { type: 'str' }, { type: '[int]' }],
      'meta-type': 'alternate',
      features: ['f'],
    });
    expect(entry(all, 'null')).toEqual({ name: 'null', 'json-type': 'null', 'meta-type': 'builtin' });
  });
});
