/**
 * Lenient decoding (a newer QEMU's replies and events are kept and the differences reported,
 * never thrown), through the typed client over a fake transport, and the typed emitter and
 * dispatcher over tables built from schema text.
 */
import { describe, expect, it } from 'vitest';
import type { QmpEvent, QmpEventListener } from '../../../../runtime/qmp/client/events.js';
import { QmpError } from '../../../../runtime/qmp/dispatch/errors.js';
import { createEventEmitter } from '../../../../runtime/qmp/typed/emitter.js';
import type { QmpEventMessage } from '../../../../runtime/qmp/typed/emitter.js';
import { inspectReturn } from '../../../../runtime/qmp/typed/decode.js';
import type { DecodeIssue } from '../../../../runtime/qmp/typed/decode.js';
import { typedQmpClient } from '../../../../runtime/qmp/typed/client.js';
import type { UntypedQmpClient } from '../../../../runtime/qmp/typed/client.js';
import { createTypedDispatcher } from '../../../../runtime/qmp/typed/server.js';
import { tablesOf } from '../support.js';

const tables = tablesOf(`
{ 'enum': 'Color', 'data': [ 'red', 'green' ] }
{ 'enum': 'Kind', 'data': [ 'plain', 'fancy', 'bare' ] }
{ 'struct': 'Fancy', 'data': { 'level': 'int' } }
{ 'union': 'Thing', 'base': { 'kind': 'Kind', 'name': 'str' }, 'discriminator': 'kind', 'data': { 'fancy': 'Fancy' } }
{ 'struct': 'Paint', 'data': { 'color': 'Color', '*note': 'str' } }
{ 'command': 'query-paint', 'returns': [ 'Paint' ] }
{ 'command': 'query-thing', 'returns': 'Thing' }
{ 'command': 'paint', 'data': { 'color': 'Color', '*coats': 'uint8' } }
{ 'command': 'fire', 'success-response': false }
{ 'event': 'PAINTED', 'data': { 'color': 'Color' } }
{ 'event': 'STOP' }
{ 'event': 'OLD', 'features': [ 'deprecated' ] }
`);

interface Commands {
  'query-paint': { args: undefined; returns: { color: 'red' | 'green'; note?: string }[] };
  'query-thing': { args: undefined; returns: object };
  paint: { args: { color: 'red' | 'green'; coats?: number }; returns: Record<string, never> };
  fire: { args: undefined; returns: Record<string, never> };
}
interface Events {
  PAINTED: { color: 'red' | 'green' };
  STOP: undefined;
  OLD: undefined;
}

/** A client whose replies and events the test scripts. */
function fakeClient(replies: Record<string, unknown>): UntypedQmpClient & { calls: [string, unknown][]; deliver(event: QmpEvent): void } {
  const listeners: [string, QmpEventListener][] = [];
  const calls: [string, unknown][] = [];
  return {
    calls,
    execute: <T>(name: string, args?: object) => {
      calls.push([name, args]);
      return Promise.resolve(replies[name] as T);
    },
    on: (name, listener) => {
      listeners.push([name, listener]);
      return () => undefined;
    },
    close: () => Promise.resolve(),
    events: () => {
      throw new Error('not scripted');
    },
    deliver: (event) => listeners.filter(([name]) => name === event.event).forEach(([, l]) => l(event)),
  };
}

const timestamp = { seconds: 1, microseconds: 2 };

describe('lenient decoding', () => {
  it('keeps an unknown enum value and an extra member, and reports both', async () => {
    const reply = [{ color: 'red' }, { color: 'ultraviolet', gloss: 0.5 }];
    const issues: DecodeIssue[] = [];
    const client = typedQmpClient<Commands, Events>(fakeClient({ 'query-paint': reply }), {
      validation: tables,
      onDecodeIssue: (i) => issues.push(i),
    });
    expect(await client.execute('query-paint')).toBe(reply);
    expect(issues).toEqual([
      {
        kind: 'unknown-enum-value',
        source: 'return',
        name: 'query-paint',
        path: 'return[1].color',
        value: 'ultraviolet',
        expected: 'a Color value',
      },
      { kind: 'unknown-member', source: 'return', name: 'query-paint', path: 'return[1].gloss', value: 0.5, expected: 'no such member' },
    ]);
  });

  it('reports missing members and wrong JSON types', () => {
    const issues: DecodeIssue[] = [];
    inspectReturn(tables, 'query-paint', [{ note: 3 }, 'x'], (i) => issues.push(i));
    expect(issues.map((i) => [i.kind, i.path])).toEqual([
      ['missing-member', 'return[0].color'],
      ['unexpected-type', 'return[0].note'],
      ['unexpected-type', 'return[1]'],
    ]);
  });

  it("walks a union's branch; an unknown discriminator value hides only the branch members", () => {
    const issues: DecodeIssue[] = [];
    const report = (i: DecodeIssue): number => issues.push(i);
    inspectReturn(tables, 'query-thing', { kind: 'fancy', name: 'n', level: 2 }, report);
    inspectReturn(tables, 'query-thing', { kind: 'bare', name: 'n', extra: 1 }, report);
    inspectReturn(tables, 'query-thing', { kind: 'shiny', name: 'n', sparkle: 1 }, report);
    expect(issues.map((i) => [i.kind, i.path])).toEqual([
      ['unknown-member', 'return.extra'],
      ['unknown-enum-value', 'return.kind'],
    ]);
  });

  it('delivers events as received and reports differences; a throwing reporter changes nothing', () => {
    const fake = fakeClient({});
    const issues: DecodeIssue[] = [];
    const client = typedQmpClient<Commands, Events>(fake, { validation: tables, onDecodeIssue: (i) => issues.push(i) });
    const received: unknown[] = [];
    client.on('PAINTED', (event) => received.push(event.data.color));
    fake.deliver({ event: 'PAINTED', data: { color: 'infrared' }, timestamp });
    expect(received).toEqual(['infrared']);
    expect(issues).toMatchObject([{ kind: 'unknown-enum-value', source: 'event', name: 'PAINTED', path: 'data.color' }]);
    const throwing = typedQmpClient<Commands, Events>(fake, {
      validation: tables,
      onDecodeIssue: () => {
        throw new Error('reporter bug');
      },
    });
    throwing.on('PAINTED', (event) => received.push(event.data.color));
    fake.deliver({ event: 'PAINTED', data: { color: 'infrared', more: 1 }, timestamp });
    expect(received).toEqual(['infrared', 'infrared', 'infrared']);
  });

  it("validates outgoing arguments strictly, with QEMU's texts, sending nothing invalid", async () => {
    const fake = fakeClient({ paint: {} });
    const client = typedQmpClient<Commands, Events>(fake, { validation: tables });
    await client.execute('paint', { color: 'green', coats: 2 });
    await expect(client.execute('paint', { color: 'green', coats: 300 })).rejects.toMatchObject({
      errorClass: 'GenericError',
      desc: "Parameter 'coats' expects uint8_t",
    });
    await expect(client.execute('paint', { color: 'blue' } as never)).rejects.toMatchObject({
      desc: "Parameter 'color' does not accept value 'blue'",
    });
    expect(fake.calls).toEqual([['paint', { color: 'green', coats: 2 }]]);
  });
});

describe('createEventEmitter', () => {
  const clock = (): number => 1_700_000_000_123_456;

  it('builds {event, timestamp, data}; events without data carry none', () => {
    const out: QmpEventMessage<Events>[] = [];
    const emitter = createEventEmitter<Events>((m) => out.push(m), { clock });
    emitter.emit('PAINTED', { color: 'red' });
    emitter.emit('STOP');
    expect(out).toEqual([
      { event: 'PAINTED', timestamp: { seconds: 1_700_000_000, microseconds: 123_456 }, data: { color: 'red' } },
      { event: 'STOP', timestamp: { seconds: 1_700_000_000, microseconds: 123_456 } },
    ]);
    expect(Object.hasOwn(out[1] ?? {}, 'data')).toBe(false);
  });

  it('checks data against the tables and drops events the policy hides', () => {
    const out: unknown[] = [];
    const emitter = createEventEmitter<Events>((m) => out.push(m.event), {
      clock,
      validation: tables,
      policy: { deprecatedOutput: 'hide' },
    });
    expect(() => emitter.emit('PAINTED', { color: 'blue' as 'red' })).toThrow(/PAINTED/u);
    emitter.emit('OLD');
    emitter.emit('STOP');
    expect(out).toEqual(['STOP']);
  });
});

describe('createTypedDispatcher', () => {
  class Painter {
    readonly coats: number[] = [];
    'query-paint'(): { color: 'red' | 'green' }[] {
      return [{ color: 'red' }];
    }
    'query-thing'(): object {
      return { kind: 'plain', name: 'p' };
    }
    paint(args: { color: 'red' | 'green'; coats?: number }): Record<string, never> {
      this.coats.push(args.coats ?? 1);
      return {};
    }
    fire(): void {
      throw new QmpError('GenericError', 'never answered');
    }
  }

  it('calls methods on their object; no reply for success-response false', async () => {
    const painter = new Painter();
    const dispatcher = createTypedDispatcher<Commands>({ validation: tables, handlers: painter });
    expect(await dispatcher.dispatch({ execute: 'paint', arguments: { color: 'red', coats: 3 }, id: 1 })).toEqual({ return: {}, id: 1 });
    expect(painter.coats).toEqual([3]);
    expect(await dispatcher.dispatch({ execute: 'query-paint' })).toEqual({ return: [{ color: 'red' }] });
    const quiet = createTypedDispatcher<Commands>({ validation: tables, handlers: { fire: () => undefined } });
    expect(await quiet.dispatch({ execute: 'fire', id: 2 })).toBeUndefined();
    expect(await quiet.dispatch({ execute: 'paint', arguments: { color: 'red' } })).toMatchObject({ error: { class: 'CommandNotFound' } });
  });
});
