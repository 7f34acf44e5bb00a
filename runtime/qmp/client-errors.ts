/** What a QMP client call can fail with, besides QMP's own error replies. */
import { QmpError } from './errors.js';
import type { QmpErrorClass } from './errors.js';

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

/** The connection ended (or could not be used) before the call was answered. */
export class QmpConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QmpConnectionError';
  }
}

/** No reply within the call's timeout. A late reply is discarded. */
export class QmpTimeoutError extends Error {
  readonly command: string;
  readonly timeoutMs: number;

  constructor(command: string, timeoutMs: number) {
    super(`QMP command '${command}' got no reply within ${timeoutMs} ms`);
    this.name = 'QmpTimeoutError';
    this.command = command;
    this.timeoutMs = timeoutMs;
  }
}

/** The server sent something that is not QMP (unparseable JSON, no greeting). */
export class QmpProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QmpProtocolError';
  }
}

/** An event iterator fell further behind than its buffer allows; it stops rather than drop events. */
export class QmpEventOverflowError extends Error {
  constructor(limit: number) {
    super(`QMP event iterator: more than ${limit} events unread`);
    this.name = 'QmpEventOverflowError';
  }
}
