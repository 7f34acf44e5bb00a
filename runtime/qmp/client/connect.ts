/** Opening the client's socket: a Unix socket path or a TCP host and port, until `signal` says stop. */
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { QmpConnectionError } from './errors.js';

/** Where a QMP server listens: a Unix socket path, or a TCP host and port. */
export type QmpConnectTarget = { readonly path: string } | { readonly host: string; readonly port: number };

/**
 * `unix:PATH` or `tcp:HOST:PORT` (as QEMU's `-qmp` spells them; `[::1]` for an IPv6 host) as a
 * connect target; undefined for anything else.
 */
export function parseQmpTarget(text: string): QmpConnectTarget | undefined {
  if (text.startsWith('unix:') && text.length > 'unix:'.length) return { path: text.slice('unix:'.length) };
  const tcp = /^tcp:(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (tcp === null) return undefined;
  const port = Number(tcp[3]);
  return port > 0 && port < 65536 ? { host: tcp[1] ?? tcp[2] ?? '', port } : undefined;
}

export function describeTarget(target: QmpConnectTarget): string {
  return 'path' in target ? target.path : `${target.host}:${target.port}`;
}

/** Connects; on failure or abort, the socket is destroyed and nothing is left listening. */
export function openSocket(target: QmpConnectTarget, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = 'path' in target ? createConnection({ path: target.path }) : createConnection({ host: target.host, port: target.port });
    const fail = (error: unknown): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error): void =>
      fail(new QmpConnectionError(`cannot connect to QMP at ${describeTarget(target)}: ${error.message}`, { cause: error }));
    const onAbort = (): void => fail(signal.reason);
    const cleanup = (): void => {
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('connect', () => {
      cleanup();
      resolve(socket);
    });
  });
}

/**
 * One deadline and the caller's AbortSignal as a single signal for a phase (connect, greeting,
 * negotiation); `done()` clears the timer and the listener, so nothing outlives the phase.
 */
export function phaseSignal(
  timeoutMs: number,
  onTimeout: () => Error,
  outer: AbortSignal | undefined,
): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const timer = timeoutMs === Infinity ? undefined : setTimeout(() => controller.abort(onTimeout()), timeoutMs);
  const onAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted === true) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
