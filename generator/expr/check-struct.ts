import type { Pragmas } from '../parser/expression.js';
import type { QAPIObject } from '../parser/value.js';
import type { SourceInfo } from '../source/info.js';
import { checkType, checkTypeRef } from './check-type.js';
import type { MemberDef } from './definition.js';

export interface StructBody {
  /**
   * The members, or the type name QEMU 7.2 lets through for `'data': 'T'` (it crashes on it
   * later); the caller reports that once the expression's other checks have run.
   */
  readonly data: readonly MemberDef[] | string;
  readonly base: string | undefined;
}

/** QEMU's check_struct: `data` is inline members, `base` a type name. */
export function checkStruct(expr: QAPIObject, name: string, info: SourceInfo, pragmas: Pragmas): StructBody {
  const permissive = pragmas.memberNameExceptions.includes(name);
  const data = checkType(expr.get('data'), info, "'data'", { allowDict: true, permissive })!;
  const base = checkTypeRef(expr.get('base'), info, "'base'", false);
  return { data: Array.isArray(data) ? data : data.name, base: base?.name };
}
