/**
 * A recording QMP proxy: it listens where a client expects QEMU, opens a connection to the
 * real QMP socket for each client, passes the bytes both ways untouched and writes every
 * message to a log in the `{"dir", "msg"}` form of qmp-log.ts (`qapi-ts jobs verify` and
 * `replay` read it). Messages are cut where QEMU's own JSON reader cuts them; what is not
 * JSON keeps its exact text in `raw`.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { unlink } from 'node:fs/promises';
import { describeTarget, openSocket, phaseSignal } from '../client/connect.js';
import { QmpConnectionError } from '../client/errors.js';
import type { QmpConnectTarget } from '../client/connect.js';
import { JsonMessageReader } from '../json/reader.js';
import type { JsonMessage } from '../json/reader.js';
import { qmpLogLine } from './qmp-log.js';
import type { QmpLogDirection } from './qmp-log.js';
import { toQmpJson } from '../json/serialize.js';
import { listenOn } from '../server/listen.js';
import type { QmpListenTarget, QmpServerAddress } from '../server/listen.js';
import type { SessionErrorReporter } from '../server/session-types.js';

/** Where a recorder connects (QEMU's QMP socket) and where its log lines go. */
export interface QmpRecorderOptions {
  /** The real QMP socket (QEMU's `-qmp unix:PATH,server=on` or `tcp:HOST:PORT,server=on`). */
  readonly connect: QmpConnectTarget;
  /** Gets each log line, newline included, in the order the proxy saw the messages. */
  readonly write: (line: string) => void;
  /** How long connecting to QEMU may take for each client (default 5000 ms). */
  readonly connectTimeout?: number;
  /** Failures no client is told about: QEMU unreachable, a socket error. */
  readonly onError?: SessionErrorReporter;
}

/** A recording QMP proxy: clients connect to it, it connects to QEMU for each, and logs every message both ways. */
export interface QmpRecorder {
  /** Starts listening where clients will connect; resolves with the address. */
  listen(target: QmpListenTarget): Promise<QmpServerAddress>;
  /** Stops listening and drops every connection (what was logged stays logged). */
  close(): Promise<void>;
  /** Clients currently connected. */
  readonly connectionCount: number;
}

/** A QMP proxy that writes every message between its clients and QEMU to a log `jobs verify` and `jobs replay` read (`qapi-ts record`). */
export function createQmpRecorder(options: QmpRecorderOptions): QmpRecorder {
  return new RecordingProxy(options);
}

class RecordingProxy implements QmpRecorder {
  private readonly options: QmpRecorderOptions;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly clients = new Set<Socket>();
  private socketPath: string | undefined;

  constructor(options: QmpRecorderOptions) {
    this.options = options;
    this.server = createServer({ allowHalfOpen: true }, (client) => void this.accept(client));
    this.server.on('error', (error) => this.report(error, 'listening socket'));
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  async listen(target: QmpListenTarget): Promise<QmpServerAddress> {
    const address = await listenOn(this.server, target);
    if ('path' in address) this.socketPath = address.path;
    return address;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    if (this.socketPath !== undefined) await unlink(this.socketPath).catch(() => undefined);
  }

  private async accept(client: Socket): Promise<void> {
    client.pause(); // what the client sends waits until QEMU is connected
    this.track(client);
    this.clients.add(client);
    client.once('close', () => this.clients.delete(client));
    const target = this.options.connect;
    const timeoutMs = this.options.connectTimeout ?? 5000;
    const deadline = phaseSignal(
      timeoutMs,
      () => new QmpConnectionError(`connecting to QMP at ${describeTarget(target)} timed out after ${String(timeoutMs)} ms`),
      undefined,
    );
    let qemu: Socket;
    try {
      qemu = await openSocket(target, deadline.signal);
    } catch (error) {
      this.report(error, `connecting to ${describeTarget(target)}`);
      client.destroy();
      return;
    } finally {
      deadline.done();
    }
    qemu.on('error', () => undefined); // until relay() reports them
    this.track(qemu);
    if (client.destroyed) {
      qemu.destroy();
      return;
    }
    const write = (line: string): void => {
      try {
        this.options.write(line);
      } catch (error) {
        this.report(error, 'writing the log'); // the session goes on; the operator hears of the gap
      }
    };
    relay(client, qemu, new MessageLog('out', write), (error) => this.report(error, 'client connection'));
    relay(qemu, client, new MessageLog('in', write), (error) => this.report(error, 'QEMU connection'));
    client.resume();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private report(error: unknown, context: string): void {
    try {
      this.options.onError?.(error, context);
    } catch {
      // a failing reporter must not take the proxy down
    }
  }
}

/** Bytes from `from` go to `to` as they are, logged on the way; an end or a failure on one side ends the other. */
function relay(from: Socket, to: Socket, log: MessageLog, onError: (error: Error) => void): void {
  from.on('data', (chunk: Buffer) => {
    log.push(chunk);
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
  from.on('end', () => {
    log.end();
    to.end();
  });
  from.on('error', (error) => {
    // ECONNRESET and EPIPE are peers going away, not failures worth reporting
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ECONNRESET' && code !== 'EPIPE') onError(error);
  });
  from.on('close', (hadError) => {
    log.end();
    if (hadError) to.destroy();
    else if (!to.writableEnded) to.end();
  });
}

/**
 * One direction's messages as log lines. QEMU's JSON reader is halted after each message, so
 * the bytes a message came in are known: everything since the previous message ended.
 */
class MessageLog {
  private readonly dir: QmpLogDirection;
  private readonly write: (line: string) => void;
  private readonly reader: JsonMessageReader;
  private pending: Buffer[] = [];
  private message: JsonMessage | undefined;
  private ended = false;

  constructor(dir: QmpLogDirection, write: (line: string) => void) {
    this.dir = dir;
    this.write = write;
    this.reader = new JsonMessageReader((message) => {
      this.message = message;
      this.reader.halt();
    });
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      this.message = undefined;
      const stop = this.reader.feed(chunk, start);
      this.pending.push(chunk.subarray(start, stop));
      start = stop;
      if (this.message !== undefined) this.emit(this.message);
    }
  }

  /** The stream ended: an unfinished message is logged as it stands. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.message = undefined;
    this.reader.flush();
    if (this.message !== undefined) this.emit(this.message);
    else if (Buffer.concat(this.pending).toString('utf8').trim() !== '') this.emit({ ok: false, error: 'unfinished' });
  }

  private emit(message: JsonMessage): void {
    const text = Buffer.concat(this.pending).toString('utf8').trim();
    this.pending = [];
    if (text === '') return;
    const parsed = message.ok && isObject(message.value) ? () => toQmpJson(message.value) : undefined;
    this.write(`${qmpLogLine(this.dir, text, parsed)}\n`);
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
