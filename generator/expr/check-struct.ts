import type { Pragmas } from '../parser/expression.js';
import type { QAPIObject } from '../parser/value.js';
import type { SourceInfo } from '../source/info.js';
import type { MemberDef } from './definition.js';
import type { TypeChecks } from './type-checks.js';

export interface StructBody {
  /**
   * The members, or the type name QEMU 7.2 lets through for `'data': 'T'` (it crashes on it
   * later); the caller reports that once the expression's other checks have run.
   */
  readonly data: readonly MemberDef[] | string;
  readonly base: string | undefined;
}

/** QEMU's check_struct: `data` is inline members, `base` a type name. */
export function checkStruct(expr: QAPIObject, name: string, info: SourceInfo, pragmas: Pragmas, checks: TypeChecks): StructBody {
  const permissive = pragmas.memberNameExceptions.includes(name);
  const data = checks.structData(expr.get('data'), info, permissive);
  const base = checks.structBase(expr.get('base'), info);
  return { data, base };
}
