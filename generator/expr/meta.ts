import type { QAPIObject } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';

/** The definition kinds, in the order QEMU's message lists them. */
export const METAS = ['enum', 'struct', 'union', 'alternate', 'command', 'event'] as const;
export type Meta = (typeof METAS)[number];

interface KeySpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** The keys each kind of definition requires and allows (check_keys in check_exprs). */
export const META_KEYS: Readonly<Record<Meta, KeySpec>> = {
  enum: { required: ['enum', 'data'], optional: ['if', 'features', 'prefix'] },
  struct: { required: ['struct', 'data'], optional: ['base', 'if', 'features'] },
  union: { required: ['union', 'base', 'discriminator', 'data'], optional: ['if', 'features'] },
  alternate: { required: ['alternate', 'data'], optional: ['if', 'features'] },
  command: {
    required: ['command'],
    optional: [
      'data',
      'returns',
      'boxed',
      'if',
      'features',
      'gen',
      'success-response',
      'allow-oob',
      'allow-preconfig',
      'coroutine',
    ],
  },
  event: { required: ['event'], optional: ['data', 'boxed', 'if', 'features'] },
};

/** Step 1: exactly one meta key must be present; it says what the expression defines. */
export function findMeta(expr: QAPIObject, info: SourceInfo): Meta {
  let found: Meta | undefined;
  let count = 0;
  for (let i = 0; i < METAS.length; i++) {
    if (expr.has(METAS[i]!)) {
      found = METAS[i];
      count++;
    }
  }
  if (count !== 1) {
    throw semError(
      info,
      "expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'",
    );
  }
  return found!;
}
