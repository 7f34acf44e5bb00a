/** buildSchema on hand-made checked expressions: the stage needs no parser. */
import { describe, expect, it } from 'vitest';
import type { CheckedExpression, MemberDef } from '../../../generator/expr/checked.js';
import type { ParseResult } from '../../../generator/parser/expression.js';
import { buildSchema } from '../../../generator/schema/build.js';
import { QAPIError } from '../../../generator/source/error.js';
import { SourceInfo } from '../../../generator/source/info.js';

function parsed(commandReturnsExceptions: string[] = []): ParseResult {
  return {
    exprs: [],
    docs: [],
    pragmas: {
      docRequired: false,
      commandNameExceptions: [],
      commandReturnsExceptions,
      memberNameExceptions: [],
      documentationExceptions: [],
    },
  };
}

function infoFor(line: number, meta: string, name: string): SourceInfo {
  const info = new SourceInfo('x.json', line, undefined);
  info.setDefinition(meta, name);
  return info;
}

const member = (name: string, type: string, isArray = false): MemberDef => ({
  name,
  optional: false,
  type: { name: type, isArray },
  if: undefined,
  features: [],
});

describe('buildSchema', () => {
  it('builds a schema from checked expressions', () => {
    const exprs: CheckedExpression[] = [
      {
        meta: 'struct',
        name: 'Point',
        info: infoFor(1, 'struct', 'Point'),
        doc: undefined,
        if: undefined,
        features: [],
        members: [member('x', 'int'), member('y', 'int')],
        base: undefined,
      },
      {
        meta: 'command',
        name: 'get-points',
        info: infoFor(2, 'command', 'get-points'),
        doc: undefined,
        if: 'CONFIG_X',
        features: [],
        data: [member('limit', 'uint32')],
        returns: { name: 'Point', isArray: true },
        boxed: false,
        gen: true,
        successResponse: true,
        allowOob: true,
        allowPreconfig: false,
        coroutine: false,
      },
    ];
    const schema = buildSchema(exprs, parsed(), 'x.json');
    expect(schema.entities.slice(32).map((e) => (e.kind === 'include' ? 'include' : e.name))).toEqual([
      'Point',
      'q_obj_get-points-arg',
      'PointList',
      'get-points',
    ]);
    const cmd = schema.lookupEntity('get-points');
    expect(cmd?.kind === 'command' && cmd.allowOob).toBe(true);
    expect(schema.lookupType('q_obj_get-points-arg')?.if).toBe('CONFIG_X');
    expect(schema.lookupType('PointList')?.module.name).toBe('x.json');
  });

  it('honours command-returns-exceptions from the pragmas', () => {
    const cmd = (): CheckedExpression[] => [
      {
        meta: 'command',
        name: 'c',
        info: infoFor(1, 'command', 'c'),
        doc: undefined,
        if: undefined,
        features: [],
        data: undefined,
        returns: { name: 'str', isArray: false },
        boxed: false,
        gen: true,
        successResponse: true,
        allowOob: false,
        allowPreconfig: false,
        coroutine: false,
      },
    ];
    expect(() => buildSchema(cmd(), parsed(), 'x.json')).toThrow(QAPIError);
    expect(() => buildSchema(cmd(), parsed(['c']), 'x.json')).not.toThrow();
  });
});
