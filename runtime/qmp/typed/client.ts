/**
 * A typed layer over a QMP client, generic over a generated command map and event map:
 * `execute('job-pause', { id })` checks the name, the arguments and the result type at
 * compile time. At run time, with the generated validation tables, outgoing arguments are
 * validated strictly (QEMU's own checks and texts, before anything is sent) and replies and
 * events are decoded leniently (kept as sent; differences reported through `onDecodeIssue`).
 */
import { driftIssues } from '../../drift/client-drift.js';
import type { SchemaInfoEntry } from '../../drift/schema-info.js';
import { ServerSchema } from '../../drift/server-schema.js';
import type { ExecuteOptions } from '../client/calls.js';
import { executeAndWait } from '../client/completion.js';
import type { AwaitEventOptions, CompletedCall } from '../client/completion.js';
import { withCallerStack } from '../client/errors.js';
import type { EventStreamOptions, QmpEvent, QmpEventListener } from '../client/events.js';
import type { QmpConnectionListener } from '../client/reconnect.js';
import { compatPolicy } from '../dispatch/compat.js';
import type { CompatPolicy } from '../dispatch/compat.js';
import { QmpError } from '../dispatch/errors.js';
import { decodeEvent, decodeReturn } from './decode.js';
import type { DecodeIssue, DecodeIssueReporter } from './decode.js';
import type { CommandMapOf, CommandName, EventMapOf, EventName, ExecuteParameters, TypedQmpEvent } from './maps.js';
import { validateArguments } from '../validate/arguments.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';

/** What the typed layer needs of a client: QmpClient fits, and so does a test double. */
export interface UntypedQmpClient {
  /** Runs a command; rejects on an error reply. */
  execute<T>(command: string, args?: object, options?: ExecuteOptions): Promise<T>;
  /** Listens to the `name` events (`*`: every event); returns the unsubscribe function. */
  on(name: string, listener: QmpEventListener): () => void;
  /** The named events from now on, as an async iterator. */
  events(names?: string | readonly string[], options?: EventStreamOptions): AsyncIterableIterator<QmpEvent>;
  /** Closes the connection; pending calls fail. */
  close(): Promise<void>;
  /** Connection changes (QmpClient has them; a test double need not). */
  onConnection?(listener: QmpConnectionListener): () => void;
  /** Resolves when calls can be sent again after a reconnect (QmpClient has it). */
  whenConnected?(): Promise<void>;
}

/** Options of `typedQmpClient`. */
export interface TypedQmpClientOptions<C = unknown, E = unknown> {
  /**
   * The generated `qmpValidation`: enables the argument checks and the lenient decoding; the
   * command and event maps are inferred from its type.
   */
  readonly validation?: ValidationTables<C, E>;
  /** The policy arguments are checked under (default: accept everything, as QEMU's default). */
  readonly policy?: Partial<CompatPolicy>;
  /**
   * Told about every difference between a reply or event and this schema, and of the drift
   * check's findings. Default: differences are ignored, except an integer a number cannot hold
   * exactly, which is a process warning.
   */
  readonly onDecodeIssue?: DecodeIssueReporter;
  /** The generated `qmpSchemaInfo`: what the package was generated from, for `checkDrift()`. */
  readonly schemaInfo?: readonly SchemaInfoEntry[];
  /** Run `checkDrift()` now and after every reconnect, reporting through `onDecodeIssue`, never failing (needs `schemaInfo`). */
  readonly checkDrift?: boolean;
}

/** Arguments refused on the client side, before sending: `desc` is what QEMU would answer. */
export class QmpArgumentError extends QmpError {
  readonly command: string;

  constructor(command: string, desc: string) {
    super('GenericError', desc);
    this.name = 'QmpArgumentError';
    this.command = command;
  }
}

export class TypedQmpClient<C extends CommandMapOf<C>, E extends EventMapOf<E>> {
  /** The client underneath, for what the schema does not describe. */
  readonly untyped: UntypedQmpClient;
  private readonly tables: ValidationTables | undefined;
  private readonly policy: CompatPolicy;
  private readonly report: DecodeIssueReporter;
  private readonly packageSchema: readonly SchemaInfoEntry[] | undefined;
  private readonly serverSchema: ServerSchema;

  constructor(client: UntypedQmpClient, options: TypedQmpClientOptions<C, E> = {}) {
    this.untyped = client;
    this.tables = options.validation;
    this.policy = compatPolicy(options.policy);
    this.report = safeReporter(options.onDecodeIssue ?? defaultReport);
    this.packageSchema = options.schemaInfo;
    if (options.checkDrift === true && options.schemaInfo === undefined)
      throw new TypeError('checkDrift needs the schemaInfo option (the generated qmpSchemaInfo)');
    this.serverSchema = new ServerSchema(client);
    // The server after a reconnect may be another QEMU: its schema is asked again.
    client.onConnection?.((event) => {
      if (event.type !== 'reconnected') return;
      this.serverSchema.forget();
      if (options.checkDrift === true) this.checkDriftQuietly();
    });
    if (options.checkDrift === true) this.checkDriftQuietly();
  }

  /**
   * Compares the package this client was generated from (the `schemaInfo` option) with the
   * server's schema (`query-qmp-schema`, asked once per connection): commands and events the
   * server lacks, arguments it does not take or now requires, enum values it does not know,
   * types it reads differently, what it deprecates. Each finding goes to `onDecodeIssue`
   * (kind `schema-drift`) and is returned; nothing is refused because of them.
   */
  async checkDrift(): Promise<readonly DecodeIssue[]> {
    if (this.packageSchema === undefined) throw new TypeError('checkDrift() needs the schemaInfo option (the generated qmpSchemaInfo)');
    const issues = driftIssues(this.packageSchema, await this.serverSchema.entries());
    for (const issue of issues) this.report(issue);
    return issues;
  }

  /**
   * Whether the server's schema has what `path` names (see runtime/drift/probe.ts for the
   * syntax): `await qmp.supports('blockdev-add/arg-type/+file/aio/^io_uring')`. The schema is
   * asked once per connection; a malformed path throws ProbePathError.
   */
  async supports(path: string): Promise<boolean> {
    return (await this.serverSchema.prober()).has(path);
  }

  /**
   * Runs `name`; resolves with its return value, rejects with QmpArgumentError (invalid
   * arguments, nothing sent) or with the client's errors (error reply, timeout, closed).
   */
  async execute<K extends CommandName<C>>(name: K, ...params: ExecuteParameters<C[K]>): Promise<C[K]['returns']> {
    const [args, options] = params;
    this.checkArguments(name, args);
    const result = await this.untyped.execute<C[K]['returns']>(name, args, options);
    const tables = this.tables;
    return tables === undefined ? result : neverThrowing(result, () => decodeReturn(tables, name, result, this.report) as C[K]['returns']);
  }

  /**
   * Runs `name` and waits for its completion event `wait.event` (the first one `wait.match`
   * accepts), subscribed before sending; `wait.timeout` bounds the reply and the event together:
   * `executeAndWait('device_del', { id }, { event: 'DEVICE_DELETED', match: (e) => e.data.device === id, timeout: 30_000 })`.
   */
  async executeAndWait<K extends CommandName<C>, N extends EventName<E>>(
    name: K,
    args: C[K]['args'],
    wait: AwaitEventOptions<TypedQmpEvent<E, N>> & { readonly event: N },
  ): Promise<CompletedCall<C[K]['returns'], TypedQmpEvent<E, N>>> {
    this.checkArguments(name, args);
    // Each event is decoded (and its differences reported) once, whether matched or returned.
    const decoded = new WeakMap<QmpEvent, TypedQmpEvent<E, N>>();
    const decodeOnce = (event: QmpEvent): TypedQmpEvent<E, N> => {
      let typed = decoded.get(event);
      if (typed === undefined) decoded.set(event, (typed = this.decodeEvent<N>(event)));
      return typed;
    };
    const decoding: AwaitEventOptions<QmpEvent> = {
      ...wait,
      match: (event) => wait.match === undefined || wait.match(decodeOnce(event)),
    };
    let completed: CompletedCall<C[K]['returns'], QmpEvent>;
    try {
      completed = await executeAndWait<C[K]['returns'], QmpEvent>(this.untyped, name, args, decoding);
    } catch (error) {
      throw withCallerStack(error);
    }
    const tables = this.tables;
    const received = completed.result;
    const result =
      tables === undefined ? received : neverThrowing(received, () => decodeReturn(tables, name, received, this.report) as C[K]['returns']);
    return { result, event: decodeOnce(completed.event) };
  }

  /** Closes the connection (and stops reconnecting); calls still waiting fail. */
  close(): Promise<void> {
    return this.untyped.close();
  }

  /** Resolves when calls can be sent (see QmpClient.whenConnected). */
  whenConnected(): Promise<void> {
    return this.untyped.whenConnected?.() ?? Promise.resolve();
  }

  /** Connection changes: dropped, reconnecting, reconnected (see QmpClient.onConnection). */
  onConnection(listener: QmpConnectionListener): () => void {
    return this.untyped.onConnection?.(listener) ?? (() => undefined);
  }

  /** Calls `listener` with each `name` event, data typed; returns the unsubscribe function. */
  on<N extends EventName<E>>(name: N, listener: (event: TypedQmpEvent<E, N>) => void): () => void {
    return this.untyped.on(name, (event) => listener(this.decodeEvent<N>(event)));
  }

  /**
   * The named events from now on (subscribed at this call, not at the first `next()`), as an
   * async iterator; it ends with the connection.
   */
  events<N extends EventName<E>>(names: N | readonly N[], options: EventStreamOptions = {}): AsyncIterableIterator<TypedQmpEvent<E, N>> {
    const stream = this.untyped.events(typeof names === 'string' ? [names] : names, options);
    const decode = (result: IteratorResult<QmpEvent>): IteratorResult<TypedQmpEvent<E, N>> =>
      result.done === true ? { done: true, value: undefined } : { done: false, value: this.decodeEvent<N>(result.value) };
    const iterator: AsyncIterableIterator<TypedQmpEvent<E, N>> = {
      next: async () => decode(await stream.next()),
      return: async () => decode(await (stream.return?.() ?? Promise.resolve({ done: true as const, value: undefined }))),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private checkDriftQuietly(): void {
    this.checkDrift().catch(ignoreFailure);
  }

  private checkArguments(name: string, args: object | undefined): void {
    const table = this.tables?.commands[name];
    // Unknown to these tables (a cast name) or `gen: false`: the server decides.
    if (this.tables === undefined || table === undefined || table.unchecked === true) return;
    const checked = validateArguments(this.tables, name, args, this.policy);
    if (!checked.ok) throw new QmpArgumentError(name, checked.error);
  }

  private decodeEvent<N extends EventName<E>>(event: QmpEvent): TypedQmpEvent<E, N> {
    const tables = this.tables;
    const data =
      tables === undefined ? event.data : neverThrowing(event.data, () => decodeEvent(tables, event.event, event.data, this.report));
    const decoded = data === event.data ? event : { ...event, data };
    return decoded as unknown as TypedQmpEvent<E, N>;
  }
}

/**
 * `typedQmpClient(await connectQmp(target), { validation: qmpValidation })`: both maps are
 * inferred from the generated tables; without them, name the maps:
 * `typedQmpClient<QmpCommands, QmpEvents>(client)`.
 */
export function typedQmpClient<C extends CommandMapOf<C>, E extends EventMapOf<E>>(
  client: UntypedQmpClient,
  options: TypedQmpClientOptions<C, E> = {},
): TypedQmpClient<C, E> {
  return new TypedQmpClient<C, E>(client, options);
}

/** The drift check on connect is advisory: a server without query-qmp-schema costs nothing. */
function ignoreFailure(): void {
  // checkDrift() called by the caller rejects instead.
}

/** A reporter that throws must not stop the decoding: the values would keep the wrong representation. */
function safeReporter(report: DecodeIssueReporter): DecodeIssueReporter {
  return (issue) => {
    try {
      report(issue);
    } catch {
      // the issue is lost, the value is not
    }
  };
}

/** Decoding must never cost the caller its reply or event: on a failure it gets `received`. */
function neverThrowing<T>(received: T, decode: () => T): T {
  try {
    return decode();
  } catch {
    return received;
  }
}

/** Differences are expected between QEMU versions, reporting them is opt-in; lost precision is not. */
function defaultReport(issue: DecodeIssue): void {
  if (issue.kind !== 'inexact-integer') return;
  process.emitWarning(
    `${issue.source} of ${issue.name}: ${issue.path} = ${String(issue.value)} is not ${issue.expected}`,
    'QmpDecodeWarning',
  );
}
