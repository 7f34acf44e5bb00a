import { isObject, type QAPIObject } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { branchSource, checkBranch } from './check-branch.js';
import { checkNameLower } from './names-keys.js';
import type { AlternateDefinition } from './definition.js';
import { isTruthy } from './truthy.js';
import type { TypeChecks } from './type-checks.js';

export type AlternateBody = Pick<AlternateDefinition, 'branches'>;

/** QEMU's check_alternate: `data` is a non-empty object of branches (arrays allowed). */
export function checkAlternate(expr: QAPIObject, info: SourceInfo, checks: TypeChecks): AlternateBody {
  const data = expr.get('data');
  if (!isTruthy(data)) throw semError(info, "'data' must not be empty");
  if (!isObject(data)) throw semError(info, "'data' must be an object");
  const branches = [...data].map(([key, value]) => {
    // Branch names become C member names; pragmas never relax them.
    checkNameLower(key, info, branchSource(key));
    return checkBranch(key, value, info, (type, source) => checks.alternateBranch(type, info, source));
  });
  return { branches };
}
