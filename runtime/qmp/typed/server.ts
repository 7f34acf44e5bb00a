/**
 * Server stubs over a generated command map: `QmpHandlersFor<QmpCommands>` has one typed
 * method per command (a handler with the wrong argument or return type does not compile), and
 * `createTypedDispatcher` builds the table-driven Dispatcher from the generated validation
 * tables and such handlers. Handlers get the integers in the representation the package was
 * generated with (the tables' `int64`): bigints, or numbers, in which case an argument a number
 * cannot hold exactly is refused rather than rounded.
 */
import { Dispatcher } from '../dispatch/dispatcher.js';
import type { DispatcherOptions, QmpHandler, QmpHandlers } from '../dispatch/types.js';
import { QmpError } from '../dispatch/errors.js';
import { LenientWalker } from './decode.js';
import type { CommandMapOf, HandlerArguments, HandlerResult } from './maps.js';
import { int64Representation } from '../validate/int.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';

/**
 * One handler per command: validated arguments in, the return value (or a promise of it) out,
 * or a QmpError thrown. Mapped over `keyof C` itself, so each key keeps the command's doc
 * (an editor shows it on a handler's name).
 */
export type QmpHandlersFor<C extends CommandMapOf<C>> = {
  readonly [K in keyof C]: (args: HandlerArguments<C[K]>) => HandlerResult<C[K]> | PromiseLike<HandlerResult<C[K]>>;
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
    if (typeof handler !== 'function' || handler === inherited[name]) continue;
    const call = (args: unknown): unknown => (handler as (a: unknown) => unknown).call(handlers, args);
    const argumentType = tables.commands[name]?.arguments;
    bound[name] = argumentType === undefined ? call : (args: never) => call(handlerArguments(tables, argumentType, args));
  }
  return bound;
}

/** The validated arguments with their integers as the generated types say. */
function handlerArguments(tables: ValidationTables, argumentType: string, args: unknown): unknown {
  // With numbers, only a bigint (a value beyond 2^53) needs the walk: most requests have none.
  if (int64Representation(tables) === 'number' && !holdsBigint(args)) return args;
  const walker = new LenientWalker(tables, (kind, path, value) => {
    if (kind !== 'inexact-integer') return; // the arguments are validated already
    throw new QmpError(
      'GenericError',
      `Parameter '${path.replace(/^arguments\./u, '')}' is ${String(value)}, beyond what this server holds exactly (its types use number)`,
    );
  });
  return walker.visit(argumentType, args, 'arguments');
}

function holdsBigint(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (typeof value !== 'object' || value === null) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (holdsBigint(item)) return true;
  return false;
}
