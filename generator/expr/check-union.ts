import type { Pragmas } from '../parser/expression.js';
import { isObject, type QAPIObject } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { checkBranch } from './check-branch.js';
import { checkNameIsStr } from './names-keys.js';
import type { UnionDefinition } from './definition.js';
import { isTruthy } from './truthy.js';
import type { TypeChecks } from './type-checks.js';

export type UnionBody = Pick<UnionDefinition, 'base' | 'discriminator' | 'branches'>;

/**
 * QEMU's check_union: `base` is a type name or inline members, `discriminator` a name, `data`
 * the branches. Branch names are not name-checked (the schema matches them to enum values).
 */
export function checkUnion(expr: QAPIObject, name: string, info: SourceInfo, pragmas: Pragmas, checks: TypeChecks): UnionBody {
  const baseValue = expr.get('base');
  const permissive = pragmas.memberNameExceptions.includes(name);
  const base = checks.unionBase(baseValue, info, permissive);
  const discriminator = expr.get('discriminator');
  checkNameIsStr(discriminator, info, "'discriminator'");
  const data = expr.get('data');
  if (!isObject(data)) throw semError(info, "'data' must be an object");
  const baseTruthy = isTruthy(baseValue);
  const branches = [...data].map(([key, value]) =>
    checkBranch(key, value, info, (type, source) => checks.unionBranch(type, info, source, baseTruthy)),
  );
  return { base, discriminator, branches };
}
