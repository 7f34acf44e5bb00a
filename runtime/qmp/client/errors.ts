/** What a QMP client call can fail with, besides QMP's own error replies. */
import { QmpError } from '../dispatch/errors.js';
import type { QmpErrorClass } from '../dispatch/errors.js';

/** A QMP error reply to a client call: `errorClass` and `desc` as the server sent them. */
export class QmpReplyError extends QmpError {
  readonly command: string;
  readonly id: unknown;

  constructor(errorClass: string, desc: string, command: string, id: unknown) {
    // The server may name a class newer than QEMU 7.2's list; it is kept as sent.
    super(errorClass as QmpErrorClass, desc);
    this.name = 'QmpReplyError';
    this.command = command;
    this.id = id;
  }
}

/**
 * The connection ended (or could not be used) before the call was answered. `command` names
 * the call it failed (absent for connecting); `sent` says whether its request went out, so
 * whether it may have run. The client never sends a call again by itself.
 */
export class QmpConnectionError extends Error {
  readonly command: string | undefined;
  readonly sent: boolean;

  constructor(message: string, options?: { cause?: unknown; command?: string; sent?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QmpConnectionError';
    this.command = options?.command;
    this.sent = options?.sent ?? false;
  }
}

/**
 * No reply within the call's timeout (a late reply is discarded), or, for `executeAndWait`,
 * no matching completion event in time (`event` names it).
 */
export class QmpTimeoutError extends Error {
  readonly command: string;
  readonly timeoutMs: number;
  readonly event: string | undefined;

  constructor(command: string, timeoutMs: number, event?: string) {
    super(
      event === undefined
        ? `QMP command '${command}' got no reply within ${timeoutMs} ms`
        : `QMP command '${command}': no matching ${event} event within ${timeoutMs} ms`,
    );
    this.name = 'QmpTimeoutError';
    this.command = command;
    this.timeoutMs = timeoutMs;
    this.event = event;
  }
}

/**
 * The server sent something that is not QMP: unparseable JSON, no greeting, a malformed
 * reply, a reply with an id this client never sent. `command` names the call it failed.
 */
export class QmpProtocolError extends Error {
  readonly command: string | undefined;

  constructor(message: string, options?: { cause?: unknown; command?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QmpProtocolError';
    this.command = options?.command;
  }
}

/**
 * The client's own errors are made where the reply (or the end) arrives, deep in a socket
 * callback; re-capturing the stack where the caller's `await` resumes gives the frames that
 * matter (`at async main (deploy.ts:12)`) through V8's async stack traces, at no cost to
 * calls that succeed. Errors of the caller's own making (an AbortSignal's reason) stay as they are.
 */
export function withCallerStack(error: unknown): unknown {
  if (
    error instanceof QmpReplyError ||
    error instanceof QmpConnectionError ||
    error instanceof QmpTimeoutError ||
    error instanceof QmpProtocolError
  ) {
    Error.captureStackTrace(error, withCallerStack);
  }
  return error;
}

/** An event iterator fell further behind than its buffer allows; it stops rather than drop events. */
export class QmpEventOverflowError extends Error {
  constructor(limit: number) {
    super(`QMP event iterator: more than ${limit} events unread`);
    this.name = 'QmpEventOverflowError';
  }
}
