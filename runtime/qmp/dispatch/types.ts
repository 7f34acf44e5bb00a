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

export interface QmpHandlers {
  readonly [command: string]: QmpHandler | undefined;
}

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

export type QmpResponse = QmpSuccess | QmpFailure;

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
   * Told about handler bugs: a thrown non-QmpError, or a return value the schema does not
   * allow. The client gets a GenericError `Internal error: ...` instead of bad output.
   */
  readonly onInternalError?: (command: string, error: unknown) => void;
}

/** Per-request state of the session the request came from. */
export interface DispatchSession {
  /** OOB was negotiated: `exec-oob` is accepted. Default false. */
  readonly oob?: boolean;
  /** Machine initialization is not complete (`--preconfig`). Default false. */
  readonly preconfig?: boolean;
}
