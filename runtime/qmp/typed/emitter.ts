/**
 * The typed event emitter of a server: `createEventEmitter<QmpEvents>(sink).emit(name, data)`
 * builds `{event, timestamp: {seconds, microseconds}, data}` (data left out when it has no
 * member, as QEMU does) and hands it to the sink. With the generated validation tables, the
 * data is checked against the schema first and events hidden by the compat policy are dropped.
 */
import { compatPolicy } from '../dispatch/compat.js';
import type { CompatPolicy } from '../dispatch/compat.js';
import type { EmitParameters, EventMapOf, EventName, TypedQmpEvent } from './maps.js';
import { checkEventData } from '../validate/results.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { eventMessage, wallClockMicros } from '../server/messages.js';
import type { MicrosecondClock } from '../server/messages.js';

/** An emitted event message; `data` is absent when the event carries none. */
export type QmpEventMessage<E, N extends EventName<E> = EventName<E>> = {
  [K in N]: Omit<TypedQmpEvent<E, K>, 'data'> & { readonly data?: E[K] };
}[N];

/** Where an emitter sends each event message (a QmpServer's `emit`, say). */
export type QmpEventSink<E> = (message: QmpEventMessage<E>) => void;

/** Options of `createEventEmitter`. */
export interface EventEmitterOptions<E = unknown> {
  /** Wall clock in microseconds (default: the real one). */
  readonly clock?: MicrosecondClock;
  /**
   * The generated `qmpValidation`: event data is checked before it goes out, and the event
   * map is inferred from its type.
   */
  readonly validation?: ValidationTables<unknown, E>;
  /** The output policy (`hide` drops deprecated/unstable events and members); default: hide nothing. */
  readonly policy?: Partial<CompatPolicy>;
}

/** Emits the events of an event map, their data typed by name. */
export interface TypedEventEmitter<E extends EventMapOf<E>> {
  /** Emits `name`; events without data take none. Throws when the data does not fit the schema. */
  emit<N extends EventName<E>>(name: N, ...data: EmitParameters<E[N]>): void;
}

/**
 * `createEventEmitter(sink, { validation: qmpValidation })`: the event map is inferred from the
 * generated tables; without them, name it: `createEventEmitter<QmpEvents>(sink)`.
 */
export function createEventEmitter<E extends EventMapOf<E>>(
  sink: QmpEventSink<NoInfer<E>>,
  options: EventEmitterOptions<E> = {},
): TypedEventEmitter<E> {
  const clock = options.clock ?? wallClockMicros;
  const tables = options.validation;
  const policy = compatPolicy(options.policy);
  return {
    emit(name, ...params) {
      let data: unknown = params[0];
      if (tables !== undefined) {
        const checked = checkEventData(tables, name, data, policy);
        if (!checked.ok) throw new Error(`event ${name}: ${checked.error}`);
        if (!checked.emit) return;
        data = checked.data;
      }
      sink(eventMessage(name, data, clock()) as QmpEventMessage<E>);
    },
  };
}
