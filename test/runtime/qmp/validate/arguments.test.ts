/** As QEMU's qapi/qobject-input-visitor.c, one rule per test: messages, paths and the order of checks of argument validation. */
import { describe, expect, it } from 'vitest';
import { compatPolicy } from '../../../../runtime/qmp/dispatch/compat.js';
import { CompatPolicyCrash } from '../../../../runtime/qmp/dispatch/errors.js';
import { QmpDouble } from '../../../../runtime/qmp/json/value.js';
import { validateArguments } from '../../../../runtime/qmp/validate/arguments.js';
import { tablesOf } from '../support.js';

const tables = tablesOf(
  `
{ 'enum': 'Color', 'data': [ 'red', { 'name': 'green', 'if': 'HAVE_GREEN' },
                             { 'name': 'blue', 'features': [ 'deprecated' ] },
                             { 'name': 'pink', 'features': [ 'unstable' ] } ] }
{ 'struct': 'Opts', 'data': { 'auto-dismiss': 'bool', '*speed': 'int' } }
{ 'struct': 'Base', 'data': { 'driver': 'Driver', '*node': 'str' } }
{ 'enum': 'Driver', 'data': [ 'file', 'null', 'raw' ] }
{ 'struct': 'FileOpts', 'data': { 'filename': 'str' } }
{ 'struct': 'RawOpts', 'data': { '*offset': 'uint64' } }
{ 'union': 'Dev', 'base': 'Base', 'discriminator': 'driver',
  'data': { 'file': 'FileOpts', 'raw': 'RawOpts' } }
{ 'alternate': 'DevRef', 'data': { 'definition': 'Dev', 'reference': 'str', 'none': 'null' } }
{ 'alternate': 'Number', 'data': { 'i': 'int', 'b': 'bool' } }
{ 'command': 'ints', 'data': { '*i8': 'int8', '*i16': 'int16', '*i32': 'int32', '*i64': 'int',
  '*u8': 'uint8', '*u16': 'uint16', '*u32': 'uint32', '*u64': 'uint64', '*sz': 'size' } }
{ 'command': 'scalars', 'data': { '*s': 'str', '*b': 'bool', '*n': 'number', '*z': 'null', '*a': 'any' } }
{ 'command': 'two', 'data': { 'first': 'str', 'second': 'int' } }
{ 'command': 'nested', 'data': { 'options': 'Opts', '*list': ['Opts'], '*colors': ['Color'], '*grid': ['Row'] } }
{ 'struct': 'Row', 'data': { 'cells': ['int'] } }
{ 'command': 'paint', 'data': { '*color': 'Color' } }
{ 'command': 'dev', 'data': 'Dev', 'boxed': true }
{ 'command': 'ref', 'data': { 'ref': 'DevRef', '*refs': ['DevRef'], '*num': 'Number' } }
{ 'command': 'old', 'data': { '*old': { 'type': 'str', 'features': [ 'deprecated' ] },
                              'must': { 'type': 'str', 'features': [ 'unstable' ] } } }
{ 'command': 'cond', 'data': { '*on': { 'type': 'str', 'if': 'HAVE_ON' } } }
{ 'command': 'none' }
`,
  [],
);

function error(command: string, args: unknown, policy = compatPolicy()): string | undefined {
  const result = validateArguments(tables, command, args, policy);
  return result.ok ? undefined : result.error;
}

describe('missing and unexpected members', () => {
  it('a mandatory member that is absent is missing', () => {
    expect(error('two', { second: 1 })).toBe("Parameter 'first' is missing");
  });
  it('members are visited in schema order: the first failure wins', () => {
    expect(error('two', { second: 'x' })).toBe("Parameter 'first' is missing");
    expect(error('two', { first: 1, second: 'x' })).toBe("Invalid parameter type for 'first', expected: string");
  });
  it('leftover keys are reported only after every member passed', () => {
    expect(error('two', { first: 'a', extra: 1 })).toBe("Parameter 'second' is missing");
    expect(error('two', { first: 'a', second: 1, extra: 1 })).toBe("Parameter 'extra' is unexpected");
  });
  it('a command without arguments rejects any key', () => {
    expect(error('none', {})).toBeUndefined();
    expect(error('none', undefined)).toBeUndefined();
    expect(error('none', { x: 1 })).toBe("Parameter 'x' is unexpected");
  });
  it('leftover keys of nested objects carry the path', () => {
    expect(error('nested', { options: { 'auto-dismiss': true, x: 1 } })).toBe("Parameter 'options.x' is unexpected");
  });
  it('a member whose condition is off is unexpected', () => {
    expect(error('cond', { on: 'x' })).toBe("Parameter 'on' is unexpected");
    const withSymbol = tablesOf("{ 'command': 'cond', 'data': { '*on': { 'type': 'str', 'if': 'HAVE_ON' } } }", ['HAVE_ON']);
    expect(validateArguments(withSymbol, 'cond', { on: 'x' }).ok).toBe(true);
  });
  it('inherited Object properties are not members', () => {
    const t = tablesOf("{ 'command': 'c', 'data': { 'constructor': 'str' } }");
    expect(validateArguments(t, 'c', {})).toEqual({ ok: false, error: "Parameter 'constructor' is missing" });
  });
});

describe('scalar types', () => {
  it.each([
    ['s', 1, 'string'],
    ['b', 'yes', 'boolean'],
    ['n', 'x', 'number'],
    ['z', 0, 'null'],
  ])('%s = %j: expected %s', (member, value, expected) => {
    expect(error('scalars', { [member]: value })).toBe(`Invalid parameter type for '${member}', expected: ${expected}`);
  });
  it('any accepts anything; number accepts integers and doubles', () => {
    expect(error('scalars', { a: [{ x: null }], n: 1 })).toBeUndefined();
    expect(error('scalars', { n: 1.5 })).toBeUndefined();
  });
  it('a null value is present, not absent', () => {
    expect(error('two', { first: null, second: 1 })).toBe("Invalid parameter type for 'first', expected: string");
  });
});

describe('integers', () => {
  it('int needs an integer representable as int64', () => {
    expect(error('ints', { i64: 1.5 })).toBe("Invalid parameter type for 'i64', expected: integer");
    expect(error('ints', { i64: '1' })).toBe("Invalid parameter type for 'i64', expected: integer");
    expect(error('ints', { i64: 2n ** 63n })).toBe("Invalid parameter type for 'i64', expected: integer");
    expect(error('ints', { i64: -(2n ** 63n) })).toBeUndefined();
  });
  it.each([
    ['i8', 128, 'int8_t'],
    ['i8', -129, 'int8_t'],
    ['i16', 32768, 'int16_t'],
    ['i32', 2 ** 31, 'int32_t'],
  ])('%s = %d is out of range: expects %s (bare name)', (member, value, cType) => {
    expect(error('ints', { [member]: value })).toBe(`Parameter '${member}' expects ${cType}`);
  });
  it('signed range limits are inclusive', () => {
    expect(error('ints', { i8: -128, i16: 32767, i32: -(2 ** 31) })).toBeUndefined();
  });
  it('uint64 and size accept negative int64 values, wrapped modulo 2^64', () => {
    const result = validateArguments(tables, 'ints', { u64: -1n, sz: -2 });
    expect(result).toEqual({ ok: true, value: { u64: 2n ** 64n - 1n, sz: 2 ** 64 - 2 } });
  });
  it('uint64 rejects what is neither uint64 nor int64, saying uint64 with the full path', () => {
    expect(error('ints', { u64: 2n ** 64n })).toBe("Parameter 'u64' expects uint64");
    expect(error('ints', { u64: 'x' })).toBe("Parameter 'u64' expects uint64");
    expect(error('ints', { u8: 0.5 })).toBe("Parameter 'u8' expects uint64");
  });
  it.each([
    ['u8', 256, 'uint8_t'],
    ['u8', -1, 'uint8_t'],
    ['u16', 65536, 'uint16_t'],
    ['u32', 2 ** 32, 'uint32_t'],
  ])('%s = %d is out of range: expects %s', (member, value, cType) => {
    expect(error('ints', { [member]: value })).toBe(`Parameter '${member}' expects ${cType}`);
  });
  it('doubles (the reader wraps integral ones: 1.0, 1e3) are never integers', () => {
    expect(error('ints', { i64: new QmpDouble(1) })).toBe("Invalid parameter type for 'i64', expected: integer");
    expect(error('ints', { u8: new QmpDouble(1) })).toBe("Parameter 'u8' expects uint64");
    expect(validateArguments(tables, 'scalars', { n: new QmpDouble(3) })).toEqual({ ok: true, value: { n: 3 } });
    expect(error('ref', { ref: 'x', num: new QmpDouble(2) })).toBe("Invalid parameter type for 'num', expected: integer");
  });
  it('objects without a prototype (as the reader makes them) are objects', () => {
    const args = Object.assign(Object.create(null) as object, { first: 'a', second: 1 });
    expect(error('two', args)).toBeUndefined();
  });
  it('validation never modifies the request', () => {
    const args = { u64: -1 };
    validateArguments(tables, 'ints', args);
    expect(args).toEqual({ u64: -1 });
  });
});

describe('enums', () => {
  it('need a string, then a known value', () => {
    expect(error('paint', { color: 1 })).toBe("Invalid parameter type for 'color', expected: string");
    expect(error('paint', { color: 'mauve' })).toBe("Parameter 'color' does not accept value 'mauve'");
  });
  it('values whose condition is off are unknown', () => {
    expect(error('paint', { color: 'green' })).toBe("Parameter 'color' does not accept value 'green'");
  });
  it("list elements are named 'null' in value messages, by path in type messages", () => {
    expect(error('nested', { options: { 'auto-dismiss': true }, colors: ['red', 'bogus'] })).toBe(
      "Parameter 'null' does not accept value 'bogus'",
    );
    expect(error('nested', { options: { 'auto-dismiss': true }, colors: ['red', 7] })).toBe(
      "Invalid parameter type for 'colors[1]', expected: string",
    );
  });
});

describe('objects and lists', () => {
  it('an object member must be an object, and is missing when absent', () => {
    expect(error('nested', {})).toBe("Parameter 'options' is missing");
    expect(error('nested', { options: [] })).toBe("Invalid parameter type for 'options', expected: object");
  });
  it('nested members are named by path', () => {
    expect(error('nested', { options: {} })).toBe("Parameter 'options.auto-dismiss' is missing");
    expect(error('nested', { options: { 'auto-dismiss': 1 } })).toBe(
      "Invalid parameter type for 'options.auto-dismiss', expected: boolean",
    );
  });
  it('a list member must be an array; elements are named a[i]', () => {
    const options = { 'auto-dismiss': true };
    expect(error('nested', { options, list: {} })).toBe("Invalid parameter type for 'list', expected: array");
    expect(error('nested', { options, list: [options, { speed: 1 }] })).toBe("Parameter 'list[1].auto-dismiss' is missing");
    expect(error('nested', { options, list: [options, 5] })).toBe("Invalid parameter type for 'list[1]', expected: object");
    expect(error('nested', { options, grid: [{ cells: [1] }, { cells: [2, 'x'] }] })).toBe(
      "Invalid parameter type for 'grid[1].cells[1]', expected: integer",
    );
    expect(error('nested', { options, list: [{ ...options, x: 1 }] })).toBe("Parameter 'list[0].x' is unexpected");
  });
});

describe('unions', () => {
  it('base members come first, then the members of the branch the discriminator selects', () => {
    expect(error('dev', { driver: 'file' })).toBe("Parameter 'filename' is missing");
    expect(error('dev', { node: 1 })).toBe("Parameter 'driver' is missing");
    expect(error('dev', { driver: 'file', filename: 'x', node: 1 })).toBe("Invalid parameter type for 'node', expected: string");
    expect(error('dev', { driver: 'bad' })).toBe("Parameter 'driver' does not accept value 'bad'");
  });
  it('members of other branches are unexpected; a branch without members adds none', () => {
    expect(error('dev', { driver: 'raw', filename: 'x' })).toBe("Parameter 'filename' is unexpected");
    expect(error('dev', { driver: 'null' })).toBeUndefined();
    expect(error('dev', { driver: 'null', offset: 1 })).toBe("Parameter 'offset' is unexpected");
  });
});

describe('alternates', () => {
  it('the JSON kind selects the branch, visited under the same name', () => {
    expect(error('ref', { ref: 'node0' })).toBeUndefined();
    expect(error('ref', { ref: null })).toBeUndefined();
    expect(error('ref', { ref: { driver: 'file' } })).toBe("Parameter 'ref.filename' is missing");
    expect(error('ref', { num: 1.5 })).toBe("Parameter 'ref' is missing");
    expect(error('ref', { ref: 'x', num: 1.5 })).toBe("Invalid parameter type for 'num', expected: integer");
  });
  it('no branch for the kind: expected the alternate type, by bare name (null in lists)', () => {
    expect(error('ref', { ref: 5 })).toBe("Invalid parameter type for 'ref', expected: DevRef");
    expect(error('ref', { ref: 'x', refs: ['y', true] })).toBe("Invalid parameter type for 'null', expected: DevRef");
  });
});

describe('compat policy on input', () => {
  const reject = compatPolicy({ deprecatedInput: 'reject', unstableInput: 'reject' });
  it('accept (the default) lets special members and values through', () => {
    expect(error('old', { old: 'x', must: 'y' })).toBeUndefined();
    expect(error('paint', { color: 'blue' })).toBeUndefined();
  });
  it('reject refuses an optional member only when present', () => {
    expect(error('old', { must: 'y' }, compatPolicy({ deprecatedInput: 'reject' }))).toBeUndefined();
    expect(error('old', { old: 'x', must: 'y' }, reject)).toBe('Deprecated parameter old disabled by policy');
  });
  it('reject refuses a mandatory member always, even absent', () => {
    expect(error('old', {}, compatPolicy({ unstableInput: 'reject' }))).toBe('Unstable parameter must disabled by policy');
  });
  it('reject refuses enum values with the feature', () => {
    expect(error('paint', { color: 'blue' }, reject)).toBe('Deprecated value blue disabled by policy');
    expect(error('paint', { color: 'pink' }, reject)).toBe('Unstable value pink disabled by policy');
    expect(error('paint', { color: 'red' }, reject)).toBeUndefined();
  });
  it('crash throws where QEMU aborts', () => {
    expect(() => error('paint', { color: 'blue' }, compatPolicy({ deprecatedInput: 'crash' }))).toThrow(CompatPolicyCrash);
  });
});
