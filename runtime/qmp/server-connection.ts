/**
 * A client socket as a session transport: writes with a cap on what the client leaves unread
 * (events keep coming even when it reads nothing), backpressure into the session's reading,
 * and no error escaping to the process.
 */
import type { Socket } from 'node:net';
import type { SessionTransport } from './session-types.js';

export interface ConnectionOptions {
  /** Bytes a client may leave unread before it is disconnected. */
  readonly maxOutputBuffer: number;
  /** Output is backed up (true) or flowing again (false). */
  readonly onCongestion: (congested: boolean) => void;
}

export class SocketTransport implements SessionTransport {
  private readonly socket: Socket;
  private readonly options: ConnectionOptions;
  private congested = false;

  constructor(socket: Socket, options: ConnectionOptions) {
    this.socket = socket;
    this.options = options;
  }

  write(line: string): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    const accepted = this.socket.write(line);
    if (this.socket.writableLength > this.options.maxOutputBuffer) {
      this.destroy(new Error('QMP client does not read its replies and events'));
      return;
    }
    if (!accepted && !this.congested) {
      this.congested = true;
      this.options.onCongestion(true);
      this.socket.once('drain', () => {
        this.congested = false;
        this.options.onCongestion(false);
      });
    }
  }

  setReading(flowing: boolean): void {
    if (this.socket.destroyed) return;
    if (flowing) this.socket.resume();
    else this.socket.pause();
  }

  destroy(reason: Error): void {
    if (!this.socket.destroyed) this.socket.destroy(reason);
  }
}
