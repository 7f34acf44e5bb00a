/**
 * QEMU's tests/qapi-schema/qapi-schema-test.json (the suite's "everything valid" schema) with
 * none, some and all of its TEST_IF_* symbols. Expected facts are derived by hand from the
 * schema and scripts/qapi/introspect.py, not from qapi-ts output.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIntrospection, type IntrospectionOptions } from '../../../../generator/backends/introspect/introspect.js';
import type { SchemaInfo } from '../../../../contracts/schema-info.js';
import { loadSchema } from '../../../../generator/frontend.js';
import type { Schema } from '../../../../generator/schema/model.js';
import { qemuDir } from '../../../support/qemu-dir.js';
import { entry, names } from './load.js';

const allSymbols = [
  'TEST_IF_STRUCT',
  'TEST_IF_STRUCT_BAR',
  'TEST_IF_ENUM',
  'TEST_IF_ENUM_BAR',
  'TEST_IF_UNION',
  'TEST_IF_ALT',
  'TEST_IF_ALT_BAR',
  'TEST_IF_CMD',
  'TEST_IF_CMD_BAR',
  'TEST_IF_EVT',
  'TEST_IF_EVT_BAR',
  'TEST_IF_FEATURE_1',
  'TEST_IF_FEATURE_2',
  'TEST_IF_COND_1',
  'TEST_IF_COND_2',
];
const someSymbols = ['TEST_IF_STRUCT', 'TEST_IF_CMD', 'TEST_IF_FEATURE_1', 'TEST_IF_COND_1'];

/** Commands and events in source order (all in the main module), with their conditions' verdicts. */
const unconditionalCommandsEvents = [
  'user-def-cmd0',
  'user-def-cmd',
  'user-def-cmd1',
  'user-def-cmd2',
  'cmd-success-response',
  'coroutine-cmd',
  'guest-get-time',
  'guest-sync',
  'boxed-struct',
  'boxed-union',
  'boxed-empty',
  'test-flags-command',
  'EVENT_A',
  'EVENT_B',
  'EVENT_C',
  'EVENT_D',
  'EVENT_E',
  'EVENT_F',
  'EVENT_G',
  '__ORG.QEMU_X-EVENT',
  '__org.qemu_x-command',
];
const featureCommandsEvents = [
  'test-features0',
  'test-command-features1',
  'test-command-features3',
  'test-command-cond-features1',
  'test-command-cond-features2',
  'test-command-cond-features3',
  'TEST_EVENT_FEATURES0',
  'TEST_EVENT_FEATURES1',
  'TEST_EVENT_FEATURES2',
];

/** Types in first-use order as far as the queue built by the commands and events goes, then
 *  the first types those reach (processing UserDefOne's users, UserDefTwo, ...). */
const typeOrderStart = [
  'Empty2',
  'q_empty',
  'q_obj_user-def-cmd1-arg',
  'q_obj_user-def-cmd2-arg',
  'UserDefTwo',
  'q_obj_guest-get-time-arg',
  'int',
  'q_obj_guest-sync-arg',
  'any',
  'UserDefZero',
  'UserDefFlatUnion',
  'Empty1',
  'q_obj_EVENT_C-arg',
  'q_obj_EVENT_D-arg',
  '__org.qemu_x-Struct',
  'q_obj___org.qemu_x-command-arg',
  'q_obj_test-if-union-cmd-arg',
  'q_obj_test-if-alternate-cmd-arg',
  'q_obj_test-if-cmd-arg',
  'UserDefThree',
  'q_obj_TEST_IF_EVENT-arg',
  'q_obj_test-features0-arg',
  'FeatureStruct1',
  // reached while processing the above
  'UserDefOne',
  'str',
  'UserDefTwoDict',
  'EnumOne',
  'UserDefA',
  'UserDefB',
  'EventStructOne',
  '__org.qemu_x-Enum',
  '[__org.qemu_x-Enum]',
  '[__org.qemu_x-Struct]',
  '__org.qemu_x-Union',
  '__org.qemu_x-Alt',
];

/** Defined in the schema but used by no command or event, directly or not. */
const unusedTypes = [
  '[TestStruct]',
  '[UserDefOne]',
  '[UserDefTwo]',
  '[Status]',
  '[int]',
  'NestedEnumsOne',
  'MyEnum',
  'Union',
  'QEnumTwo',
  'ForceArrays',
  'UserDefFlatUnion2',
  'UserDefC',
  'WrapAlternate',
  'UserDefAlternate',
  'AltEnumBool',
  'AltEnumNum',
  'AltNumEnum',
  'AltEnumInt',
  'AltListInt',
  'AltStrObj',
  'ArrayStruct',
  'Status',
  'SecondArrayRef',
  'UserDefOptions',
  'FeatureEnum1',
  'FeatureUnion1',
  'FeatureAlternate1',
  'int8',
  'uint64',
  'number',
  'null',
];

let schema: Schema;
beforeAll(() => {
  schema = loadSchema(join(qemuDir(), 'tests/qapi-schema/qapi-schema-test.json')).schema;
});

function introspect(defined: readonly string[] | undefined, unmask = true): SchemaInfo[] {
  const options: IntrospectionOptions = { unmask, defined: defined && new Set(defined) };
  return buildIntrospection(schema, options);
}

function commandsAndEvents(entries: readonly SchemaInfo[]): string[] {
  return names(entries.filter((e) => e['meta-type'] === 'command' || e['meta-type'] === 'event'));
}

describe('introspection of qapi-schema-test.json with no TEST_IF_* symbol', () => {
  let all: SchemaInfo[];
  beforeAll(() => {
    all = introspect([]);
  });

  it('drops the conditional commands and events, keeping source order', () => {
    expect(commandsAndEvents(all)).toEqual([...unconditionalCommandsEvents, 'test-cmd-return-def-three', ...featureCommandsEvents]);
    expect(names(all.slice(0, 31))).toEqual(commandsAndEvents(all));
  });

  it('drops the conditional types, even those still reached', () => {
    for (const name of ['q_obj_test-if-cmd-arg', 'TestIfStruct', 'TestIfEnum', 'TestIfUnion', 'TestIfAlternate', '[TestIfEnum]']) {
      expect(names(all)).not.toContain(name);
    }
  });

  it('keeps unconditional types reached only through disabled entities', () => {
    // TestStruct is a branch of TestIfUnion and TestIfAlternate, both disabled.
    expect(entry(all, 'TestStruct')).toEqual({
      name: 'TestStruct',
      members: [
        { name: 'integer', type: 'int' },
        { name: 'boolean', type: 'bool' },
        { name: 'string', type: 'str' },
      ],
      'meta-type': 'object',
    });
  });

  it('writes features: [] where every feature is conditional', () => {
    expect(entry(all, 'test-command-cond-features1')).toHaveProperty('features', []);
    expect(entry(all, 'test-command-cond-features3')).toHaveProperty('features', []);
    expect(entry(all, 'CondFeatureStruct2')).toHaveProperty('features', []);
  });
});

describe('introspection of qapi-schema-test.json with some TEST_IF_* symbols', () => {
  let all: SchemaInfo[];
  beforeAll(() => {
    all = introspect(someSymbols);
  });

  it('keeps exactly the commands and events whose conditions hold', () => {
    // test-if-cmd needs TEST_IF_CMD and TEST_IF_STRUCT; the union, alternate and event ones miss a symbol.
    expect(commandsAndEvents(all)).toEqual([
      ...unconditionalCommandsEvents,
      'test-if-cmd',
      'test-cmd-return-def-three',
      ...featureCommandsEvents,
    ]);
  });

  it('drops a member whose condition fails but still emits its type when that holds', () => {
    expect(entry(all, 'q_obj_test-if-cmd-arg')).toEqual({
      name: 'q_obj_test-if-cmd-arg',
      members: [{ name: 'foo', type: 'TestIfStruct' }],
      'meta-type': 'object',
    });
    expect(entry(all, 'TestIfStruct')).toEqual({
      name: 'TestIfStruct',
      members: [{ name: 'foo', type: 'int' }],
      'meta-type': 'object',
    });
    expect(names(all)).not.toContain('TestIfEnum'); // used by the dropped member; needs TEST_IF_ENUM
  });

  it('keeps only the features whose conditions hold', () => {
    expect(entry(all, 'test-command-cond-features1')).toHaveProperty('features', ['feature1']);
    expect(entry(all, 'test-command-cond-features2')).toHaveProperty('features', ['feature1']);
    expect(entry(all, 'test-command-cond-features3')).toHaveProperty('features', []); // needs COND_1 and COND_2
    expect(entry(all, 'CondFeatureStruct4')).toHaveProperty('features', ['feature1']); // COND_1 or COND_2
  });
});

describe('introspection of qapi-schema-test.json with every TEST_IF_* symbol', () => {
  let all: SchemaInfo[];
  beforeAll(() => {
    all = introspect(allSymbols);
  });

  it('equals the output that ignores conditions', () => {
    expect(all).toEqual(introspect(undefined));
  });

  it('has every command and event in source order', () => {
    expect(commandsAndEvents(all)).toEqual([
      ...unconditionalCommandsEvents,
      'test-if-union-cmd',
      'test-if-alternate-cmd',
      'test-if-cmd',
      'test-cmd-return-def-three',
      'TEST_IF_EVENT',
      'TEST_IF_EVENT2',
      ...featureCommandsEvents,
    ]);
  });

  it('lists types in first-use order and leaves unused ones out', () => {
    const types = names(all.slice(commandsAndEvents(all).length));
    expect(types.slice(0, typeOrderStart.length)).toEqual(typeOrderStart);
    for (const name of unusedTypes) expect(types).not.toContain(name);
    expect(new Set(types).size).toBe(types.length);
  });

  it('introspects the conditional union, enum, alternate and event argument in full', () => {
    expect(entry(all, 'TestIfUnion')).toEqual({
      name: 'TestIfUnion',
      tag: 'type',
      variants: [
        { case: 'foo', type: 'TestStruct' },
        { case: 'bar', type: 'UserDefZero' },
      ],
      members: [{ name: 'type', type: 'TestIfEnum' }],
      'meta-type': 'object',
    });
    expect(entry(all, 'TestIfEnum')).toEqual({
      name: 'TestIfEnum',
      members: [{ name: 'foo' }, { name: 'bar' }],
      'meta-type': 'enum',
      values: ['foo', 'bar'],
    });
    expect(entry(all, 'TestIfAlternate')).toEqual({
      name: 'TestIfAlternate',
      members: [{ type: 'int' }, { type: 'TestStruct' }],
      'meta-type': 'alternate',
    });
    expect(entry(all, 'q_obj_TEST_IF_EVENT-arg')).toMatchObject({
      members: [
        { name: 'foo', type: 'TestIfStruct' },
        { name: 'bar', type: '[TestIfEnum]' },
      ],
    });
    expect(entry(all, '[TestIfEnum]')).toEqual({ name: '[TestIfEnum]', 'element-type': 'TestIfEnum', 'meta-type': 'array' });
  });

  it('adds the implicit empty branch of an uncovered enum value', () => {
    expect(entry(all, 'UserDefFlatUnion')).toEqual({
      name: 'UserDefFlatUnion',
      tag: 'enum1',
      variants: [
        { case: 'value1', type: 'UserDefA' },
        { case: 'value2', type: 'UserDefB' },
        { case: 'value3', type: 'UserDefB' },
        { case: 'value4', type: 'q_empty' },
      ],
      members: [
        { name: 'integer', type: 'int' },
        { name: 'string', type: 'str' },
        { name: 'enum1', type: 'EnumOne' },
      ],
      'meta-type': 'object',
    });
  });

  it('marks optional members, out-of-band commands and features', () => {
    expect(entry(all, 'q_obj_user-def-cmd2-arg')).toMatchObject({
      members: [
        { name: 'ud1a', type: 'UserDefOne' },
        { name: 'ud1b', default: null, type: 'UserDefOne' },
      ],
    });
    expect(entry(all, 'test-flags-command')).toHaveProperty('allow-oob', true);
    expect(all.filter((e) => 'allow-oob' in e)).toHaveLength(1);
    expect(entry(all, 'test-features0')).not.toHaveProperty('features'); // 'features': [] in the schema
    expect(entry(all, 'test-command-features3')).toHaveProperty('features', ['unstable', 'feature1', 'feature2']);
    expect(entry(all, 'FeatureStruct1')).toEqual({
      name: 'FeatureStruct1',
      members: [{ name: 'foo', type: 'int', features: ['deprecated'] }],
      'meta-type': 'object',
      features: ['feature1'],
    });
    expect(entry(all, 'test-command-cond-features3')).toHaveProperty('features', ['feature1']);
  });

  it('gives boxed commands and events the named type itself', () => {
    expect(entry(all, 'boxed-union')).toMatchObject({ 'arg-type': 'UserDefFlatUnion', 'ret-type': 'q_empty' });
    expect(entry(all, 'EVENT_E')).toMatchObject({ 'arg-type': 'UserDefZero' });
    expect(entry(all, 'guest-get-time')).toMatchObject({ 'arg-type': 'q_obj_guest-get-time-arg', 'ret-type': 'int' });
  });
});

describe('masked names of qapi-schema-test.json', () => {
  it('numbers types 0, 1, ... in first-use order when nothing is dropped', () => {
    const masked = introspect(allSymbols, false);
    const maskable = masked.filter((e) => ['enum', 'object', 'alternate'].includes(e['meta-type']));
    expect(names(maskable)).toEqual(maskable.map((_, i) => String(i)));
    expect(entry(masked, 'test-cmd-return-def-three')).toMatchObject({ 'arg-type': '1', 'ret-type': '17' });
    expect(entry(masked, '[27]')).toMatchObject({ 'element-type': '27' }); // [__org.qemu_x-Enum]
    expect(entry(masked, '[12]')).toMatchObject({ 'element-type': '12' }); // [__org.qemu_x-Struct]
  });

  it('keeps each type its number whatever is defined, leaving gaps', () => {
    const full = introspect(allSymbols, false);
    const none = introspect([], false);
    expect(entry(none, 'test-cmd-return-def-three')).toMatchObject({ 'arg-type': '1', 'ret-type': '17' });
    // 14, 15, 16 and 18 are the argument types of the disabled test-if-* commands and event.
    for (const gap of ['14', '15', '16', '18']) expect(names(none)).not.toContain(gap);
    const byName = new Map(full.map((e) => [e.name, e]));
    for (const e of none) {
      if (e['meta-type'] === 'command' || e['meta-type'] === 'event') continue;
      expect(byName.has(e.name), e.name).toBe(true);
    }
  });

  it('matches the unmasked output entry for entry', () => {
    const masked = introspect(someSymbols, false);
    const unmasked = introspect(someSymbols, true);
    expect(masked).toHaveLength(unmasked.length);
    expect(masked.map((e) => e['meta-type'])).toEqual(unmasked.map((e) => e['meta-type']));
  });
});
