import { describe, expect, it } from 'vitest';
import type { CheckedStruct } from '../../../generator/expr/checked.js';
import { checkKeys } from '../../../generator/expr/names-keys.js';
import { QAPIError } from '../../../generator/source/error.js';
import { SourceInfo } from '../../../generator/source/info.js';
import { type Plain, check, messageOf, toObject } from './build.js';

/** The expression checker's message for a definition, or '' when it passes. */
function verdict(expr: Parameters<typeof messageOf>[0], p: Parameters<typeof messageOf>[1] = {}): string {
  try {
    return messageOf(expr, p);
  } catch {
    return '';
  }
}

describe('definition names', () => {
  it.each([
    ['Foo', ''],
    ['FooBar2', ''],
    ['__org.qemu_Foo', ''],
    ['x-Foo', ''],
    ['__com.example_x-Foo', ''],
    ['foo', 'name of struct must use CamelCase'],
    ['FOO', 'name of struct must use CamelCase'],
    ['Foo-bar', 'name of struct must use CamelCase'],
    ['Foo_bar', 'name of struct must use CamelCase'],
    ['*oops', 'struct has an invalid name'],
    ['1Foo', 'struct has an invalid name'],
    ['', 'struct has an invalid name'],
    ['Q_Foo', 'name of struct must use CamelCase'],
    ['FooList', "struct name should not end in 'List'"],
  ])('struct %j', (name, msg) => {
    expect(verdict({ struct: name, data: {} })).toBe(msg);
  });

  it.each([
    ['query-foo', ''],
    ['x-query-foo', ''],
    ['__org.qemu_query-foo', ''],
    ['query_foo', "name of command must not use uppercase or '_'"],
    ['queryFoo', "name of command must not use uppercase or '_'"],
    ['q-unix', 'command has an invalid name'],
    ['q_unix', 'command has an invalid name'],
    ['q.unix', 'command has an invalid name'],
  ])('command %j', (name, msg) => {
    expect(verdict({ command: name })).toBe(msg);
  });

  it('command-name-exceptions allows _ but not uppercase', () => {
    const p = { commandNameExceptions: ['query_foo', 'queryFoo'] };
    expect(verdict({ command: 'query_foo' }, p)).toBe('');
    expect(verdict({ command: 'queryFoo' }, p)).toBe("name of command must not use uppercase or '_'");
  });

  it.each([
    ['FOO_BAR', ''],
    ['FOO2', ''],
    ['x-FOO', ''],
    ['__org.qemu_FOO', ''],
    ['Foo', "name of event must not use lowercase or '-'"],
    ['FOO-BAR', "name of event must not use lowercase or '-'"],
  ])('event %j', (name, msg) => {
    expect(verdict({ event: name })).toBe(msg);
  });

  it('uses the meta in the CamelCase and List messages', () => {
    expect(verdict({ enum: 'bad', data: [] })).toBe('name of enum must use CamelCase');
    expect(verdict({ alternate: 'AltList', data: { a: 'int' } })).toBe("alternate name should not end in 'List'");
    expect(verdict({ union: 'UList', base: { type: 'E' }, discriminator: 'type', data: {} })).toBe("union name should not end in 'List'");
  });
});

describe('member names', () => {
  it.each([
    ['a', ''],
    ['*a', ''],
    ['a-b', ''],
    ['x-a', ''],
    ['__org.qemu_a', ''],
    ['a_b', "name of 'data' member 'a_b' must not use uppercase or '_'"],
    ['aB', "name of 'data' member 'aB' must not use uppercase or '_'"],
    ['*aB', "name of 'data' member '*aB' must not use uppercase or '_'"],
    ['_a', "'data' member '_a' has an invalid name"],
    ['*', "'data' member '*' has an invalid name"],
    ['q-a', "'data' member 'q-a' has an invalid name"],
    ['u', "'data' member 'u' uses reserved name"],
    ['*u', "'data' member '*u' uses reserved name"],
    ['has-a', "'data' member 'has-a' uses reserved name"],
    ['has_a', "name of 'data' member 'has_a' must not use uppercase or '_'"],
    ['hasa', ''],
  ])('struct member %j', (name, msg) => {
    expect(verdict({ struct: 'Stru', data: { [name]: 'int' } })).toBe(msg);
  });

  it('member-name-exceptions relaxes struct members but not the reserved names', () => {
    const p = { memberNameExceptions: ['Stru'] };
    expect(verdict({ struct: 'Stru', data: { Foo_bar: 'int' } }, p)).toBe('');
    expect(verdict({ struct: 'Stru', data: { has_a: 'int' } }, p)).toBe("'data' member 'has_a' uses reserved name");
    expect(verdict({ struct: 'Other', data: { Foo_bar: 'int' } }, p)).toBe("name of 'data' member 'Foo_bar' must not use uppercase or '_'");
  });

  it('member-name-exceptions relaxes enum values and inline union bases', () => {
    const p = { memberNameExceptions: ['Enu', 'Uni'] };
    expect(verdict({ enum: 'Enu', data: ['Value_1'] }, p)).toBe('');
    expect(verdict({ union: 'Uni', base: { Tag_x: 'Enu' }, discriminator: 'Tag_x', data: {} }, p)).toBe('');
  });

  it('member-name-exceptions does not relax arguments, branches or features', () => {
    const p = { memberNameExceptions: ['cmd', 'EVT', 'Alt', 'Stru'] };
    expect(verdict({ command: 'cmd', data: { Arg: 'int' } }, p)).toBe("name of 'data' member 'Arg' must not use uppercase or '_'");
    expect(verdict({ event: 'EVT', data: { a_b: 'int' } }, p)).toBe("name of 'data' member 'a_b' must not use uppercase or '_'");
    expect(verdict({ alternate: 'Alt', data: { a_b: 'int' } }, p)).toBe("name of 'data' member 'a_b' must not use uppercase or '_'");
    expect(verdict({ struct: 'Stru', data: {}, features: ['Bad'] }, p)).toBe(
      "name of 'features' member 'Bad' must not use uppercase or '_'",
    );
  });

  it('union branch names are not checked', () => {
    expect(verdict({ union: 'Uni', base: 'Base', discriminator: 'k', data: { Odd_Name: 'S' } })).toBe('');
  });
});

describe('enum values', () => {
  it.each([
    ['one', ''],
    ['1', ''],
    ['2nd', ''],
    ['8x', ''],
    ['x-1', ''],
    ['1_a', "name of 'data' member '1_a' must not use uppercase or '_'"],
    ['1A', "name of 'data' member '1A' must not use uppercase or '_'"],
    ['-1', "'data' member '-1' has an invalid name"],
    ['q-Unix', "'data' member 'q-Unix' has an invalid name"],
    ['not\\possible', "'data' member 'not\\possible' has an invalid name"],
  ])('%j', (name, msg) => {
    expect(verdict({ enum: 'Enu', data: [name] })).toBe(msg);
  });

  it('reports an empty value as an invalid name (QEMU 7.2 crashes)', () => {
    expect(verdict({ enum: 'Enu', data: [''] })).toBe("'data' member '' has an invalid name");
    expect(verdict({ enum: 'Enu', data: [{ name: '' }] })).toBe("'data' member '' has an invalid name");
  });
});

const info = new SourceInfo('x.json', 1, undefined);

function keysError(value: Record<string, string>, required: string[], optional: string[]): string {
  try {
    checkKeys(toObject(value), info, 'thing', required, optional);
  } catch (e) {
    if (e instanceof QAPIError) return e.msg;
    throw e;
  }
  return '';
}

describe('checkKeys', () => {
  it('accepts required plus optional keys', () => {
    expect(keysError({ a: 'x', b: 'y' }, ['a'], ['b', 'c'])).toBe('');
  });

  it('reports one missing key', () => {
    expect(keysError({}, ['name'], ['if'])).toBe("thing misses key 'name'");
  });

  it('reports several missing keys, sorted, with a plural', () => {
    expect(keysError({ union: 'U' }, ['union', 'base', 'discriminator', 'data'], [])).toBe(
      "thing misses keys 'base', 'data', 'discriminator'",
    );
  });

  it('reports missing keys before unknown ones', () => {
    expect(keysError({ zz: 'x' }, ['a'], [])).toBe("thing misses key 'a'");
  });

  it('reports unknown keys, sorted, with the sorted valid keys and a final dot', () => {
    expect(keysError({ type: 'int', zz: 'x', aa: 'y' }, ['type'], ['if', 'features'])).toBe(
      "thing has unknown keys 'aa', 'zz'\nValid keys are 'features', 'if', 'type'.",
    );
  });

  it('sorts by code point (uppercase and - before lowercase)', () => {
    expect(keysError({ b: 'x' }, [], ['a-b', 'aa', 'B'])).toBe("thing has unknown key 'b'\nValid keys are 'B', 'a-b', 'aa'.");
  });
});

function structIf(cond: Plain): CheckedStruct {
  return check([{ struct: 'Stru', data: {}, if: cond }])[0] as CheckedStruct;
}

describe("'if' conditions", () => {
  it('is undefined when absent', () => {
    expect((check([{ struct: 'Stru', data: {} }])[0] as CheckedStruct).if).toBeUndefined();
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
