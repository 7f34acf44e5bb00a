/**
 * The QMP dispatcher (QEMU 7.2's qmp_dispatch(), qapi/qmp-dispatch.c): takes a parsed request, runs the
 * request checks, command lookup, compat policy, disabled/OOB/preconfig checks, argument
 * validation, the handler and the return-value check, and builds the reply object.
 */
import { compatPolicy } from './compat.js';
import type { CompatPolicy } from './compat.js';
import { prepareCommand } from './command.js';
import type { PreparedCommand } from './command.js';
import { checkRequest } from './request.js';
import type { DispatcherOptions, DispatchSession, HandlerFailureReply, QmpErrorBody, QmpHandlers, QmpResponse } from './types.js';
import { asQmpError, messages } from './errors.js';
import type { QmpErrorClass } from './errors.js';
import { inputCompiler } from '../validate/arguments.js';
import type { InputCompiler } from '../validate/input.js';
import { outputCompiler } from '../validate/results.js';
import type { OutputCompiler } from '../validate/output.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { FAIL } from '../validate/types.js';
import { isJsonObject } from '../json/value.js';
import type { UncheckedJsonObject } from '../json/value.js';

const NO_SESSION: DispatchSession = {};

/** The table-driven QMP dispatcher: checks a request and its arguments as QEMU does, runs the handler, checks and shapes the reply. */
export class Dispatcher {
  readonly policy: CompatPolicy;
  private readonly commands = new Map<string, PreparedCommand>();
  private readonly input: InputCompiler;
  private readonly output: OutputCompiler;
  private readonly onInternalError: ((command: string, error: unknown) => void) | undefined;
  private readonly failureReply: HandlerFailureReply;

  constructor(options: DispatcherOptions) {
    this.policy = compatPolicy(options.policy);
    this.input = inputCompiler(options.tables, this.policy);
    this.output = outputCompiler(options.tables, this.policy);
    this.onInternalError = options.onInternalError;
    this.failureReply = options.handlerFailureReply ?? 'message';
    const names = options.commands ?? Object.keys(options.tables.commands);
    for (const name of names) this.prepare(options.tables, options.handlers, name, options.commands !== undefined);
  }

  private prepare(tables: ValidationTables, handlers: QmpHandlers, name: string, required: boolean): void {
    const table = tables.commands[name];
    const handler = handlers[name];
    if (table === undefined || handler === undefined) {
      if (required) throw new Error(`Dispatcher: command '${name}' ${table === undefined ? 'is not in the tables' : 'has no handler'}`);
      return;
    }
    this.commands.set(name, prepareCommand(name, table, handler, this.input, this.output, this.policy));
  }

  /** QEMU's qmp_disable_command(): the command answers CommandNotFound until enabled again. */
  disableCommand(name: string, reason?: string): void {
    const command = this.commands.get(name);
    if (command !== undefined) command.disabled = { reason };
  }

  /** Enables a disabled command again. */
  enableCommand(name: string): void {
    const command = this.commands.get(name);
    if (command !== undefined) command.disabled = undefined;
  }

  /** The reply to `request`, or undefined (a `success-response: false` command succeeded). */
  dispatch(request: unknown, session: DispatchSession = NO_SESSION): Promise<QmpResponse | undefined> {
    try {
      return Promise.resolve(this.handle(request, session));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * As dispatch(), but settles synchronously when the handler does: the reply itself, or a
   * promise of it when the handler returned one. Throws only CompatPolicyCrash.
   */
  handle(request: unknown, session: DispatchSession = NO_SESSION): QmpResponse | undefined | Promise<QmpResponse | undefined> {
    if (!isJsonObject(request)) return { error: { class: 'GenericError', desc: messages.notAnObject() } };
    const hasId = Object.hasOwn(request, 'id') && request['id'] !== undefined;
    const id = request['id'];
    const checked = checkRequest(request, session.oob === true);
    if (!checked.ok) return errorReply(hasId, id, 'GenericError', checked.error);
    const command = this.commands.get(checked.command);
    if (command === undefined) return errorReply(hasId, id, 'CommandNotFound', messages.commandNotFound(checked.command));
    const refusal = this.refusal(command, checked.oob, session);
    if (refusal !== undefined) return errorReply(hasId, id, refusal.errorClass, refusal.desc);
    const rawArgs = request['arguments'];
    const args = command.validateArguments(rawArgs === undefined ? {} : (rawArgs as UncheckedJsonObject));
    if (args === FAIL) return errorReply(hasId, id, 'GenericError', this.input.failure.message);
    return this.run(command, args, hasId, id, session);
  }

  /** qmp_dispatch()'s refusals after the request checks, in QEMU's order. */
  private refusal(
    command: PreparedCommand,
    oob: boolean,
    session: DispatchSession,
  ): { errorClass: QmpErrorClass; desc: string } | undefined {
    if (command.verdict !== undefined) return { errorClass: 'CommandNotFound', desc: command.verdict() };
    if (command.disabled !== undefined) {
      return { errorClass: 'CommandNotFound', desc: messages.commandDisabled(command.name, command.disabled.reason) };
    }
    if (oob && command.table.allowOob !== true) return { errorClass: 'GenericError', desc: messages.noOob(command.name) };
    if (session.preconfig === true && command.table.allowPreconfig !== true) {
      return { errorClass: 'GenericError', desc: messages.preconfig(command.name) };
    }
    return undefined;
  }

  private run(
    command: PreparedCommand,
    args: UncheckedJsonObject,
    hasId: boolean,
    id: unknown,
    session: DispatchSession,
  ): QmpResponse | undefined | Promise<QmpResponse | undefined> {
    let result: unknown;
    try {
      result = command.handler(args);
    } catch (error) {
      return this.failed(command, error, hasId, id, session);
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (value) => this.succeeded(command, value, hasId, id, session),
        (error: unknown) => this.failed(command, error, hasId, id, session),
      );
    }
    return this.succeeded(command, result, hasId, id, session);
  }

  private succeeded(
    command: PreparedCommand,
    value: unknown,
    hasId: boolean,
    id: unknown,
    session: DispatchSession,
  ): QmpResponse | undefined {
    const checked = command.checkResult(value);
    if (checked === FAIL) return this.handlerFailed(command, new Error(this.output.failure.message), hasId, id, session);
    if (command.table.noSuccessResponse === true) return undefined;
    return hasId ? { return: checked, id } : { return: checked };
  }

  private failed(command: PreparedCommand, error: unknown, hasId: boolean, id: unknown, session: DispatchSession): QmpResponse {
    const qmpError = asQmpError(error);
    if (qmpError !== undefined) return errorReply(hasId, id, qmpError.errorClass, qmpError.desc);
    return this.handlerFailed(command, error, hasId, id, session);
  }

  /** A handler bug: reported with what was thrown (its stack), answered as `handlerFailureReply` says. */
  private handlerFailed(command: PreparedCommand, error: unknown, hasId: boolean, id: unknown, session: DispatchSession): QmpResponse {
    const report = (thrown: unknown, context: string): void => {
      try {
        session.onError?.(thrown, context);
      } catch {
        // a failing reporter must not change the reply
      }
    };
    this.onInternalError?.(command.name, error);
    report(error, `command ${command.name}`);
    let body: QmpErrorBody;
    try {
      body = failureBody(this.failureReply, error, command.name);
    } catch (thrown) {
      report(thrown, `handlerFailureReply for command ${command.name}`);
      body = HIDDEN_FAILURE;
    }
    return errorReply(hasId, id, body.class, body.desc);
  }
}

const HIDDEN_FAILURE: QmpErrorBody = { class: 'GenericError', desc: 'Internal error' };

function failureBody(policy: HandlerFailureReply, error: unknown, command: string): QmpErrorBody {
  if (policy === 'hide') return HIDDEN_FAILURE;
  if (policy === 'message') return { class: 'GenericError', desc: error instanceof Error ? error.message : String(error) };
  const body = policy(error, command);
  const checked = asQmpError({ errorClass: body.class, desc: body.desc });
  if (checked === undefined) throw new TypeError(`not a QMP error {class, desc}: ${String(JSON.stringify(body))}`);
  return { class: checked.errorClass, desc: checked.desc };
}

function errorReply(hasId: boolean, id: unknown, errorClass: QmpErrorClass, desc: string): QmpResponse {
  const error = { class: errorClass, desc };
  return hasId ? { id, error } : { error };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
