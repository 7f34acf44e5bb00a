/**
 * Server stubs over a generated command map: `QmpHandlersFor<QmpCommands>` has one typed
 * method per command (a handler with the wrong argument or return type does not compile), and
 * `createTypedDispatcher` builds the table-driven Dispatcher from the generated validation
 * tables and such handlers.
 */
import { Dispatcher } from './dispatch.js';
import type { DispatcherOptions, QmpHandler, QmpHandlers } from './dispatch-types.js';
import type { CommandMapOf, CommandName, HandlerArguments, HandlerResult } from './typed-maps.js';
import type { ValidationTables } from './validate-tables.js';

/** One handler per command: validated arguments in, the return value (or a promise of it) out, or a QmpError thrown. */
export type QmpHandlersFor<C extends CommandMapOf<C>> = {
  readonly [K in CommandName<C>]: (args: HandlerArguments<C[K]>) => HandlerResult<C[K]> | PromiseLike<HandlerResult<C[K]>>;
};

/** Options of `createTypedDispatcher`: the Dispatcher's options, with the generated tables and typed handlers. */
export interface TypedDispatcherOptions<C extends CommandMapOf<C>> extends Omit<DispatcherOptions, 'tables' | 'handlers'> {
  /** The generated `qmpValidation`; its type names the command map the handlers are checked against. */
  readonly validation: ValidationTables<C, unknown>;
  /**
   * Handlers of some or all commands (the others answer CommandNotFound). An object whose
   * methods use `this` (a class instance) is fine: each handler is called on it.
   */
  readonly handlers: Partial<QmpHandlersFor<NoInfer<C>>>;
}

/**
 * `createTypedDispatcher({ validation: qmpValidation, handlers })`: the command map is inferred
 * from the generated tables (never from the handlers), so a wrong handler does not compile.
 */
export function createTypedDispatcher<C extends CommandMapOf<C>>(options: TypedDispatcherOptions<C>): Dispatcher {
  const { validation, handlers, ...rest } = options;
  return new Dispatcher({ ...rest, tables: validation, handlers: boundHandlers(validation, handlers) });
}

/** The Dispatcher calls handlers as plain functions; methods keep their object here. */
function boundHandlers(tables: ValidationTables, handlers: object): QmpHandlers {
  const bound: Record<string, QmpHandler> = {};
  const lookup = handlers as Readonly<Record<string, unknown>>;
  const inherited = Object.prototype as Readonly<Record<string, unknown>>;
  for (const name of Object.keys(tables.commands)) {
    const handler = lookup[name];
    // Methods of a class are found on its prototype; Object's own (`constructor`) are no handlers.
    if (typeof handler === 'function' && handler !== inherited[name]) bound[name] = (args: never) => (handler as (a: never) => unknown).call(handlers, args);
  }
  return bound;
}
