import { describe, expect, it } from 'vitest';
import type { CheckedCommand, CheckedStruct } from '../../../generator/expr/checked.js';
import { type Plain, check, messageOf } from './build.js';

function structMembers(data: { [key: string]: Plain }): CheckedStruct['members'] {
  return (check([{ struct: 'Stru', data }])[0] as CheckedStruct).members;
}

describe('members and type references', () => {
  it('normalizes sugar and keeps source order', () => {
    expect(
      structMembers({
        b: 'int',
        '*a': ['str'],
        c: { type: 'Foo', if: 'X', features: ['f', { name: 'g', if: 'Y' }] },
      }),
    ).toEqual([
      { name: 'b', optional: false, type: { name: 'int', isArray: false }, if: undefined, features: [] },
      { name: 'a', optional: true, type: { name: 'str', isArray: true }, if: undefined, features: [] },
      {
        name: 'c',
        optional: false,
        type: { name: 'Foo', isArray: false },
        if: 'X',
        features: [
          { name: 'f', if: undefined },
          { name: 'g', if: 'Y' },
        ],
      },
    ]);
  });

  it.each<[{ [key: string]: Plain }, string]>([
    [{ a: true }, "'data' member 'a' should be a type name"],
    [{ a: { type: {} } }, "'data' member 'a' should be a type name"],
    [{ a: { type: 'int', x: 'y' } }, "'data' member 'a' has unknown key 'x'\nValid keys are 'features', 'if', 'type'."],
    [{ '*a': { if: 'X' } }, "'data' member '*a' misses key 'type'"],
    [{ a: [] }, "'data' member 'a': array type must contain single type name"],
    [{ a: ['int', 'str'] }, "'data' member 'a': array type must contain single type name"],
    [{ a: [['int']] }, "'data' member 'a': array type must contain single type name"],
    [{ a: { type: 'int', features: 'f' } }, "'features' must be an array"],
  ])('%j', (data, msg) => {
    expect(messageOf({ struct: 'Stru', data })).toBe(msg);
  });

  it('checks a member: name, reserved, keys, if, features, type, in that order', () => {
    expect(messageOf({ struct: 'Stru', data: { has_a: { x: 'y' } } })).toBe("name of 'data' member 'has_a' must not use uppercase or '_'");
    expect(messageOf({ struct: 'Stru', data: { 'has-a': { x: 'y' } } })).toBe("'data' member 'has-a' uses reserved name");
    expect(messageOf({ struct: 'Stru', data: { a: { type: true, if: 'x' } } })).toBe(
      "'if' condition 'x' of 'data' member 'a' is not a valid identifier",
    );
    expect(messageOf({ struct: 'Stru', data: { a: { type: true, features: [true] } } })).toBe("'features' member requires a string name");
  });

  it('struct data and base', () => {
    expect(messageOf({ struct: 'Stru', data: false })).toBe("'data' should be an object or type name");
    expect(messageOf({ struct: 'Stru', data: ['Foo'] })).toBe("'data' cannot be an array");
    expect(messageOf({ struct: 'Stru', data: {}, base: ['Foo'] })).toBe("'base' cannot be an array");
    expect(messageOf({ struct: 'Stru', data: {}, base: { a: 'int' } })).toBe("'base' should be a type name");
    expect((check([{ struct: 'Stru', data: {}, base: 'Base' }])[0] as CheckedStruct).base).toBe('Base');
  });

  it('command returns', () => {
    const ret = (returns: Plain): CheckedCommand['returns'] => (check([{ command: 'cmd', returns }])[0] as CheckedCommand).returns;
    expect(ret('Foo')).toEqual({ name: 'Foo', isArray: false });
    expect(ret(['Foo'])).toEqual({ name: 'Foo', isArray: true });
    expect(messageOf({ command: 'cmd', returns: { a: 'int' } })).toBe("'returns' should be a type name");
    expect(messageOf({ command: 'cmd', returns: false })).toBe("'returns' should be a type name");
    expect(messageOf({ command: 'cmd', returns: [] })).toBe("'returns': array type must contain single type name");
  });
});
