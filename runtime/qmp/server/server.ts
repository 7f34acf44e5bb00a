/**
 * A QMP server: `createQmpServer({ dispatcher, ... })`, then `listen({ path })` (Unix socket,
 * mode 0600) or `listen({ port, host? })` (TCP, loopback by default). Every connection is a
 * QmpSession; events go to every session in command mode. No client can bring it down: each
 * socket has its own error handling, and a session that throws is only disconnected.
 */
import { unlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { JsonLimits } from '../json/reader.js';
import { SocketTransport } from './connection.js';
import { listenOn } from './listen.js';
import type { QmpListenTarget, QmpServerAddress } from './listen.js';
import { RoundRobinQueue } from './in-band-queue.js';
import { toQmpLine } from '../json/serialize.js';
import { QmpSession } from './session.js';
import { QMP_CAPABILITIES } from './session-capabilities.js';
import type { InBandQueue, RequestDispatcher, SessionErrorReporter } from './session-types.js';
import { eventMessage, greetingMessage, versionInfo, wallClockMicros } from './messages.js';
import type { MicrosecondClock, QmpVersionInfo } from './messages.js';

export type { QmpListenTarget, QmpServerAddress } from './listen.js';

/** What a QMP server answers with (a dispatcher), its greeting, and its limits. */
export interface QmpServerOptions {
  readonly dispatcher: RequestDispatcher;
  /** query-version's result, shown in the greeting (default 7.2.0, empty package). */
  readonly version?: QmpVersionInfo;
  /** Capabilities offered in the greeting (default ['oob'], as QEMU on a socket). */
  readonly capabilities?: readonly string[];
  /** `-mon pretty=on`. */
  readonly pretty?: boolean;
  /** JSON reader limits (default QEMU's: 64 MiB of tokens, 2 Mi tokens, nesting 1024). */
  readonly limits?: Partial<JsonLimits>;
  /** Parse integral doubles (1.0) as plain numbers rather than QmpDouble. */
  readonly plainDoubles?: boolean;
  /** 'server' (QEMU): in-band commands of all clients run one at a time; 'session': per client. */
  readonly inBandSerialization?: 'server' | 'session';
  /** Bytes a client may leave unread before it is disconnected (default 64 MiB). */
  readonly maxOutputBuffer?: number;
  /**
   * Bytes of unfinished input all clients together may hold (default 256 MiB): beyond it the
   * client holding the most is disconnected, and onLog says so. One message may take 64 MiB
   * (QEMU's token limit), so the default lets four clients send messages of the largest size.
   */
  readonly maxBufferedInput?: number;
  /** Wall clock in microseconds for event timestamps. */
  readonly clock?: MicrosecondClock;
  /** Things an operator should know that are nobody's error (a client dropped for its input). */
  readonly onLog?: (line: string) => void;
  /** Failures no client can be told about (dispatcher bugs, unserializable replies). */
  readonly onError?: SessionErrorReporter;
}

/** A QMP server: listens, greets each client, dispatches its commands and sends events to every client. */
export interface QmpServer {
  /** Starts listening; resolves with the address. */
  listen(target: QmpListenTarget): Promise<QmpServerAddress>;
  /** Broadcasts an event to every session in command mode. */
  emit(event: string, data?: unknown): void;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
  readonly sessionCount: number;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
const DEFAULT_MAX_BUFFERED_INPUT = 256 * 1024 * 1024;

/** A QMP server over a dispatcher (`createTypedDispatcher` for a generated schema). */
export function createQmpServer(options: QmpServerOptions): QmpServer {
  return new QmpSocketServer(options);
}

class QmpSocketServer implements QmpServer {
  private readonly options: QmpServerOptions;
  private readonly offered: readonly string[];
  private readonly greeting: object;
  private readonly sessions = new Set<QmpSession>();
  private readonly sockets = new Set<Socket>();
  private readonly sharedQueue = new RoundRobinQueue();
  private readonly server: Server;
  private socketPath: string | undefined;
  /** Unfinished input per session as last seen, and their sum (an upper bound: see enforceInputCap). */
  private readonly bufferedInput = new Map<QmpSession, number>();
  private bufferedTotal = 0;
  private readonly maxBufferedInput: number;

  constructor(options: QmpServerOptions) {
    this.options = options;
    this.offered = checkedCapabilities(options.capabilities ?? QMP_CAPABILITIES);
    this.greeting = greetingMessage(options.version ?? versionInfo(7, 2, 0), this.offered);
    this.maxBufferedInput = options.maxBufferedInput ?? DEFAULT_MAX_BUFFERED_INPUT;
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (error) => this.report(error, 'listening socket'));
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async listen(target: QmpListenTarget): Promise<QmpServerAddress> {
    const address = await listenOn(this.server, target);
    if ('path' in address) this.socketPath = address.path;
    return address;
  }

  emit(event: string, data?: unknown): void {
    const clock = this.options.clock ?? wallClockMicros;
    const line = toQmpLine(eventMessage(event, data, clock()), { pretty: this.options.pretty ?? false });
    for (const session of this.sessions) session.sendEventLine(line);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    if (this.socketPath !== undefined) await unlink(this.socketPath).catch(() => undefined);
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let session: QmpSession | undefined;
    const transport = new SocketTransport(socket, {
      maxOutputBuffer: this.options.maxOutputBuffer ?? DEFAULT_MAX_OUTPUT,
      onCongestion: (congested) => session?.setCongested(congested),
    });
    session = this.newSession(transport);
    const live = session;
    this.sessions.add(live);
    socket.on('data', (chunk: Buffer) => this.receive(live, socket, chunk));
    socket.on('error', () => undefined); // a reset or a dropped client concerns that client only
    socket.on('close', () => {
      live.close();
      this.sessions.delete(live);
      this.sockets.delete(socket);
      this.bufferedTotal -= this.bufferedInput.get(live) ?? 0;
      this.bufferedInput.delete(live);
    });
    live.start();
  }

  private newSession(transport: SocketTransport): QmpSession {
    return new QmpSession({
      dispatcher: this.options.dispatcher,
      transport,
      inBandQueue: this.inBandQueue(),
      greeting: this.greeting,
      offered: this.offered,
      reader: { limits: this.options.limits ?? {}, plainDoubles: this.options.plainDoubles ?? false },
      pretty: this.options.pretty ?? false,
      onError: (error, context) => this.report(error, context),
    });
  }

  private inBandQueue(): InBandQueue {
    return this.options.inBandSerialization === 'session' ? new RoundRobinQueue() : this.sharedQueue;
  }

  private receive(session: QmpSession, socket: Socket, chunk: Buffer): void {
    try {
      session.receive(chunk);
    } catch (error) {
      this.report(error, 'reading a request');
      socket.destroy();
    }
    this.countInput(session);
  }

  private countInput(session: QmpSession): void {
    const now = session.bufferedInput;
    const before = this.bufferedInput.get(session) ?? 0;
    if (now === before) return;
    this.bufferedInput.set(session, now);
    this.bufferedTotal += now - before;
    if (this.bufferedTotal > this.maxBufferedInput) this.enforceInputCap();
  }

  /**
   * Sessions also shrink their input while answering, unseen here, so the running total may
   * be too high: count again before dropping anyone. Then drop the greediest until under the cap.
   */
  private enforceInputCap(): void {
    this.bufferedTotal = 0;
    for (const session of this.sessions) {
      const bytes = session.bufferedInput;
      this.bufferedInput.set(session, bytes);
      this.bufferedTotal += bytes;
    }
    while (this.bufferedTotal > this.maxBufferedInput) {
      let greediest: QmpSession | undefined;
      let most = 0;
      for (const [session, bytes] of this.bufferedInput) {
        if (bytes > most) [greediest, most] = [session, bytes];
      }
      if (greediest === undefined) return;
      this.log(
        `dropped the client holding the most unfinished input (${most} bytes): all clients held ${this.bufferedTotal}, over maxBufferedInput (${this.maxBufferedInput})`,
      );
      greediest.disconnect(new Error('QMP client holds too much unfinished input'));
      this.bufferedTotal -= most;
      this.bufferedInput.set(greediest, 0);
    }
  }

  private log(line: string): void {
    try {
      this.options.onLog?.(line);
    } catch {
      // as report(): a failing logger must not take the server down
    }
  }

  private report(error: unknown, context: string): void {
    try {
      this.options.onError?.(error, context);
    } catch {
      // a failing reporter must not take the server down either
    }
  }
}

function checkedCapabilities(capabilities: readonly string[]): readonly string[] {
  for (const capability of capabilities) {
    if (!QMP_CAPABILITIES.includes(capability)) throw new Error(`QMP server: unknown capability '${capability}'`);
  }
  // The greeting lists them in enum order, as qmp_greeting() walks QMPCapability.
  return QMP_CAPABILITIES.filter((capability) => capabilities.includes(capability));
}
