import { isObject, type QAPIObject, type QAPIValue } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { NO_FEATURES, checkFeatures } from './check-features.js';
import { checkIf } from './check-if.js';
import { checkKeys } from './check-keys.js';
import { checkNameLower, checkReservedMemberName } from './names-keys.js';
import type { MemberDef, TypeRef } from './definition.js';

/** How a member's own `type` is checked: `'T'` or `['T']`, the message depends on the release. */
export type MemberTypeCheck = (value: QAPIValue | undefined, info: SourceInfo, source: string) => TypeRef;

/** A type name, or an array of one: the shapes every release accepts for them. */
export function typeRef(value: string | QAPIValue[], info: SourceInfo, source: string): TypeRef {
  if (typeof value === 'string') return { name: value, isArray: false };
  const [element] = value;
  if (value.length !== 1 || typeof element !== 'string') {
    throw semError(info, `${source}: array type must contain single type name`);
  }
  return { name: element, isArray: true };
}

/**
 * Inline members (`{ 'm': 'T', '*o': { 'type': ['T'], 'if': ..., 'features': ... } }`), each
 * checked in QEMU's order. `permissive`: names may use uppercase and `_` (pragma
 * member-name-exceptions).
 */
export function checkMembers(
  value: QAPIObject,
  info: SourceInfo,
  source: string,
  permissive: boolean,
  memberType: MemberTypeCheck,
): MemberDef[] {
  const members: MemberDef[] = [];
  value.forEach((member, key) => members.push(checkMember(key, member, info, source, permissive, memberType)));
  return members;
}

/** One inline member; `key` keeps its `*` in messages (`'data' member '*u' uses reserved name`). */
function checkMember(
  key: string,
  value: QAPIValue,
  info: SourceInfo,
  source: string,
  permissive: boolean,
  memberType: MemberTypeCheck,
): MemberDef {
  const memberSource = `${source} member '${key}'`;
  const optional = key.startsWith('*');
  const name = optional ? key.slice(1) : key;
  checkNameLower(name, info, memberSource, { permitUpper: permissive, permitUnderscore: permissive });
  checkReservedMemberName(name, info, memberSource);
  if (!isObject(value)) {
    // Sugar: `'m': 'T'` is `{ 'type': 'T' }`, which has no other keys, condition or features.
    return { name, optional, type: memberType(value, info, memberSource), if: undefined, features: NO_FEATURES };
  }
  const member = value;
  checkKeys(member, info, memberSource, ['type'], ['if', 'features']);
  const cond = checkIf(member, info, memberSource);
  const features = checkFeatures(member.get('features'), info);
  const type = memberType(member.get('type'), info, memberSource);
  return { name, optional, type, if: cond, features };
}
