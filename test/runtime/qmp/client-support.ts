/**
 * Test support for the QMP client: a scripted peer (a Unix socket server whose every
 * connection a test drives byte by byte), a proxy that can drop its connections while the
 * server behind it lives on, and a count of the timers and sockets a process holds.
 */
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tempSocketPath } from './wire-support.js';

export const GREETING = '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": ["oob"]}}\r\n';

/** One connection to a scripted peer: the lines it received, and ways to answer. */
export interface PeerConnection {
  readonly socket: Socket;
  /** Resolves with the next request line received (parsed). */
  nextRequest(): Promise<{ execute?: string; 'exec-oob'?: string; id?: unknown; arguments?: unknown }>;
  send(text: string): void;
}

export interface ScriptedPeer {
  readonly path: string;
  /** Resolves with the next connection accepted. */
  nextConnection(): Promise<PeerConnection>;
  /** Destroys every connection accepted so far. */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

export async function scriptedPeer(): Promise<ScriptedPeer> {
  const socketPath = tempSocketPath();
  const sockets = new Set<Socket>();
  const accepted: PeerConnection[] = [];
  const waiting: ((connection: PeerConnection) => void)[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const connection = peerConnection(socket);
    const waiter = waiting.shift();
    if (waiter !== undefined) waiter(connection);
    else accepted.push(connection);
  });
  await new Promise<void>((resolve) => server.listen(socketPath.path, resolve));
  return {
    path: socketPath.path,
    nextConnection: () => {
      const ready = accepted.shift();
      return ready !== undefined ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    dropConnections: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.resolve();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
      socketPath.cleanup();
    },
  };
}

function peerConnection(socket: Socket): PeerConnection {
  let buffered = '';
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    buffered += text;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      const waiter = waiting.shift();
      if (waiter !== undefined) waiter(line);
      else lines.push(line);
    }
  });
  return {
    socket,
    nextRequest: async () => {
      const line = lines.shift() ?? (await new Promise<string>((resolve) => waiting.push(resolve)));
      return JSON.parse(line) as { execute?: string; id?: unknown };
    },
    send: (text) => socket.write(text),
  };
}

/** A peer connection past the greeting and qmp_capabilities, as QEMU would leave it. */
export async function negotiated(peer: ScriptedPeer): Promise<PeerConnection> {
  const connection = await peer.nextConnection();
  connection.send(GREETING);
  const negotiate = await connection.nextRequest();
  connection.send(`{"return": {}, "id": ${JSON.stringify(negotiate.id)}}\r\n`);
  return connection;
}

/**
 * A Unix socket proxy in front of `upstream`: `drop()` cuts every connection and refuses new
 * ones (the server behind it lives on), `restore()` accepts again.
 */
export interface DroppingProxy {
  readonly path: string;
  drop(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function droppingProxy(upstream: string): Promise<DroppingProxy> {
  const socketPath = tempSocketPath();
  const pairs = new Set<Socket>();
  const server = createServer((downstream) => {
    const up = createConnection({ path: upstream });
    for (const [a, b] of [
      [downstream, up],
      [up, downstream],
    ] as const) {
      pairs.add(a);
      a.on('error', () => undefined);
      a.on('close', () => {
        pairs.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  let listening: Server | undefined = server;
  const listen = (): Promise<void> => new Promise((resolve) => server.listen(socketPath.path, resolve));
  await listen();
  return {
    path: socketPath.path,
    drop: async () => {
      const closing = listening === undefined ? Promise.resolve() : closeServer(server);
      listening = undefined;
      for (const socket of pairs) socket.destroy();
      await closing;
    },
    restore: async () => {
      await listen();
      listening = server;
    },
    close: async () => {
      for (const socket of pairs) socket.destroy();
      if (listening !== undefined) await closeServer(server);
      socketPath.cleanup();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Timers and sockets this process holds (what would keep it from exiting). */
export function heldResources(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((kind) => kind === 'Timeout' || kind === 'PipeWrap' || kind === 'TCPWrap')
    .sort();
}

/** Lets pending close events and timers' clean-up run. */
export function settleIo(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
