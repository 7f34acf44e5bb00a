/**
 * A command prepared for dispatch: its compat-policy verdict, argument validator, handler and
 * return-value checker, all resolved once when the dispatcher is built.
 */
import { inputVerdict } from './compat.js';
import type { CompatPolicy } from './compat.js';
import type { QmpHandler } from './types.js';
import type { InputCompiler } from '../validate/input.js';
import type { OutputCompiler } from '../validate/output.js';
import type { CommandTable } from '../../../contracts/validation-tables.js';
import { FAIL } from '../validate/types.js';
import { isJsonObject } from '../json/value.js';
import type { OutputValidator } from '../validate/types.js';
import type { UncheckedJsonObject } from '../json/value.js';

export interface PreparedCommand {
  readonly name: string;
  readonly table: CommandTable;
  readonly handler: (args: UncheckedJsonObject) => unknown;
  /** Set when the compat policy refuses the command: returns the CommandNotFound desc (or crashes). */
  readonly verdict: (() => string) | undefined;
  /** The arguments to pass, or FAIL with the message in `input.failure`. */
  readonly validateArguments: (args: UncheckedJsonObject) => UncheckedJsonObject | typeof FAIL;
  /** The value for `return`, or FAIL with the message in `output.failure`. */
  readonly checkResult: (value: unknown) => unknown;
  /** `Command X has been disabled[: reason]` when set. */
  disabled: { readonly reason: string | undefined } | undefined;
}

export function prepareCommand(
  name: string,
  table: CommandTable,
  handler: QmpHandler,
  input: InputCompiler,
  output: OutputCompiler,
  policy: CompatPolicy,
): PreparedCommand {
  const argsType = table.arguments;
  return {
    name,
    table,
    handler: handler as (args: UncheckedJsonObject) => unknown,
    verdict: inputVerdict(table.special, policy, 'command', name),
    // gen: false commands parse their arguments themselves, as QEMU's hand-written marshallers do.
    validateArguments: table.unchecked === true ? (args) => args : (args) => input.validateRoot(argsType, args),
    checkResult: resultChecker(table, output),
    disabled: undefined,
  };
}

const EMPTY_RETURN: UncheckedJsonObject = Object.freeze({}) as UncheckedJsonObject;

function resultChecker(table: CommandTable, output: OutputCompiler): (value: unknown) => unknown {
  if (table.unchecked === true) return (value) => (value === undefined ? {} : value);
  if (table.returns === undefined) return (value) => (isEmpty(value) ? {} : emptyExpected(output));
  const check: OutputValidator = output.checker(table.returns);
  return (value) => check(value, 'return value');
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === EMPTY_RETURN) return true;
  if (!isJsonObject(value)) return false;
  for (const key in value) if (value[key] !== undefined) return false;
  return true;
}

function emptyExpected(output: OutputCompiler): typeof FAIL {
  output.failure.message = 'return value must be empty: the command declares no return type';
  return FAIL;
}
