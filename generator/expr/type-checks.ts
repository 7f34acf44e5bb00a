/**
 * The type expressions of each position (struct `data` and `base`, union `base` and branches,
 * alternate branches, command `data` and `returns`), checked as each QEMU release checks
 * them. The shapes accepted are nearly the same; the messages are not: 7.2 has one
 * `check_type` with flags, 10.0 one function per kind of position (`check_type_name`,
 * `check_type_name_or_array`, `check_type_implicit`, `check_type_name_or_implicit`).
 * Names are not resolved here.
 */
import { isObject, type QAPIValue } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { checkMembers, typeRef, type MemberTypeCheck } from './check-type.js';
import type { MemberDef, TypeRef } from './definition.js';

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
