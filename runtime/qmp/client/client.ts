/**
 * A generic QMP client: `connectQmp({ path } | { host, port })` reads the greeting and
 * negotiates (enabling OOB when offered), then `execute(name, args, { timeout, signal })`.
 * Replies are routed by id; events are delivered in arrival order, interleaved with replies
 * exactly as they came, to callbacks (`on`) and async iterators (`events`). Integers beyond
 * 2^53 arrive as bigint.
 *
 * Every call has a timeout (client-timeouts.ts). With `reconnect`, a dropped connection is
 * opened and negotiated again (client-reconnect.ts); calls in flight when it dropped fail and
 * are never sent again, since they may already have run.
 */
import type { Socket } from 'node:net';
import { PendingCall, PendingCalls } from './calls.js';
import type { ExecuteOptions } from './calls.js';
import { executeAndWait } from './completion.js';
import type { AwaitEventOptions, CompletedCall } from './completion.js';
import { describeTarget, openSocket, phaseSignal } from './connect.js';
import type { QmpConnectTarget } from './connect.js';
import { QmpConnectionError, QmpProtocolError, QmpReplyError, withCallerStack } from './errors.js';
import { EventHub } from './events.js';
import type { EventStream, EventStreamOptions, QmpEvent, QmpEventListener } from './events.js';
import { because, preview, replyProblem, toEvent } from './messages.js';
import { ReconnectPolicy, sleep } from './reconnect.js';
import type { QmpConnectionEvent, QmpConnectionListener, ReconnectOptions } from './reconnect.js';
import { checkTimeout, CommandTimeouts } from './timeouts.js';
import type { CommandTimeoutOptions } from './timeouts.js';
import { JsonMessageReader } from '../json/reader.js';
import type { JsonMessage } from '../json/reader.js';
import { isJsonObject } from '../json/value.js';
import type { JsonObject, JsonValue } from '../json/value.js';
import { formatString } from '../json/serialize-string.js';
import { toQmpJson } from '../json/serialize.js';

export type { QmpConnectTarget } from './connect.js';

/** Options of a QMP client: timeouts, limits and the capabilities it asks for; reconnecting. */
export interface QmpClientOptions extends CommandTimeoutOptions {
  /** Deadline for connecting, the greeting and negotiation together (default 10 s), each time. */
  readonly connectTimeout?: number;
  /** Enable OOB when the server offers it (default true). */
  readonly oob?: boolean;
  /** Send qmp_capabilities (default true); false leaves the session in negotiation mode. */
  readonly negotiate?: boolean;
  /** Ends the first connect in any phase: socket, greeting or negotiation. */
  readonly signal?: AbortSignal;
  /** Reconnect when an established connection drops (default: no; `true`: default limits). */
  readonly reconnect?: boolean | ReconnectOptions;
  /** An event or connection listener threw (default: logged to stderr). */
  readonly onListenerError?: (error: unknown) => void;
}

const DEFAULT_CONNECT_TIMEOUT = 10_000;

/**
 * Connects to a QMP server, reads its greeting and negotiates capabilities (`qmp_capabilities`);
 * resolves with a ready client. On failure nothing is left behind (no socket, no timer).
 */
export async function connectQmp(target: QmpConnectTarget, options: QmpClientOptions = {}): Promise<QmpClient> {
  const client = new QmpClient(target, options);
  await client.connect(options.signal);
  return client;
}

/** One socket's worth of state: a reconnect starts a new one. */
interface Connection {
  readonly socket: Socket;
  readonly reader: JsonMessageReader;
  greeting: JsonObject | undefined;
  greetingWaiter: { resolve(greeting: JsonObject): void; reject(error: unknown): void } | undefined;
  /** Why the socket ended, when it was not a plain close by the peer. */
  reason: Error | undefined;
  /** The socket ended; the reader is flushing what was left. */
  ending: boolean;
  /** It ended in the middle of a message. */
  partial: boolean;
  /** Requests of this turn of the event loop, written together at its end (see send()). */
  outgoing: string;
}

type ClientState = 'connecting' | 'ready' | 'reconnecting' | 'closed';

/** A QMP client connection (untyped; wrap it with `typedQmpClient` for a generated schema's types). */
export class QmpClient {
  private readonly target: QmpConnectTarget;
  private readonly where: string;
  private readonly options: QmpClientOptions;
  private readonly timeouts: CommandTimeouts;
  private readonly policy: ReconnectPolicy | undefined;
  private readonly calls = new PendingCalls();
  private readonly hub: EventHub;
  private readonly connectionListeners = new Set<QmpConnectionListener>();
  private readonly onListenerError: (error: unknown) => void;
  /** Aborted by close() and destroy(): stops a reconnect in any phase. */
  private readonly lifetime = new AbortController();
  private connection: Connection | undefined;
  private state: ClientState = 'connecting';
  private greetingMessage: JsonObject | undefined;
  private enabled: readonly string[] = [];
  private nextId = 1;
  private closeReason: Error | undefined;
  private finish: (reason: Error | undefined) => void = () => undefined;
  /** Resolves when the client is done for good, with why (undefined after close()). */
  readonly closed: Promise<Error | undefined>;

  constructor(target: QmpConnectTarget, options: QmpClientOptions = {}) {
    this.target = target;
    this.where = describeTarget(target);
    this.options = options;
    this.timeouts = new CommandTimeouts(options);
    const reconnect = options.reconnect ?? false;
    this.policy = reconnect === false ? undefined : new ReconnectPolicy(reconnect === true ? {} : reconnect);
    this.onListenerError = options.onListenerError ?? ((error) => console.error('QMP listener failed:', error));
    this.hub = new EventHub(this.onListenerError);
    this.closed = new Promise((resolve) => (this.finish = resolve));
  }

  /** The greeting's `QMP` member: `{version, capabilities}` (of the latest connection). */
  get greeting(): JsonObject {
    const qmp = this.greetingMessage?.['QMP'];
    return isJsonObject(qmp) ? qmp : (Object.create(null) as JsonObject);
  }

  get offeredCapabilities(): readonly string[] {
    const caps = this.greeting['capabilities'];
    return Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string') : [];
  }

  get enabledCapabilities(): readonly string[] {
    return this.enabled;
  }

  /** Done for good: closed, destroyed, or reconnecting gave up. */
  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Negotiated and not dropped: calls can be sent now. */
  get isConnected(): boolean {
    return this.state === 'ready';
  }

  /**
   * Runs a command; resolves with its `return` value. Rejects with QmpReplyError (an error
   * reply), QmpTimeoutError, QmpConnectionError (not connected, or the connection ended
   * first), QmpProtocolError (a malformed reply), or the AbortSignal's reason.
   */
  async execute<T = JsonValue>(command: string, args?: object, options?: ExecuteOptions): Promise<T> {
    try {
      return (await this.send(command, args, options, false)) as T;
    } catch (error) {
      throw withCallerStack(error);
    }
  }

  /**
   * Runs a command and waits for its completion event too, e.g. `device_del` and the
   * `DEVICE_DELETED` of that device: the listener is in place before the command is sent,
   * so an event that overtakes the reply is not missed. `wait.timeout` bounds both.
   */
  async executeAndWait<T = JsonValue>(
    command: string,
    args: object | undefined,
    wait: AwaitEventOptions<QmpEvent>,
  ): Promise<CompletedCall<T, QmpEvent>> {
    try {
      return await executeAndWait<T, QmpEvent>(this, command, args, wait);
    } catch (error) {
      throw withCallerStack(error);
    }
  }

  /** Calls `listener` for each event named `name` ('*' for all); returns the unsubscribe function. Survives reconnects. */
  on(name: string, listener: QmpEventListener): () => void {
    return this.hub.on(name, listener);
  }

  /** Events (all, or those named) from now on, as an async iterator; it ends when the client is closed for good. */
  events(names?: string | readonly string[], options: EventStreamOptions = {}): EventStream {
    const list = typeof names === 'string' ? [names] : names;
    return this.hub.stream(list, options);
  }

  /** Calls `listener` when the connection drops, a reconnect starts, and a reconnect succeeds. */
  onConnection(listener: QmpConnectionListener): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /**
   * Resolves when calls can be sent: at once when connected, else at the next reconnect.
   * Rejects with why when the client is closed for good first. For a caller that decides to
   * retry a call that failed with `sent: false`.
   */
  whenConnected(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    const closedError = (): QmpConnectionError =>
      new QmpConnectionError(`QMP connection to ${this.where} is closed`, { cause: this.closeReason });
    if (this.state === 'closed') return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      const settle = (error?: Error): void => {
        off();
        this.lifetime.signal.removeEventListener('abort', onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onClose = (): void => settle(closedError());
      const off = this.onConnection((change) => {
        if (change.type === 'reconnected') settle();
        else if (change.type === 'disconnected' && !change.reconnect) settle(change.error);
      });
      this.lifetime.signal.addEventListener('abort', onClose, { once: true });
    });
  }

  /** Closes the connection and stops reconnecting; calls still waiting fail. */
  async close(): Promise<void> {
    this.lifetime.abort();
    const connection = this.connection;
    if (connection !== undefined && !connection.socket.destroyed) {
      this.flushOutgoing(connection);
      connection.socket.end();
      // A peer that never closes its side gets a second to do so.
      const timer = setTimeout(() => connection.socket.destroy(), 1000);
      timer.unref();
      await this.closed;
      clearTimeout(timer);
      return;
    }
    this.end(undefined);
    await this.closed;
  }

  /** Ends the connection at once (with `reason` as what `closed` resolves to) and stops reconnecting. */
  destroy(reason?: Error): void {
    if (reason !== undefined) this.closeReason ??= reason;
    this.lifetime.abort();
    const connection = this.connection;
    if (connection === undefined) return this.end(this.closeReason);
    connection.reason ??= reason;
    connection.socket.destroy();
  }

  /** @internal connectQmp(): the first connection; on failure the client is closed. */
  async connect(signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.establish(signal);
    } catch (error) {
      this.end(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  /** Socket, greeting, negotiation, under one deadline and `outer`; on failure the socket is gone. */
  private async establish(outer: AbortSignal | undefined): Promise<void> {
    const timeout = this.options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
    let stage = `connecting to QMP at ${this.where}`;
    const phase = phaseSignal(timeout, () => new QmpConnectionError(`${stage} timed out after ${timeout} ms`), outer);
    let connection: Connection | undefined;
    try {
      connection = this.attach(await openSocket(this.target, phase.signal));
      stage = `waiting for the greeting of QMP at ${this.where}`;
      await this.waitForGreeting(connection, phase.signal);
      if (this.options.negotiate !== false) {
        stage = `negotiating capabilities with QMP at ${this.where}`;
        const enable = this.options.oob !== false && this.offeredCapabilities.includes('oob') ? ['oob'] : [];
        await this.send('qmp_capabilities', enable.length > 0 ? { enable } : undefined, { timeout: Infinity, signal: phase.signal }, true);
        this.enabled = enable;
      }
      this.state = 'ready';
    } catch (error) {
      connection?.socket.destroy();
      throw error;
    } finally {
      phase.done();
    }
  }

  private attach(socket: Socket): Connection {
    const connection: Connection = {
      socket,
      reader: new JsonMessageReader((message) => this.onMessage(connection, message), { plainDoubles: true }),
      greeting: undefined,
      greetingWaiter: undefined,
      reason: undefined,
      ending: false,
      partial: false,
      outgoing: '',
    };
    this.connection = connection;
    this.greetingMessage = undefined;
    this.enabled = [];
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => connection.reader.feed(chunk));
    socket.on('error', (error) => (connection.reason ??= error));
    socket.on('close', () => this.onSocketClose(connection));
    return connection;
  }

  private waitForGreeting(connection: Connection, signal: AbortSignal): Promise<JsonObject> {
    if (connection.greeting !== undefined) return Promise.resolve(connection.greeting);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => connection.greetingWaiter?.reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      connection.greetingWaiter = {
        resolve: (greeting) => {
          signal.removeEventListener('abort', onAbort);
          connection.greetingWaiter = undefined;
          resolve(greeting);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          connection.greetingWaiter = undefined;
          reject(error);
        },
      };
    });
  }

  /** The request goes out now, or the call fails now; `handshake` lets qmp_capabilities through before `ready`. */
  private send(command: string, args: object | undefined, options: ExecuteOptions | undefined, handshake: boolean): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const signal = options?.signal;
      if (signal?.aborted === true) return reject(signal.reason);
      const connection = this.connection;
      if (connection === undefined || !connection.socket.writable || (this.state !== 'ready' && !handshake))
        return reject(this.notConnectedError(command));
      const timeout = options?.timeout === undefined ? this.timeouts.of(command) : checkTimeout('timeout', options.timeout);
      const oob = options?.oob === true;
      const id = this.nextId++;
      // Written by hand: the one generic part is the arguments.
      const line =
        args === undefined
          ? `{"${oob ? 'exec-oob' : 'execute'}": ${formatString(command)}, "id": ${id}}\n`
          : `{"${oob ? 'exec-oob' : 'execute'}": ${formatString(command)}, "arguments": ${toQmpJson(args)}, "id": ${id}}\n`;
      this.calls.add(new PendingCall(id, command, oob, resolve, reject, timeout), signal);
      // One socket write per turn: a write costs more than building the line, and calls
      // issued together (Promise.all) then leave in one packet.
      if (connection.outgoing === '') queueMicrotask(() => this.flushOutgoing(connection));
      connection.outgoing += line;
    });
  }

  private flushOutgoing(connection: Connection): void {
    const text = connection.outgoing;
    connection.outgoing = '';
    if (text !== '' && connection.socket.writable) connection.socket.write(text);
  }

  private onMessage(connection: Connection, message: JsonMessage): void {
    if (!message.ok) {
      if (connection.ending) connection.partial = true;
      else this.violation(connection, `sent invalid JSON: ${message.error}`);
      return;
    }
    const value = message.value;
    if (!isJsonObject(value)) {
      this.violation(connection, `sent a message that is not a JSON object: ${preview(value)}`);
    } else if (connection.greeting === undefined) {
      if (!isJsonObject(value['QMP'])) return this.violation(connection, `sent ${preview(value)} instead of a QMP greeting`);
      connection.greeting = value;
      this.greetingMessage = value;
      connection.greetingWaiter?.resolve(value);
    } else if (Object.hasOwn(value, 'return') || Object.hasOwn(value, 'error')) {
      this.onReply(connection, value);
    } else if (typeof value['event'] === 'string') {
      this.hub.deliver(toEvent(value));
    }
    // Anything else is a message kind newer than this client: ignored, as QEMU's own clients do.
  }

  private onReply(connection: Connection, reply: JsonObject): void {
    let call: PendingCall | undefined;
    if (Object.hasOwn(reply, 'id')) {
      const id = reply['id'];
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id >= this.nextId) {
        return this.violation(connection, `sent a reply with id ${preview(id)}, which this client never sent: ${preview(reply)}`);
      }
      call = this.calls.take(id);
    } else {
      call = this.calls.takeOldestInBand();
    }
    if (call === undefined) return; // a reply to a call that timed out or was aborted
    const problem = replyProblem(reply);
    const error = reply['error'];
    if (problem !== undefined) {
      call.reject(
        new QmpProtocolError(`QMP at ${this.where} answered '${call.command}' with ${problem}: ${preview(reply)}`, {
          command: call.command,
        }),
      );
    } else if (isJsonObject(error)) {
      call.reject(new QmpReplyError(String(error['class']), String(error['desc']), call.command, reply['id']));
    } else {
      call.resolve(reply['return']);
    }
  }

  /** The peer broke the protocol: nothing it sends can be trusted to match a call any more. */
  private violation(connection: Connection, what: string): void {
    connection.reason ??= new QmpProtocolError(`QMP at ${this.where} ${what}`);
    connection.socket.destroy();
  }

  private onSocketClose(connection: Connection): void {
    connection.ending = true;
    connection.reader.flush();
    if (connection !== this.connection) return;
    this.connection = undefined;
    this.calls.failAll((call) => this.droppedError(call, connection));
    connection.greetingWaiter?.reject(
      new QmpConnectionError(`QMP at ${this.where} closed before its greeting${because(connection.reason)}`, { cause: connection.reason }),
    );
    // While connecting, establish() reports the failure; only a negotiated connection "drops".
    if (this.state !== 'ready') return;
    const error =
      connection.reason ??
      new QmpConnectionError(`QMP connection to ${this.where} closed${connection.partial ? ' in the middle of a message' : ''}`);
    if (this.policy === undefined || this.lifetime.signal.aborted) {
      if (!this.lifetime.signal.aborted) this.emitConnection({ type: 'disconnected', error, reconnect: false });
      this.end(this.lifetime.signal.aborted ? this.closeReason : error);
      return;
    }
    this.state = 'reconnecting';
    this.emitConnection({ type: 'disconnected', error, reconnect: true });
    void this.reconnect(this.policy, error);
  }

  private async reconnect(policy: ReconnectPolicy, dropped: Error): Promise<void> {
    const droppedAt = performance.now();
    let lastError = dropped;
    for (let attempt = 1; ; attempt++) {
      const delay = policy.delay(attempt);
      const elapsed = performance.now() - droppedAt;
      if (!policy.allows(attempt, elapsed, delay)) {
        const gaveUp = new QmpConnectionError(
          `QMP connection to ${this.where} lost; gave up reconnecting after ${attempt - 1} attempt(s) in ${Math.round(elapsed)} ms: ${lastError.message}`,
          { cause: lastError },
        );
        this.emitConnection({ type: 'disconnected', error: gaveUp, reconnect: false });
        this.end(gaveUp);
        return;
      }
      this.emitConnection({ type: 'reconnecting', attempt, delay, error: lastError });
      try {
        await sleep(delay, this.lifetime.signal);
        this.state = 'reconnecting';
        await this.establish(this.lifetime.signal);
      } catch (error) {
        if (this.lifetime.signal.aborted) {
          this.end(this.closeReason);
          return;
        }
        lastError = error instanceof Error ? error : new Error(String(error));
        continue;
      }
      this.emitConnection({ type: 'reconnected', attempt, downtime: Math.round(performance.now() - droppedAt) });
      return;
    }
  }

  private end(reason: Error | undefined): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.calls.failAll((call) => this.notConnectedError(call.command));
    this.hub.end();
    this.finish(reason);
  }

  private emitConnection(event: QmpConnectionEvent): void {
    for (const listener of [...this.connectionListeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** What a call in flight fails with when its connection ends. */
  private droppedError(call: PendingCall, connection: Connection): Error {
    const command = call.command;
    const reason = connection.reason;
    if (reason instanceof QmpProtocolError) {
      return new QmpProtocolError(`${reason.message}; '${command}' was not answered`, { cause: reason, command });
    }
    const where = connection.partial ? ' in the middle of a message' : '';
    const retry = this.policy === undefined || this.lifetime.signal.aborted ? '' : ' (it may have run; it is not sent again)';
    return new QmpConnectionError(
      `QMP connection to ${this.where} closed${where} before '${command}' was answered${because(reason)}${retry}`,
      { cause: reason, command, sent: true },
    );
  }

  private notConnectedError(command: string): QmpConnectionError {
    const state =
      this.state === 'closed' ? 'is closed' : this.state === 'reconnecting' ? 'is down (reconnecting)' : 'is not negotiated yet';
    return new QmpConnectionError(`QMP connection to ${this.where} ${state}: '${command}' was not sent`, {
      cause: this.closeReason,
      command,
      sent: false,
    });
  }
}
