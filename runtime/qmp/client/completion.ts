/**
 * A command and its completion event as one call: `device_del` resolves when QEMU has taken
 * the request, `DEVICE_DELETED` when the guest let go of the device; a job command returns
 * long before the job's terminal `JOB_STATUS_CHANGE`. The listener is subscribed before the
 * command is sent, so an event that overtakes the reply is not missed, and one timeout
 * bounds the reply and the event together.
 */
import { QmpConnectionError, QmpTimeoutError } from './errors.js';
import type { ExecuteOptions } from './calls.js';
import type { QmpEvent } from './events.js';
import type { QmpConnectionListener } from './reconnect.js';
import { checkTimeout } from './timeouts.js';

/** What `executeAndWait` waits for after the reply: the event, which one (`match`), and for how long. */
export interface AwaitEventOptions<Ev> {
  /** The completion event's name. */
  readonly event: string;
  /** Which event of that name completes the call (default: the first one after sending). */
  readonly match?: (event: Ev) => boolean;
  /** Milliseconds for the reply and the event together (`Infinity`: wait for ever). */
  readonly timeout: number;
  readonly signal?: AbortSignal;
}

/** What `executeAndWait` resolves with: the command's return value and the awaited event. */
export interface CompletedCall<R, Ev> {
  /** The command's return value. */
  readonly result: R;
  /** The event that matched. */
  readonly event: Ev;
}

/** What the helper needs of a client; QmpClient fits. */
export interface CompletionClient {
  execute<T>(command: string, args?: object, options?: ExecuteOptions): Promise<T>;
  on(name: string, listener: (event: QmpEvent) => void): () => void;
  onConnection?(listener: QmpConnectionListener): () => void;
}

export function executeAndWait<R, Ev>(
  client: CompletionClient,
  command: string,
  args: object | undefined,
  wait: AwaitEventOptions<Ev>,
): Promise<CompletedCall<R, Ev>> {
  const timeout = checkTimeout('timeout', wait.timeout);
  return new Promise((resolve, reject) => {
    let reply: { readonly value: R } | undefined;
    let matched: Ev | undefined;
    let settled = false;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      unsubscribe();
      offConnection?.();
      if (timer !== undefined) clearTimeout(timer);
      wait.signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) reject(error);
      else if (reply !== undefined && matched !== undefined) resolve({ result: reply.value, event: matched });
    };
    const unsubscribe = client.on(wait.event, (event) => {
      if (settled || matched !== undefined) return;
      let isIt: boolean;
      try {
        isIt = wait.match === undefined || wait.match(event as Ev);
      } catch (error) {
        settle(error);
        return;
      }
      if (!isIt) return;
      matched = event as Ev;
      if (reply !== undefined) settle();
    });
    // After the reply, only the connection's end can still fail the wait early.
    const offConnection = client.onConnection?.((change) => {
      if (change.type === 'disconnected') {
        settle(
          new QmpConnectionError(`QMP connection lost while '${command}' waited for ${wait.event}: ${change.error.message}`, {
            cause: change.error,
            command,
            sent: true,
          }),
        );
      }
    });
    const timer = timeout === Infinity ? undefined : setTimeout(() => settle(new QmpTimeoutError(command, timeout, wait.event)), timeout);
    const onAbort = (): void => settle(wait.signal?.reason);
    wait.signal?.addEventListener('abort', onAbort, { once: true });
    const options: ExecuteOptions = wait.signal === undefined ? { timeout } : { timeout, signal: wait.signal };
    client.execute<R>(command, args, options).then((value) => {
      reply = { value };
      if (matched !== undefined) settle();
    }, settle);
  });
}
