/**
 * The messages a QMP server sends, built with QEMU's insertion order (which decides the order
 * of keys sharing a hash bucket; the serializer does the rest): greeting, replies, events.
 */
import type { QmpErrorClass } from '../dispatch/errors.js';

/** query-version's result. */
export interface QmpVersionInfo {
  readonly qemu: { readonly major: number; readonly minor: number; readonly micro: number };
  readonly package: string;
}

/** Event timestamps: wall-clock microseconds, as g_get_real_time(). */
export type MicrosecondClock = () => number;

/** The real wall clock in microseconds, for event timestamps. */
export const wallClockMicros: MicrosecondClock = () => Math.floor((performance.timeOrigin + performance.now()) * 1000);

/** The version info as the query-version marshaller inserts it: major, minor, micro. */
export function versionInfo(major: number, minor: number, micro: number, pkg = ''): QmpVersionInfo {
  return { qemu: { major, minor, micro }, package: pkg };
}

/** qmp_greeting(): {"QMP": {"version": …, "capabilities": […]}}. */
export function greetingMessage(version: QmpVersionInfo, capabilities: readonly string[]): object {
  const qemu = { major: version.qemu.major, minor: version.qemu.minor, micro: version.qemu.micro };
  return { QMP: { version: { qemu, package: version.package }, capabilities: [...capabilities] } };
}

/** A success reply; `id` is echoed when the request had one (any JSON value, null included). */
export function returnReply(value: unknown, id: RequestId): object {
  const reply: Record<string, unknown> = { return: value };
  if (id.present) reply['id'] = id.value;
  return reply;
}

/** An error reply, as qmp_error_response() then qmp_dispatch() build it. */
export function errorReply(errorClass: QmpErrorClass | string, desc: string, id: RequestId = NO_ID): object {
  const reply: Record<string, unknown> = { error: { class: errorClass, desc } };
  if (id.present) reply['id'] = id.value;
  return reply;
}

/** Whether a request carried `id`, and its value. */
export type RequestId = { readonly present: false } | { readonly present: true; readonly value: unknown };

export const NO_ID: RequestId = { present: false };

export function requestId(request: unknown): RequestId {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return NO_ID;
  return Object.hasOwn(request, 'id') ? { present: true, value: (request as Record<string, unknown>)['id'] } : NO_ID;
}

/**
 * An event: built as event, timestamp, then `data` only when it has a member (QEMU drops an
 * empty data object, e.g. for events without data or with every member absent).
 */
export function eventMessage(event: string, data: unknown, nowMicros: number): object {
  const micros = Math.max(0, Math.floor(nowMicros));
  const timestamp = { seconds: Math.floor(micros / 1e6), microseconds: micros % 1e6 };
  const message: Record<string, unknown> = { event, timestamp };
  if (hasMember(data)) message['data'] = data;
  return message;
}

function hasMember(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  return Object.values(data).some((value) => value !== undefined);
}
