/** As QEMU's generated marshalling and event code: return values and event data are checked, rebuilt from the schema, and filtered by the policy. */
import { describe, expect, it } from 'vitest';
import { compatPolicy } from '../../../../runtime/qmp/dispatch/compat.js';
import { checkEventData, checkReturnValue } from '../../../../runtime/qmp/validate/results.js';
import { tablesOf } from '../support.js';

const tables = tablesOf(
  `
{ 'enum': 'Kind', 'data': [ 'a', { 'name': 'b', 'features': [ 'deprecated' ] } ] }
{ 'struct': 'Base', 'data': { 'kind': 'Kind' } }
{ 'struct': 'Alpha', 'data': { 'x': 'uint8', '*y': { 'type': 'str', 'features': [ 'unstable' ] } } }
{ 'union': 'Item', 'base': 'Base', 'discriminator': 'kind', 'data': { 'a': 'Alpha' } }
{ 'alternate': 'Alt', 'data': { 'n': 'int', 'b': 'bool' } }
{ 'struct': 'Info', 'data': { 'name': 'str', '*old': { 'type': 'int', 'features': [ 'deprecated' ] },
  'list': ['Item'], '*alt': 'Alt', '*any': 'any', '*big': 'size' } }
{ 'command': 'query', 'returns': 'Info' }
{ 'command': 'list', 'returns': ['Alpha'] }
{ 'command': 'plain' }
{ 'event': 'EV', 'data': { '*old': { 'type': 'str', 'features': [ 'deprecated' ] } } }
{ 'event': 'GONE', 'features': [ 'deprecated' ] }
{ 'event': 'UNSTABLE', 'features': [ 'unstable' ] }
`,
  [],
);

const info = { name: 'n', old: 1, list: [{ kind: 'a', x: 3, y: 'y' }, { kind: 'b' }], alt: true, any: { q: [1] }, big: 2n ** 64n - 1n };

describe('return values', () => {
  it('a valid value comes back with members in schema order and unknown keys dropped', () => {
    const result = checkReturnValue(tables, 'query', { extra: 1, ...info });
    expect(result).toEqual({ ok: true, value: info });
    expect(Object.keys((result as { value: object }).value)).toEqual(['name', 'old', 'list', 'alt', 'any', 'big']);
  });
  it('hide policies drop members with the feature; enum values are not affected', () => {
    expect(checkReturnValue(tables, 'query', info, compatPolicy({ deprecatedOutput: 'hide', unstableOutput: 'hide' }))).toEqual({
      ok: true,
      value: { ...info, old: undefined, list: [{ kind: 'a', x: 3 }, { kind: 'b' }] },
    });
  });
  it.each([
    ['return value.name must be present (mandatory member)', { ...info, name: undefined }],
    ['return value.list[0].kind must be a value of Kind', { ...info, list: [{ kind: 'c' }] }],
    ['return value.list[0].x must be uint8', { ...info, list: [{ kind: 'a', x: 256 }] }],
    ['return value.alt must be a value of Alt', { ...info, alt: 'x' }],
    ['return value.big must be size', { ...info, big: -1 }],
    ['return value must be an object', 'x'],
  ])('a handler bug: %s', (error, value) => {
    expect(checkReturnValue(tables, 'query', value)).toEqual({ ok: false, error });
  });
  it('list returns and commands without returns', () => {
    expect(checkReturnValue(tables, 'list', [{ x: 1 }, { x: 2 }])).toEqual({ ok: true, value: [{ x: 1 }, { x: 2 }] });
    expect(checkReturnValue(tables, 'list', [{ x: 1.5 }])).toEqual({ ok: false, error: 'return value[0].x must be uint8' });
    expect(checkReturnValue(tables, 'plain', undefined)).toEqual({ ok: true, value: {} });
    expect(checkReturnValue(tables, 'plain', { a: 1 }).ok).toBe(false);
  });
});

describe('events', () => {
  it('data is checked and filtered; empty data is left out', () => {
    expect(checkEventData(tables, 'EV', { old: 'x' })).toEqual({ ok: true, emit: true, data: { old: 'x' } });
    expect(checkEventData(tables, 'EV', { old: 'x' }, compatPolicy({ deprecatedOutput: 'hide' }))).toEqual({ ok: true, emit: true });
    expect(checkEventData(tables, 'EV', {})).toEqual({ ok: true, emit: true });
    expect(checkEventData(tables, 'GONE', undefined)).toEqual({ ok: true, emit: true });
  });
  it('events with a hidden feature are not emitted at all', () => {
    expect(checkEventData(tables, 'GONE', undefined, compatPolicy({ deprecatedOutput: 'hide' }))).toEqual({ ok: true, emit: false });
    expect(checkEventData(tables, 'UNSTABLE', undefined, compatPolicy({ unstableOutput: 'hide' }))).toEqual({ ok: true, emit: false });
  });
  it('bad data is reported', () => {
    expect(checkEventData(tables, 'EV', { old: 1 })).toEqual({ ok: false, error: 'event data.old must be str' });
  });
});
