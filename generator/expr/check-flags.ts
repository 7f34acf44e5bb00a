import type { CommandFlags } from '../../contracts/command-flags.js';
import type { QAPIObject } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';

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
