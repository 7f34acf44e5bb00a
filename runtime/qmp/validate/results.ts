/**
 * Output checking as functions: a command's return value and an event's data, checked
 * against the schema and filtered by the compat policy (QEMU's compat_policy, qapi/compat.json).
 */
import { defaultCompatPolicy, hiddenByPolicy } from '../dispatch/compat.js';
import type { CompatPolicy } from '../dispatch/compat.js';
import { PerTablesCache } from './cache.js';
import { OutputCompiler } from './output.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { FAIL } from './types.js';
import { isJsonObject } from '../json/value.js';
import type { UncheckedJsonObject } from '../json/value.js';

/** A return value as checked against the schema (members hidden by the policy removed) or the error. */
export type OutputResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Event data as checked against the schema, whether to emit it under the policy, or the error. */
export type EventResult =
  | { readonly ok: true; readonly emit: false }
  /** `data` is absent when the event has no data or every member was absent or hidden. */
  | { readonly ok: true; readonly emit: true; readonly data?: UncheckedJsonObject }
  | { readonly ok: false; readonly error: string };

const compilers = new PerTablesCache((tables, policy) => new OutputCompiler(tables, policy));

export function outputCompiler(tables: ValidationTables, policy: CompatPolicy = defaultCompatPolicy): OutputCompiler {
  return compilers.get(tables, policy);
}

/**
 * The value to put in `{"return": ...}`. Commands without `returns` answer `{}`; their handler
 * may return undefined or an empty object.
 */
export function checkReturnValue(
  tables: ValidationTables,
  command: string,
  value: unknown,
  policy: CompatPolicy = defaultCompatPolicy,
): OutputResult {
  const table = tables.commands[command];
  if (table === undefined) throw new Error(`checkReturnValue: unknown command '${command}'`);
  if (table.returns === undefined) return emptyResult(value, 'return value');
  const compiler = outputCompiler(tables, policy);
  const checked = compiler.checker(table.returns)(value, 'return value');
  return checked === FAIL ? { ok: false, error: compiler.failure.message } : { ok: true, value: checked };
}

/** Whether and with what data an event goes on the wire. */
export function checkEventData(
  tables: ValidationTables,
  event: string,
  data: unknown,
  policy: CompatPolicy = defaultCompatPolicy,
): EventResult {
  const table = tables.events[event];
  if (table === undefined) throw new Error(`checkEventData: unknown event '${event}'`);
  if (hiddenByPolicy(table.special, policy)) return { ok: true, emit: false };
  if (table.data === undefined) {
    const empty = emptyResult(data, 'event data');
    return empty.ok ? { ok: true, emit: true } : empty;
  }
  const compiler = outputCompiler(tables, policy);
  const checked = compiler.checker(table.data)(data, 'event data');
  if (checked === FAIL) return { ok: false, error: compiler.failure.message };
  const object = checked as UncheckedJsonObject;
  return Object.keys(object).length === 0 ? { ok: true, emit: true } : { ok: true, emit: true, data: object };
}

function emptyResult(value: unknown, where: string): OutputResult {
  if (value === undefined || (isJsonObject(value) && Object.keys(value).length === 0)) return { ok: true, value: {} };
  return { ok: false, error: `${where} must be empty: the schema declares none` };
}
