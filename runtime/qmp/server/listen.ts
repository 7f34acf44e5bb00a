/**
 * Opening the listening socket: a Unix socket created with mode 0600 (umask set around the
 * bind, then chmod, so no other user can connect in between) or TCP on loopback by default.
 */
import { chmod, lstat, unlink } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import type { Server } from 'node:net';

/** Where a QMP server listens: a Unix socket path (with its mode), or a TCP port and host. */
export type QmpListenTarget = { readonly path: string; readonly mode?: number } | { readonly port: number; readonly host?: string };

/** Where a QMP server listens, once it does. */
export type QmpServerAddress = { readonly path: string } | { readonly host: string; readonly port: number };

const DEFAULT_SOCKET_MODE = 0o600;
const LOOPBACK = '127.0.0.1';

export async function listenOn(server: Server, target: QmpListenTarget): Promise<QmpServerAddress> {
  if ('path' in target) return listenUnix(server, target.path, target.mode ?? DEFAULT_SOCKET_MODE);
  const host = target.host ?? LOOPBACK;
  await bind(server, () => server.listen({ port: target.port, host }));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('QMP server: no TCP address after listen');
  return { host: address.address, port: address.port };
}

/** sizeof(sockaddr_un.sun_path) on Linux; a longer path would be cut short, binding elsewhere. */
const SUN_PATH_MAX = 108;

async function listenUnix(server: Server, path: string, mode: number): Promise<QmpServerAddress> {
  // As QEMU's unix_listen_saddr(), before touching anything at the path.
  const bytes = Buffer.byteLength(path);
  if (bytes > SUN_PATH_MAX) throw new Error(`QMP server: UNIX socket path '${path}' is too long (${bytes} bytes; at most ${SUN_PATH_MAX})`);
  await removeStaleSocket(path);
  await bind(server, () => withUmask(0o777 & ~mode, () => server.listen({ path })));
  await chmod(path, mode);
  return { path };
}

/** QEMU unlinks an old socket before binding; anything that is not a socket is left alone. */
async function removeStaleSocket(path: string): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats === undefined) return;
  if (!stats.isSocket()) throw new Error(`QMP server: ${path} exists and is not a socket`);
  await unlink(path);
}

/** Node binds synchronously inside listen(), so a umask set around the call applies. */
function withUmask(mask: number, listen: () => void): void {
  let previous: number | undefined;
  try {
    previous = process.umask(mask);
  } catch {
    previous = undefined; // worker threads cannot change the umask; chmod still follows
  }
  try {
    listen();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}

function bind(server: Server, listen: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    listen();
  });
}
