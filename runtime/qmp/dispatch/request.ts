/**
 * The request-level checks of qmp_dispatch_check_obj() (qapi/qmp-dispatch.c): `execute` /
 * `exec-oob` must be strings and not both, `arguments` an object, nothing else but `id`.
 * QEMU reports the first problem in QDict iteration order, so when there is any problem the
 * keys are re-walked in that order; a well-formed request never pays for the ordering.
 */
import { messages } from './errors.js';
import { qdictKeyOrder } from '../json/qdict-order.js';
import { isJsonObject } from '../json/value.js';
import type { UncheckedJsonObject } from '../json/value.js';

export type RequestCheck =
  | { readonly ok: true; readonly command: string; readonly oob: boolean }
  | { readonly ok: false; readonly error: string };

/** `allowOob`: the session negotiated OOB, so `exec-oob` is a command key, not an unexpected one. */
export function checkRequest(request: UncheckedJsonObject, allowOob: boolean): RequestCheck {
  let execute: unknown;
  let execOob: unknown;
  let clean = true;
  for (const key in request) {
    const value = request[key];
    if (value === undefined) continue;
    if (key === 'execute') execute = value;
    else if (key === 'exec-oob' && allowOob) execOob = value;
    else if (key === 'arguments') clean &&= isJsonObject(value);
    else if (key !== 'id') clean = false;
  }
  if (clean && typeof execute === 'string' && execOob === undefined) return { ok: true, command: execute, oob: false };
  if (clean && typeof execOob === 'string' && execute === undefined) return { ok: true, command: execOob, oob: true };
  return inQDictOrder(request, allowOob);
}

function inQDictOrder(request: UncheckedJsonObject, allowOob: boolean): RequestCheck {
  let execKey: string | undefined;
  for (const key of qdictKeyOrder(Object.keys(request).filter((k) => request[k] !== undefined))) {
    const value = request[key];
    if (key === 'execute' || (key === 'exec-oob' && allowOob)) {
      if (typeof value !== 'string') return { ok: false, error: messages.memberNotString(key) };
      if (execKey !== undefined) return { ok: false, error: messages.memberClash(key, execKey) };
      execKey = key;
    } else if (key === 'arguments') {
      if (!isJsonObject(value)) return { ok: false, error: messages.argumentsNotObject() };
    } else if (key !== 'id') {
      return { ok: false, error: messages.memberUnexpected(key) };
    }
  }
  if (execKey === undefined) return { ok: false, error: messages.lacksExecute() };
  // Only reached with a clean request whose single command key is valid.
  return { ok: true, command: request[execKey] as string, oob: execKey === 'exec-oob' };
}
