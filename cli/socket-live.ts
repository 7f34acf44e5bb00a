import { connect } from 'node:net';

/**
 * Whether a server answers at a Unix socket path. A socket file nobody listens on (a server
 * that died) refuses the connection and may be replaced; a live one must not be taken over.
 */
export function socketIsLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (live: boolean): void => {
      socket.destroy();
      resolve(live);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    // A listener too busy to accept within a second is still someone's server.
    socket.setTimeout(1000, () => done(true));
  });
}
