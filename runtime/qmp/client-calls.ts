/**
 * The client's calls waiting for replies, by id: each settles exactly once, by its reply,
 * its timeout, its AbortSignal, or the end of the connection.
 */
import { QmpTimeoutError } from './client-errors.js';

export interface CallSettlers {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface CallOptions {
  readonly timeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

interface PendingCall extends CallSettlers {
  readonly command: string;
  readonly oob: boolean;
  readonly cleanup: () => void;
}

export class PendingCalls {
  private readonly calls = new Map<number, PendingCall>();

  get size(): number {
    return this.calls.size;
  }

  /** Registers call `id`; its timeout and abort handling start now. */
  add(id: number, command: string, oob: boolean, settlers: CallSettlers, options: CallOptions): void {
    const timer = options.timeout === undefined
      ? undefined
      : setTimeout(() => this.fail(id, new QmpTimeoutError(command, options.timeout ?? 0)), options.timeout);
    const signal = options.signal;
    const onAbort = (): void => this.fail(id, signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    this.calls.set(id, { ...settlers, command, oob, cleanup });
  }

  /** Removes and returns call `id` (undefined for a call that already settled). */
  take(id: unknown): (CallSettlers & { readonly command: string }) | undefined {
    if (typeof id !== 'number') return undefined;
    const call = this.calls.get(id);
    if (call === undefined) return undefined;
    this.calls.delete(id);
    call.cleanup();
    return call;
  }

  /** For a reply without id (QEMU answers unparseable input so): the oldest in-band call. */
  takeOldestInBand(): (CallSettlers & { readonly command: string }) | undefined {
    for (const [id, call] of this.calls) if (!call.oob) return this.take(id);
    return undefined;
  }

  failAll(error: (command: string) => Error): void {
    for (const id of [...this.calls.keys()]) {
      const call = this.take(id);
      call?.reject(error(call.command));
    }
  }

  private fail(id: number, error: unknown): void {
    this.take(id)?.reject(error);
  }
}
