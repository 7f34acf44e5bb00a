import { describe, expect, it } from 'vitest';
import { messageOf } from './build.js';

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
    expect(
      verdict({ union: 'UList', base: { type: 'E' }, discriminator: 'type', data: {} }),
    ).toBe("union name should not end in 'List'");
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
    expect(verdict({ struct: 'Other', data: { Foo_bar: 'int' } }, p)).toBe(
      "name of 'data' member 'Foo_bar' must not use uppercase or '_'",
    );
  });

  it('member-name-exceptions relaxes enum values and inline union bases', () => {
    const p = { memberNameExceptions: ['Enu', 'Uni'] };
    expect(verdict({ enum: 'Enu', data: ['Value_1'] }, p)).toBe('');
    expect(verdict({ union: 'Uni', base: { Tag_x: 'Enu' }, discriminator: 'Tag_x', data: {} }, p)).toBe('');
  });

  it('member-name-exceptions does not relax arguments, branches or features', () => {
    const p = { memberNameExceptions: ['cmd', 'EVT', 'Alt', 'Stru'] };
    expect(verdict({ command: 'cmd', data: { Arg: 'int' } }, p)).toBe(
      "name of 'data' member 'Arg' must not use uppercase or '_'",
    );
    expect(verdict({ event: 'EVT', data: { a_b: 'int' } }, p)).toBe(
      "name of 'data' member 'a_b' must not use uppercase or '_'",
    );
    expect(verdict({ alternate: 'Alt', data: { a_b: 'int' } }, p)).toBe(
      "name of 'data' member 'a_b' must not use uppercase or '_'",
    );
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
