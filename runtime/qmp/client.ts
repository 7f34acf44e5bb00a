/**
 * A generic QMP client: `connectQmp({ path } | { host, port })` reads the greeting and
 * negotiates (enabling OOB when offered), then `execute(name, args, { timeout, signal })`.
 * Replies are routed by id; events are delivered in arrival order, interleaved with replies
 * exactly as they came, to callbacks (`on`) and async iterators (`events`). Integers beyond
 * 2^53 arrive as bigint.
 */
import type { Socket } from 'node:net';
import { PendingCalls } from './client-calls.js';
import type { CallOptions } from './client-calls.js';
import { describeTarget, openSocket } from './client-connect.js';
import type { QmpConnectTarget } from './client-connect.js';
import { QmpConnectionError, QmpProtocolError, QmpReplyError } from './client-errors.js';
import { EventHub } from './client-events.js';
import type { EventStream, EventStreamOptions, QmpEvent, QmpEventListener } from './client-events.js';
import { JsonMessageReader } from './json-reader.js';
import type { JsonMessage } from './json-reader.js';
import { isJsonObject } from './json-value.js';
import type { JsonObject, JsonValue } from './json-value.js';
import { toQmpJson } from './serialize.js';

export type { QmpConnectTarget } from './client-connect.js';

/** Options of a QMP client: timeouts, limits and the capabilities it asks for. */
export interface QmpClientOptions {
  /** Deadline for connecting, the greeting and negotiation (default 10 s). */
  readonly connectTimeout?: number;
  /** Enable OOB when the server offers it (default true). */
  readonly oob?: boolean;
  /** Send qmp_capabilities (default true); false leaves the session in negotiation mode. */
  readonly negotiate?: boolean;
  /** Timeout of calls that give none (default: none). */
  readonly defaultTimeout?: number;
  readonly signal?: AbortSignal;
  /** An event callback threw (default: logged to stderr). */
  readonly onListenerError?: (error: unknown) => void;
}

/** Options of one `execute`: its timeout, out-of-band execution, an abort signal. */
export interface ExecuteOptions extends CallOptions {
  /** Send as `exec-oob` (needs OOB enabled and a command that allows it). */
  readonly oob?: boolean;
}

const DEFAULT_CONNECT_TIMEOUT = 10_000;

/** Connects to a QMP server, reads its greeting and negotiates capabilities (`qmp_capabilities`); resolves with a ready client. */
export async function connectQmp(target: QmpConnectTarget, options: QmpClientOptions = {}): Promise<QmpClient> {
  const timeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  const socket = await openSocket(target, timeout, options.signal);
  const client = new QmpClient(socket, describeTarget(target), options);
  try {
    await client.handshake(timeout);
  } catch (error) {
    client.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  return client;
}

/** A QMP client connection (untyped; wrap it with `typedQmpClient` for a generated schema's types). */
export class QmpClient {
  private readonly socket: Socket;
  private readonly where: string;
  private readonly options: QmpClientOptions;
  private readonly calls = new PendingCalls();
  private readonly hub: EventHub;
  private readonly reader: JsonMessageReader;
  private greetingMessage: JsonObject | undefined;
  private greetingWaiter: ((greeting: JsonObject) => void) | undefined;
  private nextId = 1;
  private closeReason: Error | undefined;
  private enabled: readonly string[] = [];
  /** Resolves when the connection is gone, with why (undefined after close()). */
  readonly closed: Promise<Error | undefined>;

  constructor(socket: Socket, where: string, options: QmpClientOptions) {
    this.socket = socket;
    this.where = where;
    this.options = options;
    this.hub = new EventHub(options.onListenerError ?? ((error) => console.error('QMP event listener failed:', error)));
    this.reader = new JsonMessageReader((message) => this.onMessage(message), { plainDoubles: true });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.reader.feed(chunk));
    this.closed = new Promise((resolve) => {
      socket.on('error', (error) => (this.closeReason ??= error));
      socket.on('close', () => resolve(this.onClose()));
    });
  }

  /** The greeting's `QMP` member: `{version, capabilities}`. */
  get greeting(): JsonObject {
    const qmp = this.greetingMessage?.['QMP'];
    return isJsonObject(qmp) ? qmp : Object.create(null) as JsonObject;
  }

  get offeredCapabilities(): readonly string[] {
    const caps = this.greeting['capabilities'];
    return Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string') : [];
  }

  get enabledCapabilities(): readonly string[] {
    return this.enabled;
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Runs a command; resolves with its `return` value, rejects with QmpReplyError on an error reply. */
  execute<T = JsonValue>(command: string, args?: object, options: ExecuteOptions = {}): Promise<T> {
    return new Promise<unknown>((resolve, reject) => {
      if (options.signal?.aborted === true) return reject(options.signal.reason);
      if (this.socket.destroyed || !this.socket.writable) return reject(this.closedError(command));
      const id = this.nextId++;
      const request: Record<string, unknown> = { [options.oob === true ? 'exec-oob' : 'execute']: command, id };
      if (args !== undefined) request['arguments'] = args;
      const line = `${toQmpJson(request)}\n`;
      const timeout = options.timeout ?? this.options.defaultTimeout;
      this.calls.add(id, command, options.oob === true, { resolve, reject }, { timeout, signal: options.signal });
      this.socket.write(line);
    }) as Promise<T>;
  }

  /** Calls `listener` for each event named `name` ('*' for all); returns the unsubscribe function. */
  on(name: string, listener: QmpEventListener): () => void {
    return this.hub.on(name, listener);
  }

  /** Events (all, or those named) from now on, as an async iterator; it ends with the connection. */
  events(names?: string | readonly string[], options: EventStreamOptions = {}): EventStream {
    const list = typeof names === 'string' ? [names] : names;
    return this.hub.stream(list, options);
  }

  /** Closes the connection; calls still waiting fail. */
  async close(): Promise<void> {
    if (!this.socket.destroyed) this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), 1000);
    await this.closed;
    clearTimeout(timer);
  }

  /** Closes the connection at once; pending calls reject with `reason` (default: a connection error). */
  destroy(reason?: Error): void {
    if (reason !== undefined) this.closeReason ??= reason;
    this.socket.destroy();
  }

  /** Reads the greeting, then negotiates. */
  async handshake(timeoutMs: number): Promise<void> {
    const greeting = await this.waitForGreeting(timeoutMs);
    if (!isJsonObject(greeting['QMP'])) throw new QmpProtocolError(`QMP at ${this.where}: the first message is not a greeting`);
    if (this.options.negotiate === false) return;
    const enable = this.options.oob !== false && this.offeredCapabilities.includes('oob') ? ['oob'] : [];
    await this.execute('qmp_capabilities', enable.length > 0 ? { enable } : undefined, { timeout: timeoutMs });
    this.enabled = enable;
  }

  private waitForGreeting(timeoutMs: number): Promise<JsonObject> {
    if (this.greetingMessage !== undefined) return Promise.resolve(this.greetingMessage);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new QmpProtocolError(`QMP at ${this.where}: no greeting within ${timeoutMs} ms`)), timeoutMs);
      void this.closed.then((reason) => reject(new QmpConnectionError(`QMP at ${this.where} closed before its greeting`, { cause: reason })));
      this.greetingWaiter = (greeting) => {
        clearTimeout(timer);
        resolve(greeting);
      };
    });
  }

  private onMessage(message: JsonMessage): void {
    if (!message.ok) {
      this.destroy(new QmpProtocolError(`QMP at ${this.where} sent invalid JSON: ${message.error}`));
      return;
    }
    const value = message.value;
    if (!isJsonObject(value)) return;
    if (this.greetingMessage === undefined && Object.hasOwn(value, 'QMP')) {
      this.greetingMessage = value;
      this.greetingWaiter?.(value);
    } else if (Object.hasOwn(value, 'return') || Object.hasOwn(value, 'error')) {
      this.onReply(value);
    } else if (typeof value['event'] === 'string') {
      this.hub.deliver(toEvent(value));
    }
  }

  private onReply(reply: JsonObject): void {
    const call = Object.hasOwn(reply, 'id') ? this.calls.take(reply['id']) : this.calls.takeOldestInBand();
    if (call === undefined) return; // a reply to a call that timed out or was aborted
    const error = reply['error'];
    if (isJsonObject(error)) {
      call.reject(new QmpReplyError(String(error['class']), String(error['desc']), call.command, reply['id']));
    } else {
      call.resolve(reply['return']);
    }
  }

  private onClose(): Error | undefined {
    this.reader.flush();
    this.calls.failAll((command) => this.closedError(command));
    this.hub.end();
    return this.closeReason;
  }

  private closedError(command: string): QmpConnectionError {
    const why = this.closeReason === undefined ? '' : `: ${this.closeReason.message}`;
    return new QmpConnectionError(`QMP connection to ${this.where} closed before '${command}' was answered${why}`, { cause: this.closeReason });
  }
}

function toEvent(message: JsonObject): QmpEvent {
  const timestamp = message['timestamp'];
  const data = message['data'];
  const seconds = isJsonObject(timestamp) ? Number(timestamp['seconds']) : 0;
  const microseconds = isJsonObject(timestamp) ? Number(timestamp['microseconds']) : 0;
  return { event: String(message['event']), data: isJsonObject(data) ? data : undefined, timestamp: { seconds, microseconds } };
}
