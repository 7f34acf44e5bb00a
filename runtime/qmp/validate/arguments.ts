/**
 * Argument validation as a function: `validateArguments(tables, command, args, policy)`.
 * Compiled validators are cached per tables object and policy.
 */
import { messages } from '../dispatch/errors.js';
import { defaultCompatPolicy } from '../dispatch/compat.js';
import { PerTablesCache } from './cache.js';
import type { CompatPolicy } from '../dispatch/compat.js';
import { InputCompiler } from './input.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { FAIL } from './types.js';
import { isJsonObject } from '../json/value.js';
import type { UncheckedJsonObject } from '../json/value.js';

/** The arguments as validated (a checked copy), or QEMU's error text. */
export type ValidationResult = { readonly ok: true; readonly value: UncheckedJsonObject } | { readonly ok: false; readonly error: string };

const compilers = new PerTablesCache((tables, policy) => new InputCompiler(tables, policy));

/** The (cached) input compiler for these tables under this policy. */
export function inputCompiler(tables: ValidationTables, policy: CompatPolicy = defaultCompatPolicy): InputCompiler {
  return compilers.get(tables, policy);
}

/**
 * Validates `args` (the request's `arguments`; undefined means `{}`) for `command` as QEMU's
 * generated marshaller does. The error is the GenericError desc QEMU would send. On success
 * `value` is the arguments to hand to the handler (a copy when a value was converted).
 * Throws for an unknown command, and CompatPolicyCrash where QEMU would abort().
 */
export function validateArguments(
  tables: ValidationTables,
  command: string,
  args: unknown,
  policy: CompatPolicy = defaultCompatPolicy,
): ValidationResult {
  const table = tables.commands[command];
  if (table === undefined) throw new Error(`validateArguments: unknown command '${command}'`);
  const object = args === undefined ? {} : args;
  if (!isJsonObject(object)) return { ok: false, error: messages.argumentsNotObject() };
  const compiler = inputCompiler(tables, policy);
  const value = compiler.validateRoot(table.arguments, object);
  return value === FAIL ? { ok: false, error: compiler.failure.message } : { ok: true, value };
}
