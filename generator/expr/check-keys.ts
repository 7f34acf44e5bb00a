import type { QAPIObject } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';

/** `'a', 'b'`: QEMU prints key sets sorted (by code point) and quoted. */
function quoteSorted(keys: Iterable<string>): string {
  return [...keys]
    .sort()
    .map((k) => `'${k}'`)
    .join(', ');
}

/**
 * QEMU's check_keys: missing required keys are reported before unknown ones. The common case
 * (all keys fine) allocates nothing: it runs for every definition, member and enum value.
 */
export function checkKeys(
  value: QAPIObject,
  info: SourceInfo,
  source: string,
  required: readonly string[],
  optional: readonly string[],
): void {
  let present = 0;
  for (let i = 0; i < required.length; i++) if (value.has(required[i]!)) present++;
  if (present < required.length) {
    const missing = required.filter((k) => !value.has(k));
    const s = missing.length > 1 ? 's' : '';
    throw semError(info, `${source} misses key${s} ${quoteSorted(missing)}`);
  }
  if (value.size === present) return;
  let allowedPresent = present;
  for (let i = 0; i < optional.length; i++) if (value.has(optional[i]!)) allowedPresent++;
  if (allowedPresent === value.size) return;
  const allowed = new Set([...required, ...optional]);
  const unknown = [...value.keys()].filter((k) => !allowed.has(k));
  const s = unknown.length > 1 ? 's' : '';
  throw semError(
    info,
    `${source} has unknown key${s} ${quoteSorted(unknown)}\nValid keys are ${quoteSorted(allowed)}.`,
  );
}
