/** Opening the client's socket: a Unix socket path or a TCP host and port, with a deadline. */
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { QmpConnectionError } from './client-errors.js';

/** Where a QMP server listens: a Unix socket path, or a TCP host and port. */
export type QmpConnectTarget = { readonly path: string } | { readonly host: string; readonly port: number };

export function describeTarget(target: QmpConnectTarget): string {
  return 'path' in target ? target.path : `${target.host}:${target.port}`;
}

export function openSocket(target: QmpConnectTarget, timeoutMs: number, signal: AbortSignal | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = 'path' in target ? createConnection({ path: target.path }) : createConnection({ host: target.host, port: target.port });
    const fail = (error: unknown): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error): void =>
      fail(new QmpConnectionError(`cannot connect to QMP at ${describeTarget(target)}: ${error.message}`, { cause: error }));
    const onAbort = (): void => fail(signal?.reason ?? new Error('aborted'));
    const timer = setTimeout(() => fail(new QmpConnectionError(`connecting to QMP at ${describeTarget(target)} timed out after ${timeoutMs} ms`)), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted === true) return fail(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('connect', () => {
      cleanup();
      // Until the client attaches its own handler, an error must not go unhandled.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}
