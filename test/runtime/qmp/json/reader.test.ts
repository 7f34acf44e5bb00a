import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonMessageReader } from '../../../../runtime/qmp/json/reader.js';
import type { JsonLimits, JsonMessage } from '../../../../runtime/qmp/json/reader.js';
import { jsonNumberKind, QmpDouble } from '../../../../runtime/qmp/json/value.js';

type Input = string | Uint8Array;

function toBytes(input: Input): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
}

/** Every message the reader emits for the input, fed in the given chunks. */
function read(chunks: Input | Input[], limits?: Partial<JsonLimits>, flush = false): JsonMessage[] {
  const out: JsonMessage[] = [];
  const reader = new JsonMessageReader((m) => out.push(m), limits === undefined ? {} : { limits });
  for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) reader.feed(toBytes(chunk));
  if (flush) reader.flush();
  return out;
}

function values(input: Input | Input[]): unknown[] {
  return read(input).map((m) => (m.ok ? plain(m.value) : { error: m.error }));
}

function errors(input: Input | Input[], limits?: Partial<JsonLimits>, flush = false): string[] {
  return read(input, limits, flush).map((m) => (m.ok ? `value ${JSON.stringify(plain(m.value))}` : m.error));
}

/** Null-prototype objects to plain ones, for toEqual. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null && !(v instanceof QmpDouble)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('JSON reader: framing', () => {
  it('reads several messages per packet, CRLF, and messages split across packets', () => {
    expect(values('{"a": 1}\r\n{"b": [true, false, null]}\r\n')).toEqual([{ a: 1 }, { b: [true, false, null] }]);
    expect(values(['{"exec', 'ute": "qu', 'ery-jobs"', ', "id": 1', '}'])).toEqual([{ execute: 'query-jobs', id: 1 }]);
    expect(values(['{"execute": "query-jobs", "id": "x5"\n', '}\n'])).toEqual([{ execute: 'query-jobs', id: 'x5' }]);
  });

  it('emits top-level scalars as messages of their own', () => {
    expect(values('"just a string"\n[1, 2]\n3 4 ')).toEqual(['just a string', [1, 2], 3, 4]);
    // A number ends only at the next byte.
    expect(values('12')).toEqual([]);
  });

  it('gives the same messages however the bytes are split', () => {
    const text = `{"execute": 'x\\'y', "arguments": {"n": [1, -2.5, 1e3, "\\u00e9\\ud83d\\ude00"]}, "id": {"a": null}}\r\n[]{} "s" @ 1 tru [1 2] {"a":1,"a":2}\n`;
    const bytes = utf8(text);
    const whole = read(bytes);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set([0, ...cuts, bytes.length])].sort((a, b) => a - b);
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
        expect(read(chunks)).toEqual(whole);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});

describe('JSON reader: QEMU extensions and values', () => {
  it("accepts single-quoted strings and \\' in both quote styles", () => {
    expect(values(`['it\\'s', "it\\'s", '"q"', "'"]`)).toEqual([["it's", "it's", '"q"', "'"]]);
  });

  it('decodes escapes, surrogate pairs, raw UTF-8 and the modified-UTF-8 NUL', () => {
    expect(values('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\uD83D\\uDE00"')).toEqual(['"\\/\b\f\n\r\tAé😀']);
    expect(values(utf8('"é😀"'))).toEqual(['é😀']);
    expect(values(Buffer.from([0x22, 0xc0, 0x80, 0x22]))).toEqual(['\0']);
    expect(values('"\\u0000"')).toEqual(['\0']);
  });

  it('reads any string of valid characters back, written raw or escaped, short or long', () => {
    // Valid for QEMU: no surrogate halves, no noncharacters (U+FDD0..U+FDEF, U+xFFFE/F).
    const valid = fc
      .integer({ min: 1, max: 0x10ffff })
      .filter((cp) => !(cp >= 0xd800 && cp <= 0xdfff) && !(cp >= 0xfdd0 && cp <= 0xfdef) && (cp & 0xfffe) !== 0xfffe);
    const text = fc.array(valid, { maxLength: 40 }).map((cps) => String.fromCodePoint(...cps));
    const escaped = (s: string): string =>
      [...s]
        .map((ch) => {
          const units = ch.length === 2 ? [ch.charCodeAt(0), ch.charCodeAt(1)] : [ch.charCodeAt(0)];
          return units.map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join('');
        })
        .join('');
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 5000 }), (s, repeat) => {
        const long = s.repeat(s.length === 0 ? 1 : Math.ceil(repeat / s.length));
        expect(values(utf8(JSON.stringify(long)))).toEqual([long]);
        expect(values(`"${escaped(long)}"`)).toEqual([long]);
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it('decodes a long string while it arrives: the same value or error however it is split', () => {
    // Written raw this time: no control characters, quotes or backslashes.
    const valid = fc
      .integer({ min: 0x20, max: 0x10ffff })
      .filter(
        (cp) =>
          cp !== 0x22 && cp !== 0x5c && !(cp >= 0xd800 && cp <= 0xdfff) && !(cp >= 0xfdd0 && cp <= 0xfdef) && (cp & 0xfffe) !== 0xfffe,
      );
    const piece = fc.array(valid, { minLength: 1, maxLength: 12 }).map((cps) => String.fromCodePoint(...cps));
    // A bad spot and QEMU's text for it; '' for none.
    const bad = fc.constantFrom(
      ['', ''],
      ['\\x', 'JSON parse error, invalid escape sequence in string'],
      ['\\uFFFE', 'JSON parse error, \\uFFFE is not a valid Unicode character'],
      ['\\uD800\\u0041', 'JSON parse error, \\uD800 is not a valid Unicode character'],
      [Buffer.from([0xc3, 0x28]).toString('latin1'), 'JSON parse error, invalid UTF-8 sequence in string'],
    );
    fc.assert(
      fc.property(
        piece,
        fc.integer({ min: 0, max: 100_000 }),
        bad,
        fc.array(fc.integer({ min: 1, max: 30_000 }), { minLength: 1, maxLength: 8 }),
        (unit, at, [spot, error], cuts) => {
          const text = unit.repeat(Math.ceil(100_000 / unit.length));
          let split = Math.min(at, text.length);
          if (/[\uD800-\uDBFF]/.test(text.charAt(split - 1))) split--; // not inside a surrogate pair
          const bytes = Buffer.concat([
            Buffer.from('"'),
            Buffer.from(text.slice(0, split)),
            Buffer.from(spot, 'latin1'),
            Buffer.from(text.slice(split)),
            Buffer.from('"\n'),
          ]);
          const chunks: Uint8Array[] = [];
          for (let i = 0, k = 0; i < bytes.length; k++) {
            const size = cuts[k % cuts.length] ?? 1;
            chunks.push(bytes.subarray(i, i + size));
            i += size;
          }
          const [message] = read(chunks);
          if (error === '') expect(message).toEqual({ ok: true, value: text });
          else expect(message).toEqual({ ok: false, error });
        },
      ),
      { numRuns: 60, seed: 1 },
    );
  });

  it('keeps int64/uint64 precision and marks doubles (json/value.ts)', () => {
    const [list] = read(
      '[0, -0, 42, 9007199254740993, 9223372036854775807, -9223372036854775808, 9223372036854775808, 18446744073709551615, 18446744073709551616, -9223372036854775809, 1.5, 1.0, 1e3, -0.0, 1e400]\n',
    ).map((m) => (m.ok ? m.value : undefined));
    expect(Array.isArray(list)).toBe(true);
    const items = list as unknown[];
    expect(items.slice(0, 3)).toEqual([0, 0, 42]);
    expect(Object.is(items[1], -0)).toBe(false);
    expect(items[3]).toBe(9007199254740993n);
    expect(items[4]).toBe(9223372036854775807n);
    expect(items[5]).toBe(-9223372036854775808n);
    expect(items[6]).toBe(9223372036854775808n);
    expect(jsonNumberKind(items[6] as bigint)).toBe('uint64');
    expect(jsonNumberKind(items[4] as bigint)).toBe('int64');
    expect(items[7]).toBe(18446744073709551615n);
    expect(items[8]).toEqual(new QmpDouble(18446744073709551616));
    expect(items[9]).toEqual(new QmpDouble(-9223372036854775808));
    expect(items[10]).toBe(1.5);
    expect(items[11]).toEqual(new QmpDouble(1));
    expect(items[12]).toEqual(new QmpDouble(1000));
    expect(Object.is((items[13] as QmpDouble).value, -0)).toBe(true);
    expect(items[14]).toEqual(new QmpDouble(Infinity));
  });

  it('integers longer than any int64/uint64 text are doubles, as strtod gives them', () => {
    const [list] = read('[-18446744073709551615, 123456789012345678901, -1234567890123456789012]\n').map((m) =>
      m.ok ? m.value : undefined,
    );
    expect(list).toEqual([
      new QmpDouble(-18446744073709551615),
      new QmpDouble(123456789012345678901),
      new QmpDouble(-1234567890123456789012),
    ]);
    // A 2 MB integer: Infinity, read without BigInt (see the server's fairness test).
    const [huge] = read(`${'9'.repeat(2_000_000)} `).map((m) => (m.ok ? m.value : undefined));
    expect(huge).toEqual(new QmpDouble(Infinity));
    // Around the longest finite integers: 309 digits may be finite, 310 never are.
    const around = read(
      `[1${'0'.repeat(308)}, -17976931348623157${'0'.repeat(292)}, 17976931348623159${'0'.repeat(292)}, 1${'0'.repeat(309)}, -1${'0'.repeat(311)}]\n`,
    ).map((m) => (m.ok ? m.value : m.error));
    expect(around).toEqual([
      [
        new QmpDouble(1e308),
        new QmpDouble(-1.7976931348623157e308),
        new QmpDouble(Infinity),
        new QmpDouble(Infinity),
        new QmpDouble(-Infinity),
      ],
    ]);
  });

  it('never lets __proto__ or constructor reach a prototype', () => {
    const [m] = read('{"__proto__": {"polluted": 1}, "constructor": {"prototype": 2}, "toString": 3}\n');
    expect(m?.ok).toBe(true);
    const value = (m as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(null);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(value['__proto__'])).toBe(null);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(errors('{"__proto__": 1, "__proto__": 2}')).toEqual(['JSON parse error, duplicate key']);
  });
});

describe('JSON reader: parse errors, with QEMU texts', () => {
  const cases: [string, Input, string[]][] = [
    ['value missing before }', '{"execute": \n}\n', ['JSON parse error, expecting value']],
    ['stray character', '@\n', ["JSON parse error, stray '@'"]],
    ['unterminated string at newline', '"abc\n', ["JSON parse error, stray '\"abc\n'"]],
    ['bad sign', '-x\n', ["JSON parse error, stray '-x'"]],
    ['leading zero', '01\n', ["JSON parse error, stray '01'"]],
    ['dot without digits', '1.e5\n', ["JSON parse error, stray '1.e'"]],
    ['missing colon', '{"a" 1}', ['JSON parse error, missing : in object pair']],
    ['non-string key', '{1: 2}', ['JSON parse error, key is not a string in object']],
    ['list as key', '{[1]: 2}', ['JSON parse error, key is not a string in object']],
    ['dict separator', '{"a": 1 "b": 2}', ['JSON parse error, expected separator in dict']],
    ['list separator', '[1 2]', ['JSON parse error, expected separator in list']],
    ['trailing comma in list', '[1,]', ['JSON parse error, expecting value']],
    ['trailing comma in dict', '{"a":1,}', ['JSON parse error, expecting value']],
    ['duplicate key', '{"a": 1, "a": 2}', ['JSON parse error, duplicate key']],
    ['bad keyword', 'tru ', ["JSON parse error, invalid keyword 'tru'"]],
    // After a stray token everything up to a structural or control character is skipped, spaces too.
    ['capitalised keyword', 'True ', ["JSON parse error, stray 'T'"]],
    ['bad escape', '"\\x"', ['JSON parse error, invalid escape sequence in string']],
    ['lone surrogate', '"\\uD800"', ['JSON parse error, \\uD800 is not a valid Unicode character']],
    ['bad trailing surrogate', '"\\uD800\\u0041"', ['JSON parse error, \\uD800 is not a valid Unicode character']],
    ['short \\u', '"\\u12"', ['JSON parse error, \\u12" is not a valid Unicode character']],
    ['noncharacter', '"\\uFFFE"', ['JSON parse error, \\uFFFE is not a valid Unicode character']],
    ['invalid UTF-8', Buffer.from([0x22, 0xc3, 0x28, 0x22]), ['JSON parse error, invalid UTF-8 sequence in string']],
    ['overlong UTF-8', Buffer.from([0x22, 0xc1, 0x81, 0x22]), ['JSON parse error, invalid UTF-8 sequence in string']],
    ['byte 0xFF', Buffer.from([0xff, 0x0a]), ["JSON parse error, stray '\ufffd'"]],
    ['NUL ends the quoted token', Buffer.from([0x22, 0x61, 0x00]), ["JSON parse error, stray '\"a'"]],
    ['extra closer', '{}}', ['value {}', 'JSON parse error, expecting value']],
    ['lone ]', ']', ['JSON parse error, expecting value']],
    ['lone :', ':', ['JSON parse error, expecting value']],
    // An excess closer ends the message at once (checked against a real QEMU 7.2).
    ['} inside [', '[}]', ['JSON parse error, expecting value', 'JSON parse error, expecting value']],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => expect(errors(input)).toEqual(expected));
  }

  it('premature EOI is reported only when the input ends', () => {
    expect(errors('{"a": [1, ')).toEqual([]);
    expect(errors('{"a": [1, ', undefined, true)).toEqual(['JSON parse error, premature EOI']);
    expect(errors('"abc', undefined, true)).toEqual(["JSON parse error, stray '\"abc'"]);
    expect(errors('123', undefined, true)).toEqual(['value 123']);
  });

  it('recovers after a lexical error at the next structural or control character', () => {
    expect(errors('@abc def{"a": 1}')).toEqual(["JSON parse error, stray '@'", 'value {"a":1}']);
    expect(errors('"abc\x01def ghi\n{"b": 2}')).toEqual(["JSON parse error, stray '\"abc\x01'", 'value {"b":2}']);
    // A control character outside recovery is a stray token: it drops the message in progress.
    expect(errors('{"a": \x01 1}')).toEqual(["JSON parse error, stray '\x01'", 'JSON parse error, expecting value']);
  });

  it('reports only the first error of a message and drops the rest of it', () => {
    expect(errors('{"a": tru, "b" 1, 2: 3}\n{"ok": 1}')).toEqual(["JSON parse error, invalid keyword 'tru'", 'value {"ok":1}']);
  });

  it('truncates a parse error detail as vsnprintf into 1024 bytes does', () => {
    const [error] = errors(`${'x'.repeat(2000)} `);
    expect(error?.length).toBe('JSON parse error, '.length + 1023);
  });
});

describe('JSON reader: limits', () => {
  it('nesting depth 1024 is allowed, 1025 is refused, and the closers that follow are errors', () => {
    expect(errors(`${'['.repeat(1024)}${']'.repeat(1024)}`)).toEqual([`value ${'['.repeat(1024)}${']'.repeat(1024)}`]);
    const over = errors(`${'['.repeat(1025)}${']'.repeat(1025)}`);
    expect(over[0]).toBe('JSON nesting depth limit exceeded');
    expect(over.slice(1)).toEqual(Array(1025).fill('JSON parse error, expecting value'));
  });

  it('token count limit', () => {
    expect(errors('[1, 2]', { maxTokenCount: 5 })).toEqual(['value [1,2]']);
    // The 6th token (3) is refused with the message; the `]` that follows is a message of its own.
    expect(errors('[1, 2, 3]', { maxTokenCount: 5 })).toEqual(['JSON token count limit exceeded', 'JSON parse error, expecting value']);
  });

  it('token size limit, per message and per token, with bounded memory', () => {
    // 1 + 6 + 1 bytes taken; "ef" would make 12, and QEMU counts one more byte per token.
    expect(errors('["abcd", "ef"]', { maxTokenSize: 12 })).toEqual(['JSON token size limit exceeded', 'JSON parse error, expecting value']);
    // One token beyond the limit is cut where it is; the lexer starts afresh mid-string.
    expect(errors('"aaaaaaaaaaaaaaaaaaaa"\n', { maxTokenSize: 8 })).toEqual([
      'JSON token size limit exceeded',
      'JSON token size limit exceeded',
      "JSON parse error, invalid keyword 'aaa'",
      "JSON parse error, stray '\"\n'",
    ]);
  });

  it('reads a 1 MB string fed in small packets', () => {
    const big = 'x'.repeat(1 << 20);
    const bytes = utf8(`{"s": "${big}"}`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 4096) chunks.push(bytes.subarray(i, i + 4096));
    const [m] = read(chunks);
    expect(m?.ok && (m.value as Record<string, string>)['s']?.length).toBe(1 << 20);
  });
});

describe('JSON reader: halting', () => {
  it('stops right after the byte that completes a message when asked, and resumes there', () => {
    const seen: JsonMessage[] = [];
    const reader: JsonMessageReader = new JsonMessageReader((m) => {
      seen.push(m);
      reader.halt();
    });
    const bytes = utf8('{"a": 1}{"b": 2} 7 ');
    let at = reader.feed(bytes);
    expect(at).toBe(8);
    expect(seen.length).toBe(1);
    at = reader.feed(bytes, at);
    expect(at).toBe(16);
    at = reader.feed(bytes, at);
    expect(at).toBe(bytes.length);
    expect(seen.map((m) => (m.ok ? plain(m.value) : m.error))).toEqual([{ a: 1 }, { b: 2 }, 7]);
  });
});
