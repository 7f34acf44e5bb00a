/**
 * A client socket as a session transport: writes batched into one socket write per turn of
 * the event loop, a cap on what the client leaves unread (events keep coming even when it
 * reads nothing), backpressure into the session's reading, and no error escaping to the process.
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
  /**
   * Lines written since the last flush. A socket write costs far more than appending to a
   * string, and a pipelining client gets hundreds of replies in one turn.
   */
  private pending = '';
  private flushQueued = false;
  private readonly flushNow = (): void => this.flush();

  constructor(socket: Socket, options: ConnectionOptions) {
    this.socket = socket;
    this.options = options;
  }

  write(line: string): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    this.pending += line;
    if (this.pending.length + this.socket.writableLength > this.options.maxOutputBuffer) {
      this.pending = '';
      this.destroy(new Error('QMP client does not read its replies and events'));
      return;
    }
    // After the microtasks of this turn (the replies a batch of requests produces), once.
    if (!this.flushQueued) {
      this.flushQueued = true;
      process.nextTick(this.flushNow);
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

  private flush(): void {
    this.flushQueued = false;
    const out = this.pending;
    this.pending = '';
    if (out === '' || this.socket.destroyed || !this.socket.writable) return;
    const accepted = this.socket.write(out);
    if (!accepted && !this.congested) {
      this.congested = true;
      this.options.onCongestion(true);
      this.socket.once('drain', () => {
        this.congested = false;
        this.options.onCongestion(false);
      });
    }
  }
}
