/**
 * Evaluating `if` conditions against a set of defined symbols, as the C preprocessor does with
 * the `#if` lines QEMU's generators wrap around conditional code: a symbol is true when
 * defined, `all` is AND, `any` is OR, `not` is NOT. The one model of which symbols hold,
 * shared by every back end that drops disabled entities, members, branches, values and
 * features.
 */
import type { IfCond } from './model.js';

/**
 * The symbol set `evaluateIf` takes for a list of defined symbols: none selected (an empty
 * list) is undefined, which keeps every item.
 */
export function definedSymbols(defines: readonly string[]): ReadonlySet<string> | undefined {
  return defines.length > 0 ? new Set(defines) : undefined;
}

/**
 * Whether `cond` holds when exactly the symbols in `defined` are defined. An absent condition
 * always holds. With `defined` undefined no symbol set was chosen, so nothing is dropped:
 * every condition holds (as in QEMU's generated C before preprocessing).
 */
export function evaluateIf(cond: IfCond | undefined, defined: ReadonlySet<string> | undefined): boolean {
  if (cond === undefined || defined === undefined) return true;
  return holds(cond, defined);
}

function holds(cond: IfCond, defined: ReadonlySet<string>): boolean {
  if (typeof cond === 'string') return defined.has(cond);
  if ('all' in cond) return cond.all.every((c) => holds(c, defined));
  if ('any' in cond) return cond.any.some((c) => holds(c, defined));
  return !holds(cond.not, defined);
}
