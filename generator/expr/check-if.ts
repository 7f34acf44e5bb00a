import { isObject, type QAPIObject, type QAPIValue } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { checkKeys } from './check-keys.js';
import type { IfCond } from './definition.js';

const IDENTIFIER = /^[A-Z][A-Z0-9_]*$/;

/**
 * QEMU's check_if on `owner`'s `if` key: checks the condition and returns it in typed form
 * (undefined when the key is absent; `''` is present and fails). `source` names the owner in
 * messages: `struct`, `'data' member 'm'`, `'features' member 'f'`.
 */
export function checkIf(owner: QAPIObject, info: SourceInfo, source: string): IfCond | undefined {
  const cond = owner.get('if');
  if (cond === undefined) return undefined;
  return checkCondition(cond, info, source);
}

function checkCondition(cond: QAPIValue, info: SourceInfo, source: string): IfCond {
  if (typeof cond === 'string') {
    if (!IDENTIFIER.test(cond)) {
      throw semError(info, `'if' condition '${cond}' of ${source} is not a valid identifier`);
    }
    return cond;
  }
  if (!isObject(cond)) throw semError(info, `'if' condition of ${source} must be a string or an object`);
  checkKeys(cond, info, `'if' condition of ${source}`, [], ['all', 'any', 'not']);
  if (cond.size !== 1) throw semError(info, `'if' condition of ${source} has conflicting keys`);
  const not = cond.get('not');
  if (not !== undefined) return { not: checkCondition(not, info, source) };
  const all = cond.get('all');
  if (all !== undefined) return { all: checkOperands('all', all, info, source) };
  return { any: checkOperands('any', cond.get('any')!, info, source) };
}

function checkOperands(operator: 'all' | 'any', operands: QAPIValue, info: SourceInfo, source: string): IfCond[] {
  if (!Array.isArray(operands)) throw semError(info, `'${operator}' condition of ${source} must be an array`);
  if (operands.length === 0) throw semError(info, `'if' condition [] of ${source} is useless`);
  return operands.map((operand) => checkCondition(operand, info, source));
}
