/**
 * QEMU's recursive-descent json-parser.c, turned into a push parser: it is fed the tokens of
 * one message as they arrive and reports the same value or the same first error that QEMU's
 * parser reports when it parses the whole token list at the end. Nothing is parsed after the
 * first error (parse_error() keeps only the first message).
 */
import { Token } from './lexer.js';
import type { TokenType } from './lexer.js';
import { floatTokenValue, hugeIntegerValue, integerTokenValue, LONGEST_FINITE_INTEGER } from './number.js';
import type { NumberOptions } from './number.js';
import { StringTokenDecoder } from './string.js';
import { latin1 } from './utf8.js';
import { newJsonObject } from './value.js';
import type { JsonObject, JsonValue } from './value.js';

/** parse_error() formats into a 1024-byte buffer. */
const MAX_DETAIL = 1023;

/** Where an open container is: what its next token must be. */
type ArrayState = 'first' | 'element' | 'separator';
type ObjectState = 'first' | 'key' | 'colon' | 'value' | 'separator';

interface ArrayFrame {
  readonly kind: 'array';
  readonly list: JsonValue[];
  state: ArrayState;
}

interface ObjectFrame {
  readonly kind: 'object';
  readonly dict: JsonObject;
  state: ObjectState;
  key: string;
}

type Frame = ArrayFrame | ObjectFrame;

export type ParseOutcome = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: string };

export class JsonPushParser {
  private readonly numbers: NumberOptions;
  private stack: Frame[] = [];
  private error: string | undefined;
  private done = false;
  private value: JsonValue = null;
  private readonly longString = new StringTokenDecoder();

  constructor(numbers: NumberOptions) {
    this.numbers = numbers;
  }

  /** A long string token still arriving, decoded ahead: it may be the next value. */
  partialString(bytes: Uint8Array, length: number): void {
    if (this.error === undefined && !this.done) this.longString.advance(bytes, length);
  }

  /** What the string decoded ahead holds. */
  get partialStringLength(): number {
    return this.longString.decodedLength;
  }

  endOfToken(): void {
    this.longString.reset();
  }

  reset(): void {
    this.longString.reset();
    this.stack = [];
    this.error = undefined;
    this.done = false;
    this.value = null;
  }

  /** Feeds one token of the current message. */
  push(type: TokenType, bytes: Uint8Array, length: number): void {
    if (this.error !== undefined || this.done) return;
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.startValue(type, bytes, length);
    else if (top.kind === 'array') this.arrayToken(top, type, bytes, length);
    else this.objectToken(top, type, bytes, length);
  }

  /** The message's outcome once the streamer says it is complete. */
  finish(): ParseOutcome {
    if (this.error !== undefined) return { ok: false, error: `JSON parse error, ${this.error}` };
    if (!this.done) return { ok: false, error: 'JSON parse error, premature EOI' };
    return { ok: true, value: this.value };
  }

  private fail(detail: string): void {
    this.error ??= detail.length > MAX_DETAIL ? detail.slice(0, MAX_DETAIL) : detail;
  }

  /** parse_value() on this token. */
  private startValue(type: TokenType, bytes: Uint8Array, length: number): void {
    switch (type) {
      case Token.LCURLY:
        this.stack.push({ kind: 'object', dict: newJsonObject(), state: 'first', key: '' });
        return;
      case Token.LSQUARE:
        this.stack.push({ kind: 'array', list: [], state: 'first' });
        return;
      case Token.STRING: {
        const parsed = this.longString.finish(bytes, length);
        if (parsed.ok) this.complete(parsed.value);
        else this.fail(parsed.error);
        return;
      }
      case Token.INTEGER:
        if (length > LONGEST_FINITE_INTEGER + 1) this.complete(hugeIntegerValue(bytes[0] === 0x2d, this.numbers));
        else this.complete(integerTokenValue(latin1(bytes, 0, length), this.numbers));
        return;
      case Token.FLOAT:
        this.complete(floatTokenValue(latin1(bytes, 0, length), this.numbers));
        return;
      case Token.KEYWORD:
        this.keyword(latin1(bytes, 0, length));
        return;
      default:
        this.fail('expecting value');
    }
  }

  private keyword(word: string): void {
    if (word === 'true') this.complete(true);
    else if (word === 'false') this.complete(false);
    else if (word === 'null') this.complete(null);
    else this.fail(`invalid keyword '${word}'`);
  }

  private arrayToken(frame: ArrayFrame, type: TokenType, bytes: Uint8Array, length: number): void {
    if (frame.state === 'separator') {
      if (type === Token.COMMA) frame.state = 'element';
      else if (type === Token.RSQUARE) this.close();
      else this.fail('expected separator in list');
      return;
    }
    if (frame.state === 'first' && type === Token.RSQUARE) {
      this.close();
      return;
    }
    this.startValue(type, bytes, length);
  }

  private objectToken(frame: ObjectFrame, type: TokenType, bytes: Uint8Array, length: number): void {
    switch (frame.state) {
      case 'first':
        if (type === Token.RCURLY) this.close();
        else this.startKey(frame, type, bytes, length);
        return;
      case 'key':
        this.startKey(frame, type, bytes, length);
        return;
      case 'colon':
        if (type === Token.COLON) frame.state = 'value';
        else this.fail('missing : in object pair');
        return;
      case 'value':
        this.startValue(type, bytes, length);
        return;
      case 'separator':
        if (type === Token.COMMA) frame.state = 'key';
        else if (type === Token.RCURLY) this.close();
        else this.fail('expected separator in dict');
    }
  }

  /** The key is parsed as any value (QEMU does), and only then must be a string. */
  private startKey(frame: ObjectFrame, type: TokenType, bytes: Uint8Array, length: number): void {
    frame.state = 'key';
    this.startValue(type, bytes, length);
  }

  private close(): void {
    const frame = this.stack.pop();
    if (frame !== undefined) this.complete(frame.kind === 'array' ? frame.list : frame.dict);
  }

  /** A value is complete: it is the message, an element, a key, or a member's value. */
  private complete(value: JsonValue): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.value = value;
      this.done = true;
    } else if (top.kind === 'array') {
      top.list.push(value);
      top.state = 'separator';
    } else if (top.state === 'key') {
      this.completeKey(top, value);
    } else {
      this.completeMember(top, value);
    }
  }

  private completeKey(frame: ObjectFrame, key: JsonValue): void {
    if (typeof key !== 'string') {
      this.fail('key is not a string in object');
      return;
    }
    frame.key = key;
    frame.state = 'colon';
  }

  private completeMember(frame: ObjectFrame, value: JsonValue): void {
    if (Object.hasOwn(frame.dict, frame.key)) {
      this.fail('duplicate key');
      return;
    }
    frame.dict[frame.key] = value;
    frame.state = 'separator';
  }
}
