/**
 * The shapes the typed client and server are generic over: a generated command map
 * (`QmpCommands`: name -> { args, returns, flags }) and event map (`QmpEvents`: name -> data),
 * and what follows from them for a call, a handler and an event. Nothing here knows a schema.
 */
import type { ExecuteOptions } from '../client/calls.js';

/** One command of a generated command map. `args` is undefined for commands without arguments. */
export interface CommandSpec {
  readonly args: object | undefined;
  readonly returns: unknown;
  readonly 'allow-oob'?: boolean;
  readonly 'success-response'?: boolean;
}

/** `C` is a command map: every entry is a CommandSpec (works for interfaces, which lack index signatures). */
export type CommandMapOf<C> = { readonly [K in keyof C]: CommandSpec };

/** `E` is an event map: name -> data type (`undefined` for events without data). */
export type EventMapOf<E> = { readonly [K in keyof E]: object | undefined };

/** The command names of a command map. */
export type CommandName<C> = keyof C & string;
/** The event names of an event map. */
export type EventName<E> = keyof E & string;

/** What a command without `returns` answers, and what a handler of a command without arguments gets. */
export type QmpEmptyObject = Record<string, never>;

/** `exec-oob` is only offered for commands that allow it. */
export type TypedExecuteOptions<S extends CommandSpec> = S['allow-oob'] extends true
  ? ExecuteOptions
  : Omit<ExecuteOptions, 'oob'> & { readonly oob?: false };

/**
 * The parameters of `execute(name, ...)` after the name: none for commands without arguments,
 * optional arguments when every member is optional, else required arguments; then options.
 */
export type ExecuteParameters<S extends CommandSpec> = [S['args']] extends [undefined]
  ? [args?: undefined, options?: TypedExecuteOptions<S>]
  : Record<never, never> extends S['args']
    ? [args?: S['args'], options?: TypedExecuteOptions<S>]
    : [args: S['args'], options?: TypedExecuteOptions<S>];

/** What a handler gets: the validated arguments (wire names); `{}` for commands without arguments. */
export type HandlerArguments<S extends CommandSpec> = [S['args']] extends [undefined] ? QmpEmptyObject : S['args'];

/** What a handler returns: the return type; a command answering `{}` may also return nothing. */
export type HandlerResult<S extends CommandSpec> = [S['returns']] extends [QmpEmptyObject] ? QmpEmptyObject | void : S['returns'];

/** Event timestamp: wall clock, seconds and microseconds. */
export interface QmpTimestamp {
  readonly seconds: number;
  readonly microseconds: number;
}

/** One received or emitted event, its data typed by name; a union over `N`, discriminated by `event`. */
export type TypedQmpEvent<E, N extends EventName<E> = EventName<E>> = {
  [K in N]: { readonly event: K; readonly data: E[K]; readonly timestamp: QmpTimestamp };
}[N];

/** The parameters of `emit(name, ...)` after the name: none for events without data. */
export type EmitParameters<D> = [D] extends [undefined] ? [] : [data: D];
