/** The dispatcher's public shapes: handlers, replies, options. */
import type { CompatPolicy } from './compat.js';
import type { QmpErrorClass } from './errors.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';

/**
 * A command handler: gets the validated arguments (wire member names), returns the result
 * (or a promise of it), or throws a QmpError. `args: never` lets handlers declare their own
 * argument types (the generated TypeScript types) and still fit one map.
 */
export type QmpHandler = (args: never) => unknown;

/** Handlers by command name, for the Dispatcher (untyped; see `createTypedDispatcher`). */
export interface QmpHandlers {
  readonly [command: string]: QmpHandler | undefined;
}

/** The `error` member of a QMP error reply. */
export interface QmpErrorBody {
  readonly class: QmpErrorClass;
  readonly desc: string;
}

/** `{"return": ..., "id": ...}`; `id` only when the request had one (any JSON value). */
export interface QmpSuccess {
  readonly return: unknown;
  readonly id?: unknown;
}

/** `{"id": ..., "error": {"class", "desc"}}`. */
export interface QmpFailure {
  readonly id?: unknown;
  readonly error: QmpErrorBody;
}

/** A QMP reply: success or error. */
export type QmpResponse = QmpSuccess | QmpFailure;

/** What a Dispatcher runs on: validation tables, handlers and the compat policy. */
export interface DispatcherOptions {
  readonly tables: ValidationTables;
  readonly handlers: QmpHandlers;
  /** Defaults: accept everything, hide nothing. */
  readonly policy?: Partial<CompatPolicy>;
  /**
   * The commands this dispatcher offers (QEMU's command list; e.g. only `qmp_capabilities`
   * during capabilities negotiation). Default: every command of the tables with a handler.
   */
  readonly commands?: Iterable<string>;
  /**
   * Told about handler failures: a thrown non-QmpError, or a return value the schema does not
   * allow (the session's `onError`, e.g. the server's, is told too).
   */
  readonly onInternalError?: (command: string, error: unknown) => void;
  /** What the client is told about such a failure (default `'message'`). */
  readonly handlerFailureReply?: HandlerFailureReply;
}

/**
 * The error a client gets when a handler throws something that is not a QmpError (or returns
 * what the schema does not allow):
 * - `'message'` (default): a GenericError whose `desc` is the error's message, as QEMU answers
 *   with the text its command gave `error_setg()`;
 * - `'hide'`: a GenericError with the `desc` `Internal error`, saying nothing of the cause;
 * - a function of the thrown value and the command name, returning the `{class, desc}` to send
 *   (if it throws, the client gets what `'hide'` gives and the session's `onError` is told).
 */
export type HandlerFailureReply = 'message' | 'hide' | ((error: unknown, command: string) => QmpErrorBody);

/** Per-request state of the session the request came from. */
export interface DispatchSession {
  /** Where a handler failure is reported, with the thrown value (its stack) and `command NAME`. */
  readonly onError?: (error: unknown, context: string) => void;
  /** OOB was negotiated: `exec-oob` is accepted. Default false. */
  readonly oob?: boolean;
  /** Machine initialization is not complete (`--preconfig`). Default false. */
  readonly preconfig?: boolean;
}
