import type { PragmaName } from '../dialect/dialect.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import type { Pragmas } from './expression.js';
import { isObject, type QAPIObject, type QAPIValue } from './qapi-value.js';

/** The include path, after QEMU's shape checks of `{ 'include': PATH }`. */
export function includeTarget(expr: QAPIObject, info: SourceInfo): string {
  if (expr.size !== 1) throw semError(info, "invalid 'include' directive");
  const include = expr.get('include');
  if (typeof include !== 'string') throw semError(info, "value of 'include' must be a string");
  return include;
}

/**
 * Applies `{ 'pragma': { ... } }` to the schema-wide pragma state; `known` are the pragmas of
 * the QEMU release being read.
 */
export function applyPragma(expr: QAPIObject, info: SourceInfo, pragmas: Pragmas, known: ReadonlySet<PragmaName>): void {
  if (expr.size !== 1) throw semError(info, "invalid 'pragma' directive");
  const pragma = expr.get('pragma');
  if (!isObject(pragma)) throw semError(info, "value of 'pragma' must be an object");
  for (const [name, value] of pragma) {
    if (!known.has(name as PragmaName)) throw semError(info, `unknown pragma '${name}'`);
    applyOnePragma(name as PragmaName, value, info, pragmas);
  }
}

function applyOnePragma(name: PragmaName, value: QAPIValue, info: SourceInfo, pragmas: Pragmas): void {
  switch (name) {
    case 'doc-required':
      if (typeof value !== 'boolean') throw semError(info, "pragma 'doc-required' must be boolean");
      pragmas.docRequired = value;
      return;
    case 'command-name-exceptions':
      pragmas.commandNameExceptions = stringList(name, value, info);
      return;
    case 'command-returns-exceptions':
      pragmas.commandReturnsExceptions = stringList(name, value, info);
      return;
    case 'member-name-exceptions':
      pragmas.memberNameExceptions = stringList(name, value, info);
      return;
    case 'documentation-exceptions':
      pragmas.documentationExceptions = stringList(name, value, info);
      return;
  }
}

function stringList(name: string, value: QAPIValue, info: SourceInfo): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw semError(info, `pragma ${name} must be a list of strings`);
  }
  return value as string[];
}
