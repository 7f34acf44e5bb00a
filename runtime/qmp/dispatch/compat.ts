/**
 * The compat policy (`-compat deprecated-input=...,...`): what happens to commands, argument
 * members, enum values, return members and events with the special features `deprecated`
 * and `unstable`.
 */
import { CompatPolicyCrash, messages } from './errors.js';
import type { SpecialFeature } from '../../../contracts/validation-tables.js';

/** What the server does with input using deprecated or unstable items (QEMU's `-compat deprecated-input=...`). */
export type CompatPolicyInput = 'accept' | 'reject' | 'crash';
/** What the server does with output carrying deprecated or unstable items (QEMU's `-compat deprecated-output=...`). */
export type CompatPolicyOutput = 'accept' | 'hide';

/** QEMU's `-compat` policy: input and output handling for deprecated and for unstable items. */
export interface CompatPolicy {
  readonly deprecatedInput: CompatPolicyInput;
  readonly deprecatedOutput: CompatPolicyOutput;
  readonly unstableInput: CompatPolicyInput;
  readonly unstableOutput: CompatPolicyOutput;
}

/** QEMU's default: accept everything, hide nothing. */
export const defaultCompatPolicy: CompatPolicy = Object.freeze({
  deprecatedInput: 'accept',
  deprecatedOutput: 'accept',
  unstableInput: 'accept',
  unstableOutput: 'accept',
});

/** A complete policy from some settings; the rest are QEMU's defaults (accept everything). */
export function compatPolicy(overrides: Partial<CompatPolicy> = {}): CompatPolicy {
  return Object.freeze({ ...defaultCompatPolicy, ...overrides });
}

/** A stable key for caching per-policy compilations. */
export function compatPolicyKey(policy: CompatPolicy): string {
  return `${policy.deprecatedInput},${policy.deprecatedOutput},${policy.unstableInput},${policy.unstableOutput}`;
}

export type InputKind = 'command' | 'parameter' | 'value';

/**
 * What the policy does to input with these features (qapi-util.c compat_policy_input_ok):
 * undefined when accepted, else a function that throws CompatPolicyCrash or returns the
 * rejection message. Deprecated is checked before unstable. Computed once, at compile time.
 */
export function inputVerdict(
  special: readonly SpecialFeature[] | undefined,
  policy: CompatPolicy,
  kind: InputKind,
  name: string,
): (() => string) | undefined {
  if (special === undefined) return undefined;
  if (special.includes('deprecated')) {
    const verdict = verdictFor(policy.deprecatedInput, 'Deprecated', kind, name);
    if (verdict !== undefined) return verdict;
  }
  if (special.includes('unstable')) return verdictFor(policy.unstableInput, 'Unstable', kind, name);
  return undefined;
}

function verdictFor(
  input: CompatPolicyInput,
  adjective: 'Deprecated' | 'Unstable',
  kind: InputKind,
  name: string,
): (() => string) | undefined {
  const message = messages.disabledByPolicy(adjective, kind, name);
  if (input === 'accept') return undefined;
  if (input === 'reject') return () => message;
  return () => {
    throw new CompatPolicyCrash(message);
  };
}

/** Whether output with these features is hidden (qobject-output-visitor policy_skip). */
export function hiddenByPolicy(special: readonly SpecialFeature[] | undefined, policy: CompatPolicy): boolean {
  if (special === undefined) return false;
  return (
    (special.includes('deprecated') && policy.deprecatedOutput === 'hide') ||
    (special.includes('unstable') && policy.unstableOutput === 'hide')
  );
}
