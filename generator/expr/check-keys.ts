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

/** QEMU's check_keys: missing required keys are reported before unknown ones. */
export function checkKeys(
  value: QAPIObject,
  info: SourceInfo,
  source: string,
  required: readonly string[],
  optional: readonly string[],
): void {
  const missing = required.filter((k) => !value.has(k));
  if (missing.length > 0) {
    const s = missing.length > 1 ? 's' : '';
    throw semError(info, `${source} misses key${s} ${quoteSorted(missing)}`);
  }
  const allowed = new Set([...required, ...optional]);
  const unknown = [...value.keys()].filter((k) => !allowed.has(k));
  if (unknown.length > 0) {
    const s = unknown.length > 1 ? 's' : '';
    throw semError(
      info,
      `${source} has unknown key${s} ${quoteSorted(unknown)}\nValid keys are ${quoteSorted(allowed)}.`,
    );
  }
}
