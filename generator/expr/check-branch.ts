import { isObject, sugarObject, type QAPIValue } from '../parser/value.js';
import type { SourceInfo } from '../source/info.js';
import { checkIf } from './check-if.js';
import { checkKeys } from './check-keys.js';
import type { BranchDef, TypeRef } from './definition.js';

/** The message source for branch `key`: `'data' member 'key'`. */
export function branchSource(key: string): string {
  return `'data' member '${key}'`;
}

/**
 * One union or alternate branch: `'T'` (sugar for `{ 'type': 'T' }`) or `{ type, if? }`.
 * Branches have no features. The caller checks the branch name where one applies, and says
 * how the type is checked.
 */
export function checkBranch(
  key: string,
  value: QAPIValue,
  info: SourceInfo,
  checkType: (type: QAPIValue | undefined, source: string) => TypeRef,
): BranchDef {
  const source = branchSource(key);
  const branch = isObject(value) ? value : sugarObject('type', value);
  checkKeys(branch, info, source, ['type'], ['if']);
  const cond = checkIf(branch, info, source);
  const type = checkType(branch.get('type'), source);
  return { name: key, type, if: cond };
}
