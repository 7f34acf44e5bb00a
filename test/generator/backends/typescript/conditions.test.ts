import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConditionPolicy, formatCondition } from '../../../../generator/backends/typescript/conditions.js';
import type { IfCond } from '../../../../generator/schema/model.js';

const symbols = ['A', 'B', 'C'] as const;
const condition: fc.Arbitrary<IfCond> = fc.letrec<{ cond: IfCond }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...symbols),
    fc.array(tie('cond'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('cond'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('cond').map((not) => ({ not })),
  ),
})).cond;

/** The C preprocessor's reading of the formatted text, evaluated by JavaScript. */
function evaluateText(text: string, defined: ReadonlySet<string>): boolean {
  const js = text.replace(/[A-Z]+/gu, (s) => String(defined.has(s)));
  return Function(`return ${js};`)() as boolean;
}

describe('conditions', () => {
  it('keeps everything, and describes conditions, when no symbol is selected', () => {
    const policy = new ConditionPolicy([]);
    expect(policy.keeps({ not: 'A' })).toBe(true);
    expect(policy.keeps('A')).toBe(true);
    expect(policy.availabilityNote({ all: ['A', { any: ['B', 'C'] }] })).toBe('Only available if `A && (B || C)`.');
    expect(policy.availabilityNote(undefined)).toBeUndefined();
  });

  it('evaluates with the selected symbols and then describes nothing', () => {
    const policy = new ConditionPolicy(['A']);
    expect(policy.keeps('A')).toBe(true);
    expect(policy.keeps('B')).toBe(false);
    expect(policy.keeps({ all: ['A', { not: 'B' }] })).toBe(true);
    expect(policy.availabilityNote('A')).toBeUndefined();
  });

  it('formats conditions so that reading the text gives the same truth value', () => {
    fc.assert(
      fc.property(condition, fc.subarray([...symbols]), (cond, defined) => {
        const set = new Set<string>(defined);
        const kept = new ConditionPolicy(defined.length > 0 ? defined : ['UNUSED']).keeps(cond);
        expect(evaluateText(formatCondition(cond), set)).toBe(kept);
      }),
      { seed: 1 },
    );
  });
});
