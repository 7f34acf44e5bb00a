import type { QAPIObject } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import type { CommandDefinition, EventDefinition } from './definition.js';
import { isTruthy } from './truthy.js';
import type { TypeChecks } from './type-checks.js';

export type EventBody = Pick<EventDefinition, 'data'>;
export type CommandBody = Pick<CommandDefinition, 'data' | 'returns'>;

/**
 * `data` of a command or event: inline members or a type name; only a type name when boxed.
 * Argument names are never relaxed by pragmas. `boxed` is tested for truthiness here; its
 * value is checked later with the other flags, as in QEMU.
 */
function checkArguments(expr: QAPIObject, info: SourceInfo, checks: TypeChecks): EventBody {
  const dataValue = expr.get('data');
  const boxed = isTruthy(expr.get('boxed'));
  if (boxed && dataValue === undefined) throw semError(info, "'boxed': true requires 'data'");
  return { data: checks.arguments(dataValue, info, boxed) };
}

/** QEMU's check_command: the arguments, then `returns` (a type name or an array of one). */
export function checkCommand(expr: QAPIObject, info: SourceInfo, checks: TypeChecks): CommandBody {
  const { data } = checkArguments(expr, info, checks);
  const returns = checks.returns(expr.get('returns'), info);
  return { data, returns };
}

/** QEMU's check_event: just the arguments. */
export function checkEvent(expr: QAPIObject, info: SourceInfo, checks: TypeChecks): EventBody {
  return checkArguments(expr, info, checks);
}
