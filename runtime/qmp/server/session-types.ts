/** The contracts between a QMP session, its dispatcher, its transport and its in-band queue. */

export interface DispatchContext {
  /** Whether the session enabled OOB: `exec-oob` is then a request key rather than an unexpected one. */
  readonly oob: boolean;
  /** The server's report of failures no client is told about (handler failures among them). */
  readonly onError?: SessionErrorReporter;
}

/**
 * Runs one parsed request (any JSON value, objects with null prototypes) as qmp_dispatch()
 * does and returns the whole reply object, or undefined for no reply (`success-response:
 * false`). The dispatcher of dispatch*.ts fits this shape.
 */
export interface RequestDispatcher {
  /** Answers one request (undefined: no reply, as for `success-response: false`). */
  dispatch(request: unknown, ctx: DispatchContext): Promise<object | undefined>;
}

/** Where a session's bytes go and come from. */
export interface SessionTransport {
  /** One serialized message, CRLF included. */
  write(line: string): void;
  /** Stop or restart reading input (a suspended monitor reads nothing). */
  setReading(flowing: boolean): void;
  /** Drop the connection (used when QEMU would have died, e.g. compat policy `crash`). */
  destroy(reason: Error): void;
}

/** Runs in-band requests one at a time; sessions tell it when they have one queued. */
export interface InBandQueue {
  notify(work: InBandWork): void;
}

export interface InBandWork {
  hasQueuedRequest(): boolean;
  /** Runs the oldest queued request to its reply; never rejects. */
  runNextRequest(): Promise<void>;
}

/** Reports what a client cannot be told: dispatcher failures, unserializable replies. */
export type SessionErrorReporter = (error: unknown, context: string) => void;
