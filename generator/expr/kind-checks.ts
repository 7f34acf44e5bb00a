import type { Pragmas } from '../parser/expression.js';
import { isObject, type QAPIObject, type QAPIValue } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { NO_FEATURES, checkFeatures } from './check-features.js';
import { checkIf } from './check-if.js';
import { checkKeys } from './check-keys.js';
import { type LowerCasePermits, checkNameIsStr, checkNameLower } from './names-keys.js';
import type { EnumDefinition, EnumValueDef } from './definition.js';

export type EnumBody = Pick<EnumDefinition, 'values' | 'prefix'>;

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
