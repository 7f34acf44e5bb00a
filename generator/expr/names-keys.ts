/**
 * The expression checker's basic checks, in the order of QEMU's scripts/qapi/expr.py: names
 * (check_name_*), keys (check_keys), flags (check_flags) and `if` conditions (check_if).
 */
import { type QAPIObject, type QAPIValue, isObject } from '../parser/qapi-value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import type { CommandFlags, IfCond } from './checked.js';

/*
 * QEMU's naming rules (expr.py check_name_*). Schema strings are printable ASCII only (the
 * lexer rejects anything else), so Python's case-insensitive `[a-z]` is plain `[A-Za-z]` and
 * Python's `$` (which also matches before a final newline) is plain end of string.
 */

/** Optional downstream `__RFQDN_` prefix, optional `x-`, then the stem (group 3). */
const VALID_NAME = /^(__[a-z0-9.-]+_)?(x-)?([a-z][a-z0-9_-]*)$/i;
const CAMEL_CASE = /^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/;

/*
 * Names as nearly all are written, which the full checks would accept: one test, no match
 * object. Anything else takes the full path, which also finds the right message.
 */
const PLAIN_LOWER = /^(?:__[a-z0-9.-]+_)?(?:x-)?[a-z][a-z0-9-]*$/;
const PLAIN_UPPER = /^[A-Z][A-Z0-9_]*$/;

function isCNameChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/**
 * `cName(name, false).startsWith(prefix)` (schema/c-name.ts) without building the C name:
 * this runs for every name.
 */
function cNameStartsWith(name: string, prefix: string): boolean {
  if (name.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const want = prefix.charCodeAt(i);
    const code = name.charCodeAt(i);
    if (code !== want && !(want === 0x5f && !isCNameChar(code))) return false;
  }
  return true;
}

export function checkNameIsStr(name: QAPIValue | undefined, info: SourceInfo, source: string): asserts name is string {
  if (typeof name !== 'string') throw semError(info, `${source} requires a string name`);
}

/** Checks the general shape and returns the stem. `q_` is reserved for generated names. */
function checkNameStr(name: string, info: SourceInfo, source: string): string {
  const match = VALID_NAME.exec(name);
  if (!match || cNameStartsWith(name, 'q_')) throw semError(info, `${source} has an invalid name`);
  return match[3]!;
}

/** Event names: upper case. */
function checkNameUpper(name: string, info: SourceInfo, source: string): void {
  if (PLAIN_UPPER.test(name)) return;
  const stem = checkNameStr(name, info, source);
  if (/[a-z-]/.test(stem)) throw semError(info, `name of ${source} must not use lowercase or '-'`);
}

export interface LowerCasePermits {
  readonly permitUpper?: boolean;
  readonly permitUnderscore?: boolean;
}

/** Command, member, enum value, branch and feature names: lower case with `-`. */
export function checkNameLower(name: string, info: SourceInfo, source: string, permits: LowerCasePermits = {}): void {
  if (PLAIN_LOWER.test(name) && !cNameStartsWith(name, 'q_')) return;
  const stem = checkNameStr(name, info, source);
  if ((!permits.permitUpper && /[A-Z]/.test(stem)) || (!permits.permitUnderscore && stem.includes('_'))) {
    throw semError(info, `name of ${source} must not use uppercase or '_'`);
  }
}

/** Type names: CamelCase. */
function checkNameCamel(name: string, info: SourceInfo, source: string): void {
  if (CAMEL_CASE.test(name)) return; // a whole name in CamelCase has no prefix to strip
  const stem = checkNameStr(name, info, source);
  if (!CAMEL_CASE.test(stem)) throw semError(info, `name of ${source} must use CamelCase`);
}

/** The rules for a definition's own name, by meta (check_exprs's check_defn_name_str and its `List` rule). */
export function checkDefinitionName(name: string, info: SourceInfo, meta: string, commandNameExceptions: readonly string[]): void {
  if (meta === 'event') {
    checkNameUpper(name, info, meta);
  } else if (meta === 'command') {
    checkNameLower(name, info, meta, { permitUnderscore: commandNameExceptions.includes(name) });
  } else {
    checkNameCamel(name, info, meta);
    if (name.endsWith('List')) throw semError(info, `${meta} name should not end in 'List'`);
  }
}

/** Member names may not collide with the generated `u` (union variants) or `has_*` (optional flags). */
export function checkReservedMemberName(name: string, info: SourceInfo, source: string): void {
  if (name === 'u' || cNameStartsWith(name, 'has_')) throw semError(info, `${source} uses reserved name`);
}

/** `'a', 'b'`: QEMU prints key sets sorted (by code point) and quoted. */
function quoteSorted(keys: Iterable<string>): string {
  return [...keys]
    .sort()
    .map((k) => `'${k}'`)
    .join(', ');
}

/**
 * QEMU's check_keys: missing required keys are reported before unknown ones. The common case
 * (all keys fine) allocates nothing: it runs for every definition, member and enum value.
 */
export function checkKeys(
  value: QAPIObject,
  info: SourceInfo,
  source: string,
  required: readonly string[],
  optional: readonly string[],
): void {
  let present = 0;
  for (let i = 0; i < required.length; i++) if (value.has(required[i]!)) present++;
  if (present < required.length) {
    const missing = required.filter((k) => !value.has(k));
    const s = missing.length > 1 ? 's' : '';
    throw semError(info, `${source} misses key${s} ${quoteSorted(missing)}`);
  }
  if (value.size === present) return;
  let allowedPresent = present;
  for (let i = 0; i < optional.length; i++) if (value.has(optional[i]!)) allowedPresent++;
  if (allowedPresent === value.size) return;
  const allowed = new Set([...required, ...optional]);
  const unknown = [...value.keys()].filter((k) => !allowed.has(k));
  const s = unknown.length > 1 ? 's' : '';
  throw semError(info, `${source} has unknown key${s} ${quoteSorted(unknown)}\nValid keys are ${quoteSorted(allowed)}.`);
}

/** Flags whose only sensible explicit value is `false` (their default is true)... */
const FALSE_ONLY = ['gen', 'success-response'] as const;
/** ...and those whose only sensible explicit value is `true`. */
const TRUE_ONLY = ['boxed', 'allow-oob', 'allow-preconfig', 'coroutine'] as const;

/**
 * QEMU's check_flags, then the flag values with their defaults. Keys a meta does not allow
 * were already rejected by check_keys, so this is safe to run for every meta.
 */
export function checkFlags(expr: QAPIObject, info: SourceInfo): CommandFlags {
  // Index loops: this runs once per definition, mostly before V8 optimizes it, and for-of
  // would allocate an iterator result per step.
  for (let i = 0; i < FALSE_ONLY.length; i++) {
    const key = FALSE_ONLY[i]!;
    if (expr.has(key) && expr.get(key) !== false) throw semError(info, `flag '${key}' may only use false value`);
  }
  for (let i = 0; i < TRUE_ONLY.length; i++) {
    const key = TRUE_ONLY[i]!;
    if (expr.has(key) && expr.get(key) !== true) throw semError(info, `flag '${key}' may only use true value`);
  }
  if (expr.has('allow-oob') && expr.has('coroutine')) {
    throw semError(info, "flags 'allow-oob' and 'coroutine' are incompatible");
  }
  return {
    boxed: expr.has('boxed'),
    gen: !expr.has('gen'),
    successResponse: !expr.has('success-response'),
    allowOob: expr.has('allow-oob'),
    allowPreconfig: expr.has('allow-preconfig'),
    coroutine: expr.has('coroutine'),
  };
}

const IDENTIFIER = /^[A-Z][A-Z0-9_]*$/;

/**
 * QEMU's check_if on `owner`'s `if` key: checks the condition and returns it in typed form
 * (undefined when the key is absent; `''` is present and fails). `source` names the owner in
 * messages: `struct`, `'data' member 'm'`, `'features' member 'f'`.
 */
export function checkIf(owner: QAPIObject, info: SourceInfo, source: string): IfCond | undefined {
  const cond = owner.get('if');
  if (cond === undefined) return undefined;
  return checkCondition(cond, info, source);
}

function checkCondition(cond: QAPIValue, info: SourceInfo, source: string): IfCond {
  if (typeof cond === 'string') {
    if (!IDENTIFIER.test(cond)) {
      throw semError(info, `'if' condition '${cond}' of ${source} is not a valid identifier`);
    }
    return cond;
  }
  if (!isObject(cond)) throw semError(info, `'if' condition of ${source} must be a string or an object`);
  checkKeys(cond, info, `'if' condition of ${source}`, [], ['all', 'any', 'not']);
  if (cond.size !== 1) throw semError(info, `'if' condition of ${source} has conflicting keys`);
  const not = cond.get('not');
  if (not !== undefined) return { not: checkCondition(not, info, source) };
  const all = cond.get('all');
  if (all !== undefined) return { all: checkOperands('all', all, info, source) };
  return { any: checkOperands('any', cond.get('any')!, info, source) };
}

function checkOperands(operator: 'all' | 'any', operands: QAPIValue, info: SourceInfo, source: string): IfCond[] {
  if (!Array.isArray(operands)) throw semError(info, `'${operator}' condition of ${source} must be an array`);
  if (operands.length === 0) throw semError(info, `'if' condition [] of ${source} is useless`);
  return operands.map((operand) => checkCondition(operand, info, source));
}
