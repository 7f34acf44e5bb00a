import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonMessageReader } from '../../../../runtime/qmp/json/reader.js';
import { QmpDouble } from '../../../../runtime/qmp/json/value.js';
import { toQmpJson, toQmpLine } from '../../../../runtime/qmp/json/serialize.js';
import { qdictBucket, qdictKeyOrder } from '../../../../runtime/qmp/json/qdict-order.js';
import { readQmpLog } from '../../../../runtime/qmp/log/qmp-log.js';
import { formatDouble } from '../../../../runtime/qmp/json/serialize-number.js';
import { errorReply, eventMessage, greetingMessage, requestId, returnReply, versionInfo } from '../../../../runtime/qmp/server/messages.js';
import { qemuDir } from '../../../support/qemu-dir.js';

/** Parses one JSON text with the QMP reader (exact integers, null-prototype objects). */
function parse(text: string): unknown {
  const out: unknown[] = [];
  const reader = new JsonMessageReader((m) => out.push(m.ok ? m.value : new Error(m.error)), { plainDoubles: false });
  reader.feed(Buffer.from(`${text}\n`, 'utf8'));
  expect(out.length).toBe(1);
  return out[0];
}

/**
 * The same value with each object's keys inserted so that keys sharing a hash bucket come in
 * QEMU's insertion order: the wire shows them most recent first, so reverse each bucket.
 */
function asInsertedByQemu(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asInsertedByQemu);
  if (typeof value !== 'object' || value === null || value instanceof QmpDouble) return value;
  const record = value as Record<string, unknown>;
  const byBucket = new Map<number, string[]>();
  for (const key of Object.keys(record)) byBucket.set(qdictBucket(key), [...(byBucket.get(qdictBucket(key)) ?? []), key]);
  const out: Record<string, unknown> = {};
  for (const keys of byBucket.values()) for (const key of keys.reverse()) out[key] = asInsertedByQemu(record[key]);
  return out;
}

/** Each message QEMU sent, as the exact text it had inside the trace line. */
function tracedMessages(): { file: string; text: string }[] {
  const dir = join(qemuDir(), 'traces');
  const out: { file: string; text: string }[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const entry of readQmpLog(readFileSync(join(dir, file), 'utf8'))) {
      if (entry.dir === 'in' && entry.text !== undefined) out.push({ file, text: entry.text });
    }
  }
  return out;
}

describe('serializer: byte-exact against QEMU', () => {
  it('re-serializes every message QEMU sent in the traces byte for byte (query-qmp-schema included)', () => {
    const messages = tracedMessages();
    expect(messages.length).toBeGreaterThan(500);
    let largest = 0;
    for (const { file, text } of messages) {
      largest = Math.max(largest, text.length);
      expect(toQmpJson(asInsertedByQemu(parse(text))), file).toBe(text);
    }
    expect(largest).toBeGreaterThan(200_000);
  });

  it('orders keys by bucket whatever the insertion order', () => {
    const reply = parse('{"id": 1, "return": {}}');
    expect(toQmpJson(reply)).toBe('{"return": {}, "id": 1}');
    expect(toQmpJson({ id: 'x', error: { desc: 'd', class: 'GenericError' } })).toBe(
      '{"id": "x", "error": {"class": "GenericError", "desc": "d"}}',
    );
    expect(qdictKeyOrder(['data', 'event', 'timestamp'])).toEqual(['timestamp', 'event', 'data']);
  });

  it('puts the most recently inserted of same-bucket keys first (micro, minor)', () => {
    expect(qdictBucket('micro')).toBe(qdictBucket('minor'));
    expect(toQmpJson(versionInfo(7, 2, 22, 'pkg'))).toBe('{"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "pkg"}');
  });

  it('matches the bucket table of the spec', () => {
    const table: Record<string, number> = {
      seconds: 5,
      timestamp: 26,
      name: 39,
      'element-type': 96,
      QMP: 99,
      tag: 132,
      'exec-oob': 162,
      version: 184,
      class: 211,
      capabilities: 216,
      micro: 225,
      minor: 225,
      qemu: 232,
      variants: 263,
      'ret-type': 269,
      execute: 299,
      default: 304,
      members: 311,
      package: 326,
      event: 361,
      'allow-oob': 367,
      microseconds: 374,
      desc: 377,
      case: 398,
      return: 401,
      type: 425,
      'json-type': 428,
      'meta-type': 429,
      arguments: 447,
      'arg-type': 466,
      major: 481,
      id: 486,
      error: 489,
      values: 491,
      features: 495,
      data: 505,
    };
    for (const [key, bucket] of Object.entries(table)) expect(qdictBucket(key), key).toBe(bucket);
  });
});

describe('serializer: values', () => {
  it('writes QEMU compact JSON', () => {
    expect(toQmpJson({})).toBe('{}');
    expect(toQmpJson([])).toBe('[]');
    expect(toQmpJson([1, 'a', true, false, null, [], {}])).toBe('[1, "a", true, false, null, [], {}]');
    expect(toQmpJson({ a: undefined, b: 1 })).toBe('{"b": 1}');
  });

  it('escapes strings as QEMU: ASCII only, uppercase \\u, surrogate pairs, U+FFFD for what is not a character', () => {
    expect(toQmpJson('"\\/\b\f\n\r\t\x01\x7f')).toBe('"\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u007F"');
    expect(toQmpJson('é€😀\0')).toBe('"\\u00E9\\u20AC\\uD83D\\uDE00\\u0000"');
    expect(toQmpJson('\ud800x\udc00')).toBe('"\\uFFFDx\\uFFFD"');
    expect(toQmpJson('\ufffe\ufdd0')).toBe('"\\uFFFD\\uFFFD"');
  });

  it('writes integers exactly and doubles with %.17g', () => {
    expect(toQmpJson([0, -1, 9007199254740993n, 18446744073709551615n, -9223372036854775808n])).toBe(
      '[0, -1, 9007199254740993, 18446744073709551615, -9223372036854775808]',
    );
    const cases: [number, string][] = [
      [0.5, '0.5'],
      [0.1, '0.10000000000000001'],
      [1 / 3, '0.33333333333333331'],
      [1e20, '1e+20'],
      [1e16, '10000000000000000'],
      [1e17, '1e+17'],
      [1.5e-5, '1.5e-05'],
      [1.1e-5, '1.1e-05'],
      [0.0001, '0.0001'],
      [123456.789, '123456.789'],
      [-2.5, '-2.5'],
      [5e-324, '4.9406564584124654e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [-0, '-0'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [NaN, 'nan'],
      [2 ** -1074 * 3, '1.4821969375237396e-323'],
      [0.3, '0.29999999999999999'],
    ];
    for (const [x, text] of cases) expect(formatDouble(x), String(x)).toBe(text);
    expect(toQmpJson([new QmpDouble(1), new QmpDouble(-0), 2.5])).toBe('[1, -0, 2.5]');
  });

  it('writes the pretty form of -mon pretty=on, with CRLF line ends on the wire', () => {
    expect(toQmpJson({ return: {}, id: [1] }, { pretty: true })).toBe('{\n    "return": {\n    },\n    "id": [\n        1\n    ]\n}');
    expect(toQmpLine({ return: [] })).toBe('{"return": []}\r\n');
    expect(toQmpLine({ return: [] }, { pretty: true })).toBe('{\r\n    "return": [\r\n    ]\r\n}\r\n');
  });

  it('refuses what JSON cannot carry, and cycles', () => {
    expect(() => toQmpJson({ f: () => 1 })).toThrow(/function/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => toQmpJson(cyclic)).toThrow(/deeply/);
  });
});

describe('wire messages', () => {
  it('greeting as QEMU 7.2.22 sent it', () => {
    const greeting = greetingMessage(versionInfo(7, 2, 22, 'Debian 1:7.2+dfsg-7+deb12u18+b3'), ['oob']);
    expect(toQmpLine(greeting)).toBe(
      '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}\r\n',
    );
  });

  it('replies echo any id, and only when there was one', () => {
    const id = requestId(parse('{"execute": "x", "id": {"any": ["json", 1]}}'));
    expect(toQmpJson(returnReply([], id))).toBe('{"return": [], "id": {"any": ["json", 1]}}');
    expect(toQmpJson(errorReply('GenericError', 'x', requestId(parse('{"id": null}'))))).toBe(
      '{"id": null, "error": {"class": "GenericError", "desc": "x"}}',
    );
    expect(toQmpJson(errorReply('GenericError', 'QMP input must be a JSON object'))).toBe(
      '{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}',
    );
  });

  it('events: timestamp split into seconds and microseconds, data only when it has a member', () => {
    const at = 1795391761285050;
    expect(toQmpJson(eventMessage('SHUTDOWN', { guest: false, reason: 'host-qmp-quit' }, at))).toBe(
      '{"timestamp": {"seconds": 1795391761, "microseconds": 285050}, "event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}}',
    );
    expect(toQmpJson(eventMessage('STOP', undefined, at))).toBe(
      '{"timestamp": {"seconds": 1795391761, "microseconds": 285050}, "event": "STOP"}',
    );
    expect(toQmpJson(eventMessage('X', { only: undefined }, at))).toBe(
      '{"timestamp": {"seconds": 1795391761, "microseconds": 285050}, "event": "X"}',
    );
  });
});
