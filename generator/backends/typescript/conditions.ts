/**
 * `if` conditions. With symbols selected, a condition is evaluated and false items are left
 * out; with none selected, everything is kept and the condition is shown in the TSDoc.
 */
import { definedSymbols, evaluateIf } from '../../schema/conditions.js';
import type { IfCond } from '../../schema/model.js';

export class ConditionPolicy {
  /** Undefined: keep everything (no symbols selected). */
  private readonly defined: ReadonlySet<string> | undefined;

  constructor(defines: readonly string[]) {
    this.defined = definedSymbols(defines);
  }

  /** Whether an item with this condition is emitted. */
  keeps(cond: IfCond | undefined): boolean {
    return evaluateIf(cond, this.defined);
  }

  /** The sentence the TSDoc carries about a kept item's condition, if any. */
  availabilityNote(cond: IfCond | undefined): string | undefined {
    if (cond === undefined || this.defined !== undefined) return undefined;
    return `Only available if \`${formatCondition(cond)}\`.`;
  }
}

/** `{all: [A, {not: B}]}` -> `A && !B`, as C's preprocessor would read it. */
export function formatCondition(cond: IfCond): string {
  if (typeof cond === 'string') return cond;
  if ('all' in cond) return cond.all.map(formatOperand).join(' && ');
  if ('any' in cond) return cond.any.map(formatOperand).join(' || ');
  return `!${formatOperand(cond.not)}`;
}

function formatOperand(cond: IfCond): string {
  const text = formatCondition(cond);
  const isCompound = typeof cond !== 'string' && !('not' in cond) && operandCount(cond) > 1;
  return isCompound ? `(${text})` : text;
}

function operandCount(cond: { readonly all: readonly IfCond[] } | { readonly any: readonly IfCond[] }): number {
  return 'all' in cond ? cond.all.length : cond.any.length;
}
