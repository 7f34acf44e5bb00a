/**
 * Type expressions and features, in the order of QEMU's scripts/qapi/expr.py: inline members,
 * the type expressions of each position (struct `data` and `base`, union `base` and branches,
 * alternate branches, command `data` and `returns`), checked as each QEMU release checks
 * them. The shapes accepted are nearly the same; the messages are not: 7.2 has one
 * `check_type` with flags, 10.0 one function per kind of position (`check_type_name`,
 * `check_type_name_or_array`, `check_type_implicit`, `check_type_name_or_implicit`).
 * Names are not resolved here. Then check_features.
 */

import { type QAPIObject, type QAPIValue, isObject, sugarObject } from '../parser/qapi-value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import type { FeatureDef, MemberDef, TypeRef } from './checked.js';
import { checkIf, checkKeys, checkNameIsStr, checkNameLower, checkReservedMemberName } from './names-keys.js';

/** How a member's own `type` is checked: `'T'` or `['T']`, the message depends on the release. */
type MemberTypeCheck = (value: QAPIValue | undefined, info: SourceInfo, source: string) => TypeRef;

/** A type name, or an array of one: the shapes every release accepts for them. */
export function typeRef(value: string | QAPIValue[], info: SourceInfo, source: string): TypeRef {
  if (typeof value === 'string') return { name: value, isArray: false };
  const element = value[0];
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
function checkMembers(value: QAPIObject, info: SourceInfo, source: string, permissive: boolean, memberType: MemberTypeCheck): MemberDef[] {
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

export interface TypeChecks {
  /** Struct `data`: members. 7.2 lets a type name through (and crashes later): returned as is. */
  structData(value: QAPIValue | undefined, info: SourceInfo, permissive: boolean): readonly MemberDef[] | string;
  structBase(value: QAPIValue | undefined, info: SourceInfo): string | undefined;
  /** Union `base` (required): a type name or members. */
  unionBase(value: QAPIValue | undefined, info: SourceInfo, permissive: boolean): string | readonly MemberDef[];
  /** A union branch's type; `baseTruthy`: the union's `base` is not empty (7.2 allows arrays otherwise). */
  unionBranch(value: QAPIValue | undefined, info: SourceInfo, source: string, baseTruthy: boolean): TypeRef;
  alternateBranch(value: QAPIValue | undefined, info: SourceInfo, source: string): TypeRef;
  returns(value: QAPIValue | undefined, info: SourceInfo): TypeRef | undefined;
  /** Command or event `data`: a type name, or (not boxed) members. */
  arguments(value: QAPIValue | undefined, info: SourceInfo, boxed: boolean): string | readonly MemberDef[] | undefined;
}

// ---- QEMU 7.2: check_type(value, source, allow_array, allow_dict)

interface Allow {
  readonly array?: boolean;
  readonly dict?: boolean;
  readonly permissive?: boolean;
}

function checkType72(value: QAPIValue, info: SourceInfo, source: string, allow: Allow): TypeRef | MemberDef[] {
  if (typeof value === 'string') return { name: value, isArray: false };
  if (Array.isArray(value)) {
    if (!allow.array) throw semError(info, `${source} cannot be an array`);
    return typeRef(value, info, source);
  }
  if (!allow.dict) throw semError(info, `${source} should be a type name`);
  if (!isObject(value)) throw semError(info, `${source} should be an object or type name`);
  return checkMembers(value, info, source, allow.permissive ?? false, memberType72);
}

/** 7.2's check_type where no dict is allowed: always a type reference. */
function typeRef72(value: QAPIValue, info: SourceInfo, source: string, array: boolean): TypeRef {
  return checkType72(value, info, source, { array }) as TypeRef;
}

const memberType72: MemberTypeCheck = (value, info, source) => typeRef72(value!, info, source, true);

function nameOrMembers(checked: TypeRef | MemberDef[]): string | MemberDef[] {
  return Array.isArray(checked) ? checked : checked.name;
}

export const TYPE_CHECKS_7_2: TypeChecks = {
  structData: (value, info, permissive) => nameOrMembers(checkType72(value!, info, "'data'", { dict: true, permissive })),
  structBase: (value, info) => (value === undefined ? undefined : typeRef72(value, info, "'base'", false).name),
  unionBase: (value, info, permissive) => nameOrMembers(checkType72(value!, info, "'base'", { dict: true, permissive })),
  unionBranch: (value, info, source, baseTruthy) => typeRef72(value!, info, source, !baseTruthy),
  alternateBranch: (value, info, source) => typeRef72(value!, info, source, true),
  returns: (value, info) => (value === undefined ? undefined : typeRef72(value, info, "'returns'", true)),
  arguments: (value, info, boxed) =>
    value === undefined ? undefined : nameOrMembers(checkType72(value, info, "'data'", { dict: !boxed })),
};

// ---- QEMU 10.0: one check per kind of position

function typeName(value: QAPIValue, info: SourceInfo, source: string): string {
  if (typeof value !== 'string') throw semError(info, `${source} should be a type name`);
  return value;
}

const typeNameOrArray: MemberTypeCheck = (value, info, source) => {
  if (typeof value !== 'string' && !Array.isArray(value)) throw semError(info, `${source} should be a type name or array`);
  return typeRef(value, info, source);
};

/** `check_type_implicit`: members only, yet its message offers a type name too (as QEMU's does). */
function implicit(value: QAPIValue, info: SourceInfo, source: string, permissive: boolean): MemberDef[] {
  if (!isObject(value)) throw semError(info, `${source} should be an object or type name`);
  return checkMembers(value, info, source, permissive, typeNameOrArray);
}

function nameOrImplicit(value: QAPIValue, info: SourceInfo, source: string, permissive: boolean): string | MemberDef[] {
  return typeof value === 'string' ? value : implicit(value, info, source, permissive);
}

export const TYPE_CHECKS_10_0: TypeChecks = {
  structData: (value, info, permissive) => implicit(value!, info, "'data'", permissive),
  structBase: (value, info) => (value === undefined ? undefined : typeName(value, info, "'base'")),
  unionBase: (value, info, permissive) => nameOrImplicit(value!, info, "'base'", permissive),
  unionBranch: (value, info, source) => ({ name: typeName(value!, info, source), isArray: false }),
  alternateBranch: (value, info, source) => typeNameOrArray(value, info, source),
  returns: (value, info) => (value === undefined ? undefined : typeNameOrArray(value, info, "'returns'")),
  arguments: (value, info, boxed) => {
    if (value === undefined) return undefined;
    return boxed ? typeName(value, info, "'data'") : nameOrImplicit(value, info, "'data'", false);
  },
};

/**
 * QEMU's check_features on a `features` value (of a definition, member or enum value; the
 * messages never say which). Absent means no features. Feature names are never relaxed by
 * pragmas.
 */
export function checkFeatures(features: QAPIValue | undefined, info: SourceInfo): readonly FeatureDef[] {
  if (features === undefined) return NO_FEATURES;
  if (!Array.isArray(features)) throw semError(info, "'features' must be an array");
  return features.map((f) => checkFeature(normalizeFeature(f), info));
}

/** Shared by everything without features (nearly everything): nobody writes to it. */
export const NO_FEATURES: readonly FeatureDef[] = Object.freeze([]);

/** Sugar: `'f'` (or any non-object) stands for `{ 'name': 'f' }`. */
function normalizeFeature(feature: QAPIValue): QAPIObject {
  return isObject(feature) ? feature : sugarObject('name', feature);
}

function checkFeature(feature: QAPIObject, info: SourceInfo): FeatureDef {
  checkKeys(feature, info, "'features' member", ['name'], ['if']);
  const name = feature.get('name');
  checkNameIsStr(name, info, "'features' member");
  const source = `'features' member '${name}'`;
  checkNameLower(name, info, source);
  return { name, if: checkIf(feature, info, source) };
}
