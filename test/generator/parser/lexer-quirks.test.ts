/**
 * QEMU 7.2 lexer behaviour that its own suite does not cover (scripts/qapi/parser.py), with expected
 * messages worked out from QEMU's rules.
 */
import { describe, expect, it } from 'vitest';
import { parseSchema } from '../../../generator/parser/parser.js';
import { QAPIError } from '../../../generator/source/error.js';

function parseError(text: string): string {
  try {
    parseSchema('x.json', () => new TextEncoder().encode(text));
  } catch (err) {
    if (err instanceof QAPIError) return err.render();
    throw err;
  }
  return '';
}

describe('columns', () => {
  it('a TAB in columns 1..8 does not advance (QEMU formula col = (col+7)%8+1)', () => {
    expect(parseError('\tstray')).toBe("x.json:1:1: stray 'stray'");
    expect(parseError('        \tstray')).toBe("x.json:1:1: stray 'stray'");
    expect(parseError('1234567890\tx')).toBe("x.json:1:1: stray '1234567890'");
    expect(parseError("{ 'a': '1' }\n[ 'abcdefgh', \t! ]")).toBe("x.json:2:7: stray '!'");
  });

  it('counts code points, not UTF-16 units', () => {
    expect(parseError('\u{1F600} x')).toBe("x.json:1:1: stray '\u{1F600}'");
    expect(parseError("[ '' , \u00e9")).toBe("x.json:1:8: stray '\u00e9'");
  });

  it('reports string errors at the opening quote', () => {
    expect(parseError("[ 'abc\\u' ]")).toBe('x.json:1:3: unknown escape \\u');
    expect(parseError("[ 'ab\u00e9' ]")).toBe('x.json:1:3: funny character in string');
    expect(parseError("[ 'abc\n' ]")).toBe(`x.json:1:3: missing terminating "'"`);
  });
});

describe('newlines', () => {
  it('translates CRLF and lone CR like Python universal newlines', () => {
    expect(parseError("{ 'enum': 'Foo',\r\n 'data': [ 'a' ] }\r\n[ x ]")).toBe("x.json:3:3: stray 'x'");
    expect(parseError("{ 'enum': 'Foo', 'data': [] }\r\r[ x ]")).toBe("x.json:3:3: stray 'x'");
  });

  it('reports EOF on the last line, at its final newline', () => {
    expect(parseError("{ 'enum': 'Foo',\n  'data'")).toBe("x.json:2:9: expected ':'");
  });
});

describe('tokens', () => {
  it('matches true and false as prefixes', () => {
    expect(parseError('[ trueX ]')).toBe("x.json:1:7: stray 'X'");
    expect(parseError('[ falsey ]')).toBe("x.json:1:8: stray 'y'");
  });

  it('treats a byte order mark as a stray character', () => {
    expect(parseError("\ufeff{ 'enum': 'Foo' }")).toBe("x.json:1:1: stray '\ufeff'");
  });

  it('takes Python whitespace: U+001C..U+001F and U+0085 are blanks, U+FEFF is not', () => {
    expect(parseError("{ 'a':\u001c\u0085 x }")).toBe("x.json:1:10: stray 'x'");
  });

  it('ends a stray word at structural characters, quotes and whitespace', () => {
    expect(parseError('[ a:b ]')).toBe("x.json:1:3: stray 'a'");
    expect(parseError("[ ab'c' ]")).toBe("x.json:1:3: stray 'ab'");
  });
});
