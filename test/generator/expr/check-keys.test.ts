import { describe, expect, it } from 'vitest';
import { checkKeys } from '../../../generator/expr/check-keys.js';
import { QAPIError } from '../../../generator/source/error.js';
import { SourceInfo } from '../../../generator/source/info.js';
import { toObject } from './build.js';

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
    expect(keysError({ b: 'x' }, [], ['a-b', 'aa', 'B'])).toBe(
      "thing has unknown key 'b'\nValid keys are 'B', 'a-b', 'aa'.",
    );
  });
});
