/**
 * What the session needs to know about a request before the dispatcher sees it: whether it
 * is out-of-band (qmp_is_oob), and, for a well-formed request, its command name. A request
 * with any envelope error (qmp_dispatch() steps 1-3) yields no envelope: the dispatcher
 * reports that error itself, whatever mode the session is in.
 */
import { isJsonObject } from '../json/value.js';
import type { UncheckedJsonObject } from '../json/value.js';
import { requestId } from './messages.js';
import type { RequestId } from './messages.js';

export interface RequestEnvelope {
  readonly command: string;
  /** Named by `exec-oob` rather than `execute`. */
  readonly viaOob: boolean;
  readonly arguments: UncheckedJsonObject | undefined;
  readonly id: RequestId;
}

/** qmp_is_oob(): `exec-oob` without `execute`, checked whether or not OOB is enabled. */
export function isOobRequest(request: unknown): boolean {
  return isJsonObject(request) && Object.hasOwn(request, 'exec-oob') && !Object.hasOwn(request, 'execute');
}

export function readEnvelope(request: unknown, oobEnabled: boolean): RequestEnvelope | undefined {
  if (!isJsonObject(request)) return undefined;
  let command: string | undefined;
  let viaOob = false;
  for (const key of Object.keys(request)) {
    const value = request[key];
    if (key === 'execute' || (key === 'exec-oob' && oobEnabled)) {
      if (typeof value !== 'string' || command !== undefined) return undefined;
      command = value;
      viaOob = key === 'exec-oob';
    } else if (key === 'arguments') {
      if (!isJsonObject(value)) return undefined;
    } else if (key !== 'id') {
      return undefined;
    }
  }
  if (command === undefined) return undefined;
  const args = request['arguments'];
  return { command, viaOob, arguments: isJsonObject(args) ? args : undefined, id: requestId(request) };
}
