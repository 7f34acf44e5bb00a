import { describe, expect, it } from 'vitest';
import { checkExpressions } from '../../../generator/expr/check-exprs.js';
import type { CheckedAlternate, CheckedCommand, CheckedEnum, CheckedEvent, CheckedUnion } from '../../../generator/expr/checked.js';
import { SourceInfo } from '../../../generator/source/info.js';
import { type Plain, check, definition, docOf, errorOf, messageOf, parseResult, toObject } from './build.js';

const int = { name: 'int', isArray: false };

describe('checkExpressions output', () => {
  it('turns include markers into include definitions, in place', () => {
    const info = new SourceInfo('x.json', 1, undefined);
    const out = checkExpressions(
      parseResult([{ kind: 'include', path: 'sub/y.json', info }, definition({ line: 2, expr: { command: 'cmd' } })]),
    );
    expect(out[0]).toEqual({ meta: 'include', path: 'sub/y.json', info });
    expect(out[1]?.meta).toBe('command');
  });

  it('enum: values, prefix, value features', () => {
    const [e] = check([{ enum: 'Enu', prefix: 'PFX', data: ['a', { name: 'b', if: 'X', features: ['f'] }], features: ['g'] }]) as [
      CheckedEnum,
    ];
    expect(e.values).toEqual([
      { name: 'a', if: undefined, features: [] },
      { name: 'b', if: 'X', features: [{ name: 'f', if: undefined }] },
    ]);
    expect(e.prefix).toBe('PFX');
    expect(e.features).toEqual([{ name: 'g', if: undefined }]);
    expect(e.if).toBeUndefined();
  });

  it('union: inline or named base, branches', () => {
    const [u, v] = check([
      { union: 'Uni', base: { tag: 'Enu' }, discriminator: 'tag', data: { a: 'Stru', b: { type: 'int', if: 'X' } } },
      { union: 'Uni2', base: 'Base', discriminator: 'tag', data: {} },
    ]) as [CheckedUnion, CheckedUnion];
    expect(u.base).toEqual([{ name: 'tag', optional: false, type: { name: 'Enu', isArray: false }, if: undefined, features: [] }]);
    expect(u.discriminator).toBe('tag');
    expect(u.branches).toEqual([
      { name: 'a', type: { name: 'Stru', isArray: false }, if: undefined },
      { name: 'b', type: int, if: 'X' },
    ]);
    expect(v.base).toBe('Base');
    expect(v.branches).toEqual([]);
  });

  it('alternate: branches', () => {
    const [a] = check([{ alternate: 'Alt', data: { i: 'int', l: ['str'] } }]) as [CheckedAlternate];
    expect(a.branches).toEqual([
      { name: 'i', type: int, if: undefined },
      { name: 'l', type: { name: 'str', isArray: true }, if: undefined },
    ]);
  });

  it('command: defaults', () => {
    const [c] = check([{ command: 'cmd' }]) as [CheckedCommand];
    expect(c).toMatchObject({
      meta: 'command',
      name: 'cmd',
      data: undefined,
      returns: undefined,
      boxed: false,
      gen: true,
      successResponse: true,
      allowOob: false,
      allowPreconfig: false,
      coroutine: false,
      if: undefined,
      features: [],
      doc: undefined,
    });
  });

  it('command: flags and data forms', () => {
    const [c, d, e] = check([
      { command: 'a', data: 'Args', boxed: true, gen: false, 'success-response': false, 'allow-oob': true, 'allow-preconfig': true },
      { command: 'b', data: {}, coroutine: true },
      { command: 'c', data: { x: 'int' }, returns: ['int'] },
    ]) as [CheckedCommand, CheckedCommand, CheckedCommand];
    expect(c).toMatchObject({
      data: 'Args',
      boxed: true,
      gen: false,
      successResponse: false,
      allowOob: true,
      allowPreconfig: true,
      coroutine: false,
    });
    expect(d).toMatchObject({ data: [], coroutine: true });
    expect(e.data).toEqual([{ name: 'x', optional: false, type: int, if: undefined, features: [] }]);
    expect(e.returns).toEqual({ name: 'int', isArray: true });
  });

  it('event: data and boxed', () => {
    const [e, f] = check([
      { event: 'EVT', data: 'Args', boxed: true },
      { event: 'EVT2', if: 'X' },
    ]) as [CheckedEvent, CheckedEvent];
    expect(e).toMatchObject({ meta: 'event', data: 'Args', boxed: true });
    expect(f).toMatchObject({ data: undefined, boxed: false, if: 'X' });
  });

  it('does not modify the parsed expressions', () => {
    const expr = toObject({ struct: 'Stru', data: { a: 'int' }, features: ['f'] });
    const info = new SourceInfo('x.json', 1, undefined);
    checkExpressions(parseResult([{ kind: 'definition', expr, info, doc: undefined }]));
    expect(expr.get('data')).toEqual(new Map([['a', 'int']]));
    expect(expr.get('features')).toEqual(['f']);
  });
});

describe('check order and context', () => {
  it('meta count comes first, without context', () => {
    const msg = "expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'";
    expect(errorOf([{ data: {} }])).toBe(`x.json:1: ${msg}`);
    expect(errorOf([{ struct: 'Foo', command: 'foo' }])).toBe(`x.json:1: ${msg}`);
  });

  it('name must be a string, reported without context', () => {
    expect(errorOf([{ struct: true, data: {} }])).toBe("x.json:1: 'struct' requires a string name");
    expect(errorOf([{ event: ['X'] }])).toBe("x.json:1: 'event' requires a string name");
  });

  it('later errors print the definition context', () => {
    expect(errorOf([{ struct: 'bad', data: {} }])).toBe("x.json: In struct 'bad':\nx.json:1: name of struct must use CamelCase");
  });

  it('the first bad expression wins', () => {
    expect(
      errorOf([
        { line: 1, expr: { struct: 'Good', data: {} } },
        { line: 3, expr: { command: 'Bad' } },
        { line: 5, expr: { event: 'bad' } },
      ]),
    ).toBe("x.json: In command 'Bad':\nx.json:3: name of command must not use uppercase or '_'");
  });

  it('name before doc, doc before keys', () => {
    const doc = docOf(['# @other:'], 1);
    expect(errorOf([{ line: 4, expr: { command: 'Bad', bogus: 'x' }, doc }])).toContain('must not use uppercase');
    expect(errorOf([{ line: 4, expr: { command: 'good', bogus: 'x' }, doc }])).toBe(
      "x.json: In command 'good':\nx.json:4: documentation comment is for 'other'",
    );
  });

  it("keys before the meta's checks", () => {
    expect(messageOf({ enum: 'Enu', data: 'x', bogus: 'x' })).toBe(
      "enum has unknown key 'bogus'\nValid keys are 'data', 'enum', 'features', 'if', 'prefix'.",
    );
    expect(messageOf({ command: 'cmd', bogus: 'x', 'x-y': 'z' })).toBe(
      "command has unknown keys 'bogus', 'x-y'\nValid keys are 'allow-oob', 'allow-preconfig', 'boxed', 'command', 'coroutine', 'data', 'features', 'gen', 'if', 'returns', 'success-response'.",
    );
    expect(messageOf({ union: 'Uni', data: 'x' })).toBe("union misses keys 'base', 'discriminator'");
  });

  it("meta's checks, then if, then features, then flags", () => {
    expect(messageOf({ command: 'cmd', data: false, if: 'x', features: 'f', gen: true })).toBe("'data' should be an object or type name");
    expect(messageOf({ command: 'cmd', if: 'x', features: 'f', gen: true })).toBe(
      "'if' condition 'x' of command is not a valid identifier",
    );
    expect(messageOf({ command: 'cmd', features: 'f', gen: true })).toBe("'features' must be an array");
    expect(messageOf({ command: 'cmd', gen: true })).toBe("flag 'gen' may only use false value");
  });
});

describe('docs', () => {
  it('accepts a matching doc and keeps it', () => {
    const doc = docOf(['# @cmd:', '# Returns: something'], 1);
    const [c] = check([{ line: 4, expr: { command: 'cmd' }, doc }]);
    expect(c && 'doc' in c ? c.doc : undefined).toBe(doc);
  });

  it("rejects 'Returns:' outside commands, at the doc's line without context", () => {
    const doc = docOf(['# @Stru:', '# Returns: something'], 2);
    expect(errorOf([{ line: 5, expr: { struct: 'Stru', data: {} }, doc }])).toBe("x.json:2: 'Returns:' is only valid for commands");
  });

  it('doc-required demands a doc for every definition', () => {
    expect(errorOf([{ line: 3, expr: { struct: 'Stru', data: {} } }], { docRequired: true })).toBe(
      "x.json: In struct 'Stru':\nx.json:3: documentation comment required",
    );
    const doc = docOf(['# @Stru:'], 1);
    expect(check([{ line: 3, expr: { struct: 'Stru', data: {} }, doc }], { docRequired: true })).toHaveLength(1);
  });
});

describe('meta-specific checks', () => {
  it('enum', () => {
    expect(messageOf({ enum: 'Enu', data: { a: 'b' } })).toBe("'data' must be an array");
    expect(messageOf({ enum: 'Enu', data: 'a' })).toBe("'data' must be an array");
    expect(messageOf({ enum: 'Enu', data: [], prefix: true })).toBe("'prefix' must be a string");
    expect(messageOf({ enum: 'Enu', data: [true] })).toBe("'data' member requires a string name");
    expect(messageOf({ enum: 'Enu', data: [{}] })).toBe("'data' member misses key 'name'");
    expect(messageOf({ enum: 'Enu', data: [{ name: 'a', type: 'x' }] })).toBe(
      "'data' member has unknown key 'type'\nValid keys are 'features', 'if', 'name'.",
    );
    expect(messageOf({ enum: 'Enu', data: [{ name: 'a', features: ['F'] }] })).toBe(
      "name of 'features' member 'F' must not use uppercase or '_'",
    );
  });

  it('union', () => {
    const u = { union: 'Uni', base: 'Base', discriminator: 'tag' };
    expect(messageOf({ ...u, base: ['Base'], data: {} })).toBe("'base' cannot be an array");
    expect(messageOf({ ...u, base: true, data: {} })).toBe("'base' should be an object or type name");
    expect(messageOf({ ...u, discriminator: ['tag'], data: [] })).toBe("'discriminator' requires a string name");
    expect(messageOf({ ...u, data: [] })).toBe("'data' must be an object");
    expect(messageOf({ ...u, data: { a: { type: 'Stru', features: [] } } })).toBe(
      "'data' member 'a' has unknown key 'features'\nValid keys are 'if', 'type'.",
    );
    expect(messageOf({ ...u, data: { a: ['Stru'] } })).toBe("'data' member 'a' cannot be an array");
    expect(messageOf({ ...u, data: { a: { x: 'Stru' } } })).toBe("'data' member 'a' misses key 'type'");
    // QEMU allows array branches when the base is falsy; the schema stage rejects `{}` later.
    expect(check([{ ...u, base: {}, data: { a: ['Stru'] } }])).toHaveLength(1);
  });

  it('alternate', () => {
    for (const data of [{}, [], '', false]) {
      expect(messageOf({ alternate: 'Alt', data })).toBe("'data' must not be empty");
    }
    expect(messageOf({ alternate: 'Alt', data: true })).toBe("'data' must be an object");
    expect(messageOf({ alternate: 'Alt', data: ['a'] })).toBe("'data' must be an object");
    expect(messageOf({ alternate: 'Alt', data: { A: 'int' } })).toBe("name of 'data' member 'A' must not use uppercase or '_'");
    expect(messageOf({ alternate: 'Alt', data: { a: { type: 'int', x: 'y' } } })).toBe(
      "'data' member 'a' has unknown key 'x'\nValid keys are 'if', 'type'.",
    );
    expect(messageOf({ alternate: 'Alt', data: { a: [] } })).toBe("'data' member 'a': array type must contain single type name");
  });

  it('command and event boxed', () => {
    expect(messageOf({ command: 'cmd', boxed: true })).toBe("'boxed': true requires 'data'");
    // `boxed` is tested for truth first; its value is checked later, with the flags.
    expect(messageOf({ command: 'cmd', boxed: 'yes' })).toBe("'boxed': true requires 'data'");
    expect(messageOf({ event: 'EVT', boxed: 'yes', data: 'Args' })).toBe("flag 'boxed' may only use true value");
    expect(messageOf({ event: 'EVT', boxed: true, data: { a: 'int' } })).toBe("'data' should be a type name");
    expect(messageOf({ event: 'EVT', boxed: [], data: { a: 'int' } })).toBe("flag 'boxed' may only use true value");
    expect(messageOf({ command: 'cmd', data: ['Args'] })).toBe("'data' cannot be an array");
  });

  it('flags', () => {
    expect(messageOf({ command: 'cmd', 'success-response': 'no' })).toBe("flag 'success-response' may only use false value");
    expect(messageOf({ command: 'cmd', 'allow-preconfig': false })).toBe("flag 'allow-preconfig' may only use true value");
    expect(messageOf({ command: 'cmd', coroutine: false, gen: true })).toBe("flag 'gen' may only use false value");
    expect(messageOf({ command: 'cmd', coroutine: true, 'allow-oob': true })).toBe("flags 'allow-oob' and 'coroutine' are incompatible");
  });

  it("struct with a type name as 'data' (QEMU 7.2 crashes) is an error after the other checks", () => {
    expect(errorOf([{ struct: 'Stru', data: 'Bar' }])).toBe("x.json: In struct 'Stru':\nx.json:1: 'data' must be an object");
    expect(messageOf({ struct: 'Stru', data: 'Bar', features: 'f' })).toBe("'features' must be an array");
  });
});

describe('features', () => {
  it.each<[Plain, string]>([
    ['f', "'features' must be an array"],
    [[{ if: 'X' }], "'features' member misses key 'name'"],
    [[{ name: 'f', colour: 'red' }], "'features' member has unknown key 'colour'\nValid keys are 'if', 'name'."],
    [[['f']], "'features' member requires a string name"],
    [[false], "'features' member requires a string name"],
    [['Bad'], "name of 'features' member 'Bad' must not use uppercase or '_'"],
    [['q-bad'], "'features' member 'q-bad' has an invalid name"],
    [[{ name: 'f', if: false }], "'if' condition of 'features' member 'f' must be a string or an object"],
  ])('%j', (features, msg) => {
    expect(messageOf({ struct: 'Stru', data: {}, features })).toBe(msg);
  });
});
