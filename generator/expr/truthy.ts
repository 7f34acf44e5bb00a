import type { QAPIValue } from '../parser/qapi-value.js';

/**
 * Python truthiness of a schema value. QEMU tests some keys with `if x:` / `not x` rather than
 * `is None`, so `''`, `false`, `[]` and `{}` behave like an absent value there.
 */
export function isTruthy(value: QAPIValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  return value.size > 0;
}
