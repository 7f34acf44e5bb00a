import type { QAPIValue } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';

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

/** QEMU's `c_name(name, protect=False)`: every char outside `[A-Za-z0-9_]` becomes `_`. */
export function cName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function isCNameChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/** `cName(name).startsWith(prefix)` without building the C name (this runs for every name). */
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
export function checkNameStr(name: string, info: SourceInfo, source: string): string {
  const match = VALID_NAME.exec(name);
  if (!match || cNameStartsWith(name, 'q_')) throw semError(info, `${source} has an invalid name`);
  return match[3]!;
}

/** Event names: upper case. */
export function checkNameUpper(name: string, info: SourceInfo, source: string): void {
  if (PLAIN_UPPER.test(name)) return;
  const stem = checkNameStr(name, info, source);
  if (/[a-z-]/.test(stem)) throw semError(info, `name of ${source} must not use lowercase or '-'`);
}

export interface LowerCasePermits {
  readonly permitUpper?: boolean;
  readonly permitUnderscore?: boolean;
}

/** Command, member, enum value, branch and feature names: lower case with `-`. */
export function checkNameLower(
  name: string,
  info: SourceInfo,
  source: string,
  permits: LowerCasePermits = {},
): void {
  if (PLAIN_LOWER.test(name) && !cNameStartsWith(name, 'q_')) return;
  const stem = checkNameStr(name, info, source);
  if ((!permits.permitUpper && /[A-Z]/.test(stem)) || (!permits.permitUnderscore && stem.includes('_'))) {
    throw semError(info, `name of ${source} must not use uppercase or '_'`);
  }
}

/** Type names: CamelCase. */
export function checkNameCamel(name: string, info: SourceInfo, source: string): void {
  if (CAMEL_CASE.test(name)) return; // a whole name in CamelCase has no prefix to strip
  const stem = checkNameStr(name, info, source);
  if (!CAMEL_CASE.test(stem)) throw semError(info, `name of ${source} must use CamelCase`);
}

/** The rules for a definition's own name, by meta (step 4 of the expression checks). */
export function checkDefinitionName(
  name: string,
  info: SourceInfo,
  meta: string,
  commandNameExceptions: readonly string[],
): void {
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
