import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Pragmas } from '../../../generator/parser/expression.js';
import { type Def, type Plain, docOf, errorOf } from './build.js';

/*
 * QEMU 7.2's expression-stage negative tests, transcribed by hand (the parser is another
 * stage): each case gives the test's definitions with their line numbers; the rendered error
 * must equal the test's .err file, read at run time from the QEMU tree.
 */
const QEMU_TESTS = fileURLToPath(new URL('../../../../shared/qemu-7.2/tests/qapi-schema/', import.meta.url));

function expectedError(test: string): string {
  return readFileSync(`${QEMU_TESTS}${test}.err`, 'utf8');
}

interface Case {
  readonly defs: Def[];
  readonly pragmas?: Partial<Pragmas>;
}

function at(line: number, expr: { [key: string]: Plain }, fname?: string): Def {
  return fname === undefined ? { line, expr } : { line, expr, fname };
}

const CASES: Record<string, () => Case> = {
  'alternate-branch-if-invalid': () => ({
    defs: [at(2, { alternate: 'Alt', data: { branch: { type: 'int', if: ' ' } } })],
  }),
  'alternate-clash': () => ({
    defs: [at(6, { alternate: 'Alt1', data: { 'a-b': 'bool', a_b: 'int' } })],
    pragmas: { memberNameExceptions: ['Alt1'] },
  }),
  'alternate-data-invalid': () => ({ defs: [at(2, { alternate: 'Alt', data: ['rubbish', 'nonsense'] })] }),
  'alternate-invalid-dict': () => ({
    defs: [at(2, { alternate: 'Alt', data: { one: 'str', two: { if: 'foo' } } })],
  }),
  'args-array-empty': () => ({ defs: [at(2, { command: 'oops', data: { empty: [] } })] }),
  'args-bad-boxed': () => ({ defs: [at(2, { command: 'foo', boxed: false })] }),
  'args-boxed-anon': () => ({ defs: [at(2, { command: 'foo', boxed: true, data: { string: 'str' } })] }),
  'args-member-array-bad': () => ({ defs: [at(2, { command: 'oops', data: { member: [{ nested: 'str' }] } })] }),
  'args-member-case': () => ({
    defs: [at(2, { command: 'no-way-this-will-get-whitelisted', data: { Arg: 'int' } })],
  }),
  'bad-data': () => ({ defs: [at(2, { command: 'oops', data: [] })] }),
  'bad-ident': () => ({ defs: [at(2, { struct: '*oops', data: { i: 'int' } })] }),
  'bad-if-all': () => ({ defs: [at(2, { struct: 'TestIfStruct', data: { foo: 'int' }, if: { all: 'ALL' } })] }),
  'bad-if-empty': () => ({ defs: [at(2, { struct: 'TestIfStruct', data: { foo: 'int' }, if: '' })] }),
  'bad-if-empty-list': () => ({ defs: [at(2, { struct: 'TestIfStruct', data: { foo: 'int' }, if: { all: [] } })] }),
  'bad-if-key': () => ({
    defs: [at(2, { struct: 'TestIfStruct', data: { foo: 'int' }, if: { value: 'defined(TEST_IF_STRUCT)' } })],
  }),
  'bad-if-keys': () => ({
    defs: [at(2, { struct: 'TestIfStruct', data: { foo: 'int' }, if: { any: ['ANY'], all: ['ALL'] } })],
  }),
  'bad-if-list': () => ({ defs: [at(2, { struct: 'TestIfStruct', data: { foo: 'int' }, if: { all: ['foo', ' '] } })] }),
  'bad-if-not': () => ({ defs: [at(2, { struct: 'TestIfStruct', data: { foo: 'int' }, if: { not: '' } })] }),
  'bad-if': () => ({ defs: [at(2, { struct: 'TestIfStruct', data: { foo: 'int' }, if: ['TEST_IF_STRUCT'] })] }),
  'bad-type-bool': () => ({ defs: [at(2, { struct: true, data: {} })] }),
  'bad-type-dict': () => ({ defs: [at(2, { command: {} })] }),
  'doc-bad-symbol': () => ({
    defs: [{ line: 6, expr: { command: 'foo', data: { a: 'int' } }, doc: docOf(['# @food:'], 3, 'doc-bad-symbol.json') }],
  }),
  'doc-invalid-return': () => ({
    defs: [
      {
        line: 7,
        expr: { event: 'FOO' },
        doc: docOf(['# @FOO:', '# Returns: blah'], 3, 'doc-invalid-return.json'),
      },
    ],
  }),
  'doc-missing': () => ({ defs: [at(5, { command: 'undocumented' })], pragmas: { docRequired: true } }),
  'double-type': () => ({ defs: [at(2, { command: 'foo', struct: 'Bar', data: {} })] }),
  'enum-bad-member': () => ({ defs: [at(2, { enum: 'MyEnum', data: [[]] })] }),
  'enum-bad-name': () => ({ defs: [at(3, { enum: 'MyEnum', data: ['not\\possible'] })] }),
  'enum-bad-prefix': () => ({ defs: [at(2, { enum: 'MyEnum', data: ['one'], prefix: ['fish'] })] }),
  'enum-dict-member-unknown': () => ({ defs: [at(2, { enum: 'MyEnum', data: [{ name: 'foo', 'bad-key': 'str' }] })] }),
  'enum-dict-no-name': () => ({ defs: [at(2, { enum: 'Enum', data: [{}] })] }),
  'enum-if-invalid': () => ({ defs: [at(2, { enum: 'TestIfEnum', data: ['foo', { name: 'bar', if: { val: 'foo' } }] })] }),
  'enum-member-case': () => ({
    defs: [at(3, { enum: 'UuidInfo', data: ['Value'] }), at(4, { enum: 'NoWayThisWillGetWhitelisted', data: ['Value'] })],
    pragmas: { memberNameExceptions: ['UuidInfo'] },
  }),
  'enum-missing-data': () => ({ defs: [at(2, { enum: 'MyEnum' })] }),
  'enum-wrong-data': () => ({ defs: [at(2, { enum: 'MyEnum', data: { value: 'str' } })] }),
  'event-boxed-empty': () => ({ defs: [at(2, { event: 'FOO', boxed: true })] }),
  'event-case': () => ({ defs: [at(1, { event: 'oops' })] }),
  'event-member-invalid-dict': () => ({ defs: [at(3, { event: 'EVENT_A', data: { a: { string: 'str', integer: 'int' }, b: 'str' } })] }),
  'event-nest-struct': () => ({
    defs: [at(1, { event: 'EVENT_A', data: { a: { type: { integer: 'int' } }, b: 'str' } })],
  }),
  'features-bad-type': () => ({
    defs: [at(1, { struct: 'FeatureStruct0', data: { foo: 'int' }, features: [['a feature cannot be an array']] })],
  }),
  'features-if-invalid': () => ({ defs: [at(2, { struct: 'Stru', data: {}, features: [{ name: 'f', if: false }] })] }),
  'features-missing-name': () => ({
    defs: [at(1, { struct: 'FeatureStruct0', data: { foo: 'int' }, features: [{ if: 'NAMELESS_FEATURES' }] })],
  }),
  'features-name-bad-type': () => ({
    defs: [at(1, { struct: 'FeatureStruct0', data: { foo: 'int' }, features: [{ name: { 'feature-type': 'object' } }] })],
  }),
  'features-no-list': () => ({ defs: [at(1, { struct: 'FeatureStruct0', data: { foo: 'int' }, features: 'bar' })] }),
  'features-unknown-key': () => ({
    defs: [at(1, { struct: 'FeatureStruct0', data: { foo: 'int' }, features: [{ name: 'bar', colour: 'red' }] })],
  }),
  'missing-type': () => ({ defs: [at(2, { data: {} })] }),
  'nested-struct-data': () => ({ defs: [at(2, { command: 'foo', data: { a: { type: {} }, b: 'str' } })] }),
  'oob-coroutine': () => ({ defs: [at(2, { command: 'oob-command-1', 'allow-oob': true, coroutine: true })] }),
  'oob-test': () => ({ defs: [at(2, { command: 'oob-command-1', 'allow-oob': 'some-string' })] }),
  'allow-preconfig-test': () => ({ defs: [at(2, { command: 'allow-preconfig-test', 'allow-preconfig': 'some-string' })] }),
  'reserved-command-q': () => ({ defs: [at(4, { command: 'unix' }), at(5, { command: 'q-unix' })] }),
  'reserved-enum-q': () => ({ defs: [at(4, { enum: 'Foo', data: ['unix', 'q-Unix'] })] }),
  'reserved-member-has': () => ({ defs: [at(5, { command: 'oops', data: { '*a': 'str', 'has-a': 'str' } })] }),
  'reserved-member-q': () => ({ defs: [at(4, { struct: 'Foo', data: { unix: 'int', 'q-unix': 'bool' } })] }),
  'reserved-member-underscore': () => ({ defs: [at(4, { struct: 'Oops', data: { _oops: 'str' } })] }),
  'reserved-type-list': () => ({ defs: [at(5, { struct: 'FooList', data: { s: 'str' } })] }),
  'returns-array-bad': () => ({ defs: [at(2, { command: 'oops', returns: ['str', 'str'] })] }),
  'returns-dict': () => ({ defs: [at(2, { command: 'oops', returns: { a: 'str' } })] }),
  'struct-data-invalid': () => ({ defs: [at(1, { struct: 'Foo', data: false })] }),
  'struct-member-if-invalid': () => ({ defs: [at(2, { struct: 'Stru', data: { member: { type: 'int', if: true } } })] }),
  'struct-member-invalid-dict': () => ({ defs: [at(3, { struct: 'Foo', data: { '*a': { case: 'foo' } } })] }),
  'type-bypass-bad-gen': () => ({ defs: [at(2, { command: 'foo', gen: 'whatever' })] }),
  'type-case': () => ({ defs: [at(2, { struct: 'not-a-camel', data: {} })] }),
  'union-array-branch': () => ({
    defs: [
      at(8, {
        union: 'TestUnion',
        base: 'Base',
        discriminator: 'enum1',
        data: { value1: ['TestTypeB'], value2: 'TestTypeB' },
      }),
    ],
  }),
  'union-bad-discriminator': () => ({
    defs: [
      at(11, {
        union: 'TestUnion',
        base: 'TestBase',
        discriminator: {},
        data: { kind1: 'TestTypeA', kind2: 'TestTypeB' },
      }),
    ],
  }),
  'union-branch-if-invalid': () => ({
    defs: [
      at(4, {
        union: 'Uni',
        base: { tag: 'Branches' },
        discriminator: 'tag',
        data: { branch1: { type: 'Stru', if: { all: [''] } } },
      }),
    ],
  }),
  'union-branch-invalid-dict': () => ({
    defs: [
      at(4, {
        union: 'UnionInvalidBranch',
        base: { type: 'TestEnum' },
        discriminator: 'type',
        data: { integer: { if: 'foo' }, s8: 'int8' },
      }),
    ],
  }),
  'union-inline-invalid-dict': () => ({
    defs: [
      at(7, {
        union: 'TestUnion',
        base: 'Base',
        discriminator: 'enum1',
        data: { value1: { string: 'str' }, value2: { integer: 'int' } },
      }),
    ],
  }),
  'union-no-base': () => ({
    defs: [at(8, { union: 'TestUnion', discriminator: 'Enum', data: { value1: 'TestTypeA', value2: 'TestTypeB' } })],
  }),
};

describe('QEMU 7.2 expression-stage .err files', () => {
  for (const [test, make] of Object.entries(CASES)) {
    it(test, () => {
      const { defs, pragmas } = make();
      const located = defs.map((d) => ({ ...d, fname: d.fname ?? `${test}.json` }));
      expect(errorOf(located, pragmas) + '\n').toBe(expectedError(test));
    });
  }
});
