/**
 * The checks of each kind of definition, in the order of QEMU's scripts/qapi/expr.py:
 * check_enum, check_struct, check_union, check_alternate, check_command, check_event. Each
 * returns the kind's own part of the checked definition; check-exprs.ts adds the common part.
 */
import type { Pragmas } from '../parser/expression.js';
import { type QAPIObject, type QAPIValue, isObject, sugarObject } from '../parser/qapi-value.js';
import { semError } from '../source/error.js';
import { isTruthy } from '../source/python.js';
import type { SourceInfo } from '../source/info.js';
import type {
  CheckedAlternate,
  BranchDef,
  CheckedCommand,
  CheckedEnum,
  EnumValueDef,
  CheckedEvent,
  MemberDef,
  TypeRef,
  CheckedUnion,
} from './checked.js';
import { type LowerCasePermits, checkIf, checkKeys, checkNameIsStr, checkNameLower } from './names-keys.js';
import { NO_FEATURES, type TypeChecks, checkFeatures } from './type-checks.js';

type EnumBody = Pick<CheckedEnum, 'values' | 'prefix'>;

/** QEMU's check_enum: `data` is a list of values, `prefix` an optional string. */
export function checkEnum(expr: QAPIObject, name: string, info: SourceInfo, pragmas: Pragmas): EnumBody {
  const data = expr.get('data');
  const prefix = expr.get('prefix');
  if (!Array.isArray(data)) throw semError(info, "'data' must be an array");
  if (prefix !== undefined && typeof prefix !== 'string') throw semError(info, "'prefix' must be a string");
  const permissive = pragmas.memberNameExceptions.includes(name);
  const permits: LowerCasePermits = { permitUpper: permissive, permitUnderscore: permissive };
  const values = data.map((v) => (isObject(v) ? checkEnumValue(v, info, permits) : checkPlainEnumValue(v, info, permits)));
  return { values, prefix };
}

/**
 * Sugar: `'v'` (or any non-object) stands for `{ 'name': 'v' }`, which has no other keys, no
 * condition and no features: only the name checks of checkEnumValue apply.
 */
function checkPlainEnumValue(name: QAPIValue, info: SourceInfo, permits: LowerCasePermits): EnumValueDef {
  checkNameIsStr(name, info, "'data' member");
  checkNameLower(hideLeadingDigit(name), info, `'data' member '${name}'`, permits);
  return { name, if: undefined, features: NO_FEATURES };
}

function checkEnumValue(value: QAPIObject, info: SourceInfo, permits: LowerCasePermits): EnumValueDef {
  checkKeys(value, info, "'data' member", ['name'], ['if', 'features']);
  const name = value.get('name');
  checkNameIsStr(name, info, "'data' member");
  const source = `'data' member '${name}'`;
  checkNameLower(hideLeadingDigit(name), info, source, permits);
  const cond = checkIf(value, info, source);
  const features = checkFeatures(value.get('features'), info);
  return { name, if: cond, features };
}

/**
 * Enum values may start with a digit: QEMU checks `'d' + value` then. (QEMU 7.2 crashes on an
 * empty value; we let the name check report it as an invalid name.)
 */
function hideLeadingDigit(name: string): string {
  const first = name.charCodeAt(0);
  return first >= 0x30 && first <= 0x39 ? `d${name}` : name;
}

interface StructBody {
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

type UnionBody = Pick<CheckedUnion, 'base' | 'discriminator' | 'branches'>;

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
  const branches: BranchDef[] = [];
  data.forEach((value, key) => {
    branches.push(checkBranch(key, value, info, (type, source) => checks.unionBranch(type, info, source, baseTruthy)));
  });
  return { base, discriminator, branches };
}

/** The message source for branch `key`: `'data' member 'key'`. */
function branchSource(key: string): string {
  return `'data' member '${key}'`;
}

/**
 * One union or alternate branch: `'T'` (sugar for `{ 'type': 'T' }`) or `{ type, if? }`.
 * Branches have no features. The caller checks the branch name where one applies, and says
 * how the type is checked.
 */
function checkBranch(
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

type AlternateBody = Pick<CheckedAlternate, 'branches'>;

/** QEMU's check_alternate: `data` is a non-empty object of branches (arrays allowed). */
export function checkAlternate(expr: QAPIObject, info: SourceInfo, checks: TypeChecks): AlternateBody {
  const data = expr.get('data');
  if (!isTruthy(data)) throw semError(info, "'data' must not be empty");
  if (!isObject(data)) throw semError(info, "'data' must be an object");
  const branches: BranchDef[] = [];
  data.forEach((value, key) => {
    // Branch names become C member names; pragmas never relax them.
    checkNameLower(key, info, branchSource(key));
    branches.push(checkBranch(key, value, info, (type, source) => checks.alternateBranch(type, info, source)));
  });
  return { branches };
}

type EventBody = Pick<CheckedEvent, 'data'>;
type CommandBody = Pick<CheckedCommand, 'data' | 'returns'>;

/**
 * `data` of a command or event: inline members or a type name; only a type name when boxed.
 * Argument names are never relaxed by pragmas. `boxed` is tested for truthiness here; its
 * value is checked later with the other flags, as in QEMU.
 */
function checkArguments(expr: QAPIObject, info: SourceInfo, checks: TypeChecks): EventBody {
  const dataValue = expr.get('data');
  const boxed = isTruthy(expr.get('boxed'));
  if (boxed && dataValue === undefined) throw semError(info, "'boxed': true requires 'data'");
  return { data: checks.arguments(dataValue, info, boxed) };
}

/** QEMU's check_command: the arguments, then `returns` (a type name or an array of one). */
export function checkCommand(expr: QAPIObject, info: SourceInfo, checks: TypeChecks): CommandBody {
  const { data } = checkArguments(expr, info, checks);
  const returns = checks.returns(expr.get('returns'), info);
  return { data, returns };
}

/** QEMU's check_event: just the arguments. */
export function checkEvent(expr: QAPIObject, info: SourceInfo, checks: TypeChecks): EventBody {
  return checkArguments(expr, info, checks);
}
