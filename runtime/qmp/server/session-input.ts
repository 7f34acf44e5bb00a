/**
 * The input side of a session: bytes into the JSON reader, and QEMU's monitor suspension.
 * While suspended (a counter, as monitor_suspend()/monitor_resume()) or while the output is
 * congested, no byte is read; bytes that already arrived wait here, in order.
 */
import { JsonMessageReader } from '../json/reader.js';
import type { JsonReaderOptions, MessageHandler } from '../json/reader.js';

export class SessionInput {
  private readonly reader: JsonMessageReader;
  private readonly setReading: (flowing: boolean) => void;
  private readonly waiting: Uint8Array[] = [];
  /** Where reading resumes in waiting[0] (a session stops after each request it queues). */
  private firstOffset = 0;
  private suspendCount = 0;
  /** What the transport was last told: pausing a socket and resuming it each cost work. */
  private reading = true;
  private congested = false;
  private draining = false;
  private closed = false;

  constructor(onMessage: MessageHandler, setReading: (flowing: boolean) => void, options: JsonReaderOptions) {
    this.reader = new JsonMessageReader(onMessage, options);
    this.setReading = setReading;
  }

  receive(chunk: Uint8Array): void {
    if (this.closed || chunk.length === 0) return;
    this.waiting.push(chunk);
    this.drain();
  }

  /** Bytes received and not yet turned into messages (what the server-wide input cap counts). */
  get bufferedBytes(): number {
    let bytes = this.reader.pendingBytes - this.firstOffset;
    for (const chunk of this.waiting) bytes += chunk.length;
    return bytes;
  }

  /** monitor_suspend(): stop right after the byte being read. */
  suspend(): void {
    this.suspendCount++;
    this.reader.halt();
  }

  /** monitor_resume(). */
  resume(): void {
    if (this.suspendCount > 0) this.suspendCount--;
    this.drain();
  }

  setCongested(congested: boolean): void {
    this.congested = congested;
    if (congested) this.reader.halt();
    this.drain();
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
    this.firstOffset = 0;
  }

  private flowing(): boolean {
    return !this.closed && this.suspendCount === 0 && !this.congested;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.flowing() && this.waiting.length > 0) this.feedFirst();
    } finally {
      this.draining = false;
    }
    this.updateReading();
  }

  /**
   * The socket is paused only once bytes arrive that cannot be read (so at most one chunk waits
   * here), never merely because the session is suspended: a client that waits for each reply
   * would otherwise have its socket paused and resumed for every request.
   */
  private updateReading(): void {
    if (this.closed || this.draining) return;
    const wanted = this.flowing() || this.waiting.length === 0;
    if (wanted === this.reading) return;
    this.reading = wanted;
    this.setReading(wanted);
  }

  private feedFirst(): void {
    const chunk = this.waiting[0];
    if (chunk === undefined) return;
    const stopped = this.reader.feed(chunk, this.firstOffset);
    if (stopped < chunk.length) {
      this.firstOffset = stopped;
    } else {
      this.waiting.shift();
      this.firstOffset = 0;
    }
  }
}
