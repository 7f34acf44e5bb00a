/** What the client reads in the server's messages: replies checked for shape, events, and message previews for error texts. */
import { isJsonObject } from '../json/value.js';
import type { JsonObject } from '../json/value.js';
import type { QmpEvent } from './events.js';
import { toQmpJson } from '../json/serialize.js';

/** Why a reply (a message with `return` or `error`) is not one QMP allows; undefined when it is fine. */
export function replyProblem(reply: JsonObject): string | undefined {
  if (!Object.hasOwn(reply, 'error')) return undefined;
  if (Object.hasOwn(reply, 'return')) return 'both a return and an error';
  const error = reply['error'];
  if (!isJsonObject(error) || typeof error['class'] !== 'string' || typeof error['desc'] !== 'string') {
    return 'an error that is not {"class": string, "desc": string}';
  }
  return undefined;
}

export function toEvent(message: JsonObject): QmpEvent {
  const timestamp = message['timestamp'];
  const data = message['data'];
  const seconds = isJsonObject(timestamp) ? Number(timestamp['seconds']) : 0;
  const microseconds = isJsonObject(timestamp) ? Number(timestamp['microseconds']) : 0;
  return { event: String(message['event']), data: isJsonObject(data) ? data : undefined, timestamp: { seconds, microseconds } };
}

/** A message as it may appear in an error text: JSON, cut short. */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = toQmpJson(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** `: reason` for an error text, or nothing. */
export function because(reason: Error | undefined): string {
  return reason === undefined ? '' : `: ${reason.message}`;
}
