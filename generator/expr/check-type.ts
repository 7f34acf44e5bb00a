import { isObject, type QAPIValue } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { NO_FEATURES, checkFeatures } from './check-features.js';
import { checkIf } from './check-if.js';
import { checkKeys } from './check-keys.js';
import { checkNameLower, checkReservedMemberName } from './check-names.js';
import type { MemberDef, TypeRef } from './definition.js';

export interface TypeOptions {
  readonly allowArray?: boolean;
  /** Inline members (`{ 'm': 'T' }`) are accepted. */
  readonly allowDict?: boolean;
  /** Member names may use uppercase and `_` (pragma member-name-exceptions). */
  readonly permissive?: boolean;
}

/**
 * QEMU's check_type: `'T'`, `['T']` (if arrays are allowed) or inline members (if dicts are
 * allowed). Names are not resolved here. Absent gives undefined.
 */
export function checkType(
  value: QAPIValue | undefined,
  info: SourceInfo,
  source: string,
  options: TypeOptions,
): TypeRef | MemberDef[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { name: value, isArray: false };
  if (Array.isArray(value)) {
    if (!options.allowArray) throw semError(info, `${source} cannot be an array`);
    const [element] = value;
    if (value.length !== 1 || typeof element !== 'string') {
      throw semError(info, `${source}: array type must contain single type name`);
    }
    return { name: element, isArray: true };
  }
  if (!options.allowDict) throw semError(info, `${source} should be a type name`);
  if (!isObject(value)) throw semError(info, `${source} should be an object or type name`);
  const members: MemberDef[] = [];
  const permissive = options.permissive ?? false;
  value.forEach((member, key) => members.push(checkMember(key, member, info, source, permissive)));
  return members;
}

/** check_type where inline members are not allowed: the result is a plain type reference. */
export function checkTypeRef(
  value: QAPIValue | undefined,
  info: SourceInfo,
  source: string,
  allowArray: boolean,
): TypeRef | undefined {
  const checked = checkType(value, info, source, { allowArray });
  if (Array.isArray(checked)) throw new Error('unreachable: members where no dict is allowed');
  return checked;
}

/** One inline member; `key` keeps its `*` in messages (`'data' member '*u' uses reserved name`). */
function checkMember(key: string, value: QAPIValue, info: SourceInfo, source: string, permissive: boolean): MemberDef {
  const memberSource = `${source} member '${key}'`;
  const optional = key.startsWith('*');
  const name = optional ? key.slice(1) : key;
  checkNameLower(name, info, memberSource, { permitUpper: permissive, permitUnderscore: permissive });
  checkReservedMemberName(name, info, memberSource);
  if (!isObject(value)) {
    // Sugar: `'m': 'T'` is `{ 'type': 'T' }`, which has no other keys, condition or features.
    return { name, optional, type: checkTypeRef(value, info, memberSource, true)!, if: undefined, features: NO_FEATURES };
  }
  const member = value;
  checkKeys(member, info, memberSource, ['type'], ['if', 'features']);
  const cond = checkIf(member, info, memberSource);
  const features = checkFeatures(member.get('features'), info);
  const type = checkTypeRef(member.get('type'), info, memberSource, true)!;
  return { name, optional, type, if: cond, features };
}
