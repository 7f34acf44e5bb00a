import { describe, expect, it } from 'vitest';
import { definedSymbols, evaluateIf } from '../../../generator/schema/conditions.js';
import type { IfCond } from '../../../generator/schema/model.js';

const defined = new Set(['A', 'B']);

describe('evaluateIf', () => {
  it('holds for an absent condition, whatever is defined', () => {
    expect(evaluateIf(undefined, defined)).toBe(true);
    expect(evaluateIf(undefined, new Set())).toBe(true);
  });

  it('tests a symbol for being defined', () => {
    expect(evaluateIf('A', defined)).toBe(true);
    expect(evaluateIf('C', defined)).toBe(false);
    expect(evaluateIf('a', defined)).toBe(false);
  });

  it.each<[IfCond, boolean]>([
    [{ all: ['A', 'B'] }, true],
    [{ all: ['A', 'C'] }, false],
    [{ any: ['C', 'B'] }, true],
    [{ any: ['C', 'D'] }, false],
    [{ not: 'C' }, true],
    [{ not: 'A' }, false],
    [{ not: { not: 'A' } }, true],
    [{ all: ['A', { any: ['C', { not: 'D' }] }] }, true],
    [{ all: ['A', { any: ['C', { not: 'B' }] }] }, false],
    // qapi-schema-test.json's TEST_IF_EVENT2: not(any(not A, not B)) == A && B
    [{ not: { any: [{ not: 'A' }, { not: 'B' }] } }, true],
    [{ not: { any: [{ not: 'A' }, { not: 'C' }] } }, false],
  ])('evaluates %j as %s', (cond, expected) => {
    expect(evaluateIf(cond, defined)).toBe(expected);
  });

  it('treats every condition as holding when no symbol set is given', () => {
    expect(evaluateIf('C', undefined)).toBe(true);
    expect(evaluateIf({ not: 'A' }, undefined)).toBe(true);
    expect(evaluateIf({ all: ['C', { any: [] }] }, undefined)).toBe(true);
  });

  it('holds with nothing defined only for negations', () => {
    const none = new Set<string>();
    expect(evaluateIf('A', none)).toBe(false);
    expect(evaluateIf({ any: ['A', 'B'] }, none)).toBe(false);
    expect(evaluateIf({ not: { all: ['A', 'B'] } }, none)).toBe(true);
  });
});

describe('definedSymbols', () => {
  it('is undefined (every condition holds) when no symbol is defined', () => {
    expect(definedSymbols([])).toBeUndefined();
    expect(evaluateIf('CONFIG_X', definedSymbols([]))).toBe(true);
  });

  it('is the set of the symbols otherwise', () => {
    expect(definedSymbols(['A', 'B'])).toEqual(new Set(['A', 'B']));
    expect(evaluateIf('CONFIG_X', definedSymbols(['A']))).toBe(false);
  });
});
