/**
 * Event delivery for the client: callbacks by event name (or '*'), called synchronously in
 * arrival order, and async iterators with their own buffers. Nothing is dropped: an iterator
 * whose buffer overflows ends with an error instead.
 */
import { QmpEventOverflowError } from './errors.js';
import type { JsonObject } from '../json/value.js';

/** One event as received: name, data (absent when the event has none) and timestamp. */
export interface QmpEvent {
  readonly event: string;
  /** Absent when the event has no data (QEMU omits an empty data object). */
  readonly data: JsonObject | undefined;
  readonly timestamp: { readonly seconds: number; readonly microseconds: number };
}

/** A listener of received events. */
export type QmpEventListener = (event: QmpEvent) => void;

/** How an event stream buffers events its reader has not taken yet. */
export interface EventStreamOptions {
  /** Unread events an iterator may hold before it fails (default 100000). */
  readonly maxBuffered?: number;
}

const DEFAULT_MAX_BUFFERED = 100_000;

export class EventHub {
  private readonly listeners = new Map<string, Set<QmpEventListener>>();
  private readonly onListenerError: (error: unknown) => void;
  private ended = false;
  private readonly streams = new Set<EventStream>();

  constructor(onListenerError: (error: unknown) => void) {
    this.onListenerError = onListenerError;
  }

  on(name: string, listener: QmpEventListener): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  stream(names: readonly string[] | undefined, options: EventStreamOptions): EventStream {
    const stream = new EventStream(names, options.maxBuffered ?? DEFAULT_MAX_BUFFERED, (s) => this.streams.delete(s));
    if (this.ended) stream.end();
    else this.streams.add(stream);
    return stream;
  }

  deliver(event: QmpEvent): void {
    for (const key of [event.event, '*']) {
      for (const listener of this.listeners.get(key) ?? []) this.call(listener, event);
    }
    for (const stream of this.streams) stream.push(event);
  }

  /** The connection is gone: iterators finish once their buffered events are read. */
  end(): void {
    this.ended = true;
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  private call(listener: QmpEventListener, event: QmpEvent): void {
    try {
      listener(event);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}

/** Received events as an async iterator (from `QmpClient.events()`); it ends when the connection does. */
export class EventStream implements AsyncIterableIterator<QmpEvent> {
  private readonly names: ReadonlySet<string> | undefined;
  private readonly maxBuffered: number;
  private readonly detach: (stream: EventStream) => void;
  private readonly buffer: QmpEvent[] = [];
  private waiting: { resolve(result: IteratorResult<QmpEvent>): void; reject(error: unknown): void } | undefined;
  private finished = false;
  private failure: Error | undefined;

  constructor(names: readonly string[] | undefined, maxBuffered: number, detach: (stream: EventStream) => void) {
    this.names = names === undefined ? undefined : new Set(names);
    this.maxBuffered = maxBuffered;
    this.detach = detach;
  }

  /** @internal Hands the stream a received event. */
  push(event: QmpEvent): void {
    if (this.finished || (this.names !== undefined && !this.names.has(event.event))) return;
    if (this.waiting !== undefined) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting.resolve({ value: event, done: false });
      return;
    }
    if (this.buffer.length >= this.maxBuffered) {
      this.failure = new QmpEventOverflowError(this.maxBuffered);
      this.finish();
      return;
    }
    this.buffer.push(event);
  }

  /** @internal The connection ended: the reader gets what is buffered, then done. */
  end(): void {
    this.finished = true;
    this.settleWaiting();
  }

  /** The next event; done once the stream has ended and is empty. */
  next(): Promise<IteratorResult<QmpEvent>> {
    const event = this.buffer.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Stops the stream (a `break` out of `for await` calls it): buffered events are dropped. */
  return(): Promise<IteratorResult<QmpEvent>> {
    this.buffer.length = 0;
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The stream itself, for `for await`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<QmpEvent> {
    return this;
  }

  private finish(): void {
    this.finished = true;
    this.detach(this);
    this.settleWaiting();
  }

  private settleWaiting(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) return;
    if (this.failure !== undefined) waiting.reject(this.failure);
    else waiting.resolve({ value: undefined, done: true });
  }
}
