import { describe, expect, it } from 'vitest';
import type { StructDefinition } from '../../../generator/expr/definition.js';
import { type Plain, check, messageOf } from './build.js';

function structIf(cond: Plain): StructDefinition {
  return check([{ struct: 'Stru', data: {}, if: cond }])[0] as StructDefinition;
}

describe("'if' conditions", () => {
  it('is undefined when absent', () => {
    expect((check([{ struct: 'Stru', data: {} }])[0] as StructDefinition).if).toBeUndefined();
  });

  it('converts symbols and nested all / any / not', () => {
    expect(structIf('CONFIG_FOO').if).toBe('CONFIG_FOO');
    expect(structIf({ all: ['A', { any: ['B', { not: 'C' }] }] }).if).toEqual({
      all: ['A', { any: ['B', { not: 'C' }] }],
    });
  });

  it.each<[Plain, string]>([
    ['', "'if' condition '' of struct is not a valid identifier"],
    ['foo', "'if' condition 'foo' of struct is not a valid identifier"],
    ['1ABC', "'if' condition '1ABC' of struct is not a valid identifier"],
    ['defined(X)', "'if' condition 'defined(X)' of struct is not a valid identifier"],
    [true, "'if' condition of struct must be a string or an object"],
    [['A'], "'if' condition of struct must be a string or an object"],
    [{ value: 'A' }, "'if' condition of struct has unknown key 'value'\nValid keys are 'all', 'any', 'not'."],
    [{}, "'if' condition of struct has conflicting keys"],
    [{ all: ['A'], not: 'B' }, "'if' condition of struct has conflicting keys"],
    [{ all: 'A' }, "'all' condition of struct must be an array"],
    [{ any: {} }, "'any' condition of struct must be an array"],
    [{ any: [] }, "'if' condition [] of struct is useless"],
    [{ not: { all: [] } }, "'if' condition [] of struct is useless"],
    [{ all: ['A', ' '] }, "'if' condition ' ' of struct is not a valid identifier"],
    [{ not: { any: [false] } }, "'if' condition of struct must be a string or an object"],
  ])('%j', (cond, msg) => {
    expect(messageOf({ struct: 'Stru', data: {}, if: cond })).toBe(msg);
  });

  it('names members, enum values, branches and features as the source', () => {
    expect(messageOf({ struct: 'Stru', data: { m: { type: 'int', if: 'x' } } })).toBe(
      "'if' condition 'x' of 'data' member 'm' is not a valid identifier",
    );
    expect(messageOf({ enum: 'Enu', data: [{ name: 'v', if: 'x' }] })).toBe(
      "'if' condition 'x' of 'data' member 'v' is not a valid identifier",
    );
    expect(messageOf({ alternate: 'Alt', data: { b: { type: 'int', if: 'x' } } })).toBe(
      "'if' condition 'x' of 'data' member 'b' is not a valid identifier",
    );
    expect(messageOf({ command: 'cmd', features: [{ name: 'f', if: 'x' }] })).toBe(
      "'if' condition 'x' of 'features' member 'f' is not a valid identifier",
    );
  });
});
