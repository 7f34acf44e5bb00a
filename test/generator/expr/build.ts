import { Doc72 } from '../../../generator/doc/doc-7.2.js';
import type { QAPIDoc } from '../../../generator/doc/doc.js';
import type { ParseResult, ParsedExpression, Pragmas } from '../../../generator/parser/expression.js';
import type { QAPIObject, QAPIValue } from '../../../generator/parser/qapi-value.js';
import { newPragmas } from '../../../generator/parser/parser.js';
import { QAPIError } from '../../../generator/source/error.js';
import { SourceInfo } from '../../../generator/source/info.js';
import { checkExpressions } from '../../../generator/expr/check-exprs.js';
import type { CheckedExpression } from '../../../generator/expr/checked.js';

/** Plain JS data as written in tests (object key order = insertion order; avoid numeric keys). */
export type Plain = string | boolean | Plain[] | { [key: string]: Plain };

export function toValue(plain: Plain): QAPIValue {
  if (typeof plain === 'string' || typeof plain === 'boolean') return plain;
  if (Array.isArray(plain)) return plain.map(toValue);
  return new Map(Object.entries(plain).map(([k, v]) => [k, toValue(v)]));
}

export function toObject(plain: { [key: string]: Plain }): QAPIObject {
  return toValue(plain) as QAPIObject;
}

export interface Def {
  readonly expr: { [key: string]: Plain };
  readonly line?: number;
  readonly fname?: string;
  readonly doc?: QAPIDoc;
}

export function definition(d: Def | { [key: string]: Plain }): ParsedExpression {
  // Plain expressions never have an `expr` key, so this tells the two forms apart.
  const def: Def = 'expr' in d ? (d as Def) : { expr: d as { [key: string]: Plain } };
  const info = new SourceInfo(def.fname ?? 'x.json', def.line ?? 1, undefined);
  return { kind: 'definition', expr: toObject(def.expr), info, doc: def.doc };
}

export function pragmas(p: Partial<Pragmas> = {}): Pragmas {
  return { ...newPragmas(), ...p };
}

export function parseResult(exprs: ParsedExpression[], p: Partial<Pragmas> = {}): ParseResult {
  return { exprs, docs: [], pragmas: pragmas(p) };
}

/** Checks a list of definitions (plain expression objects, or Def records). */
export function check(defs: (Def | { [key: string]: Plain })[], p: Partial<Pragmas> = {}): CheckedExpression[] {
  return checkExpressions(parseResult(defs.map(definition), p));
}

/** The rendered error the definitions produce (fails the test if there is none). */
export function errorOf(defs: (Def | { [key: string]: Plain })[], p: Partial<Pragmas> = {}): string {
  try {
    check(defs, p);
  } catch (e) {
    if (e instanceof QAPIError) return e.render();
    throw e;
  }
  throw new Error('expected a QAPIError');
}

/** The error message alone (no location, no context line). */
export function messageOf(expr: { [key: string]: Plain }, p: Partial<Pragmas> = {}): string {
  try {
    check([expr], p);
  } catch (e) {
    if (e instanceof QAPIError) return e.msg;
    throw e;
  }
  throw new Error('expected a QAPIError');
}

/** A doc block from its comment lines (without the `##` delimiters), starting at `line`. */
export function docOf(lines: string[], line = 1, fname = 'x.json'): QAPIDoc {
  const info = new SourceInfo(fname, line, undefined);
  const doc = new Doc72({ parseError: (msg) => new QAPIError(info, msg, 1) }, info);
  for (const l of lines) doc.append(l);
  doc.endComment();
  return doc;
}
