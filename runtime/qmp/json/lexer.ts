/**
 * QEMU's JSON lexer (qobject/json-lexer.c) without interpolation: a byte-driven state table
 * with QEMU's extensions (single-quoted strings, `\'`), its error recovery, and its per-token
 * size limit. Tokens go to a sink together with their raw bytes.
 */

/** Lexer states; the numbers are QEMU's, and token types start above them. */
const IN_RECOVERY = 1;
const IN_DQ_STRING_ESCAPE = 2;
const IN_DQ_STRING = 3;
const IN_SQ_STRING_ESCAPE = 4;
const IN_SQ_STRING = 5;
const IN_ZERO = 6;
const IN_EXP_DIGITS = 7;
const IN_EXP_SIGN = 8;
const IN_EXP_E = 9;
const IN_MANTISSA = 10;
const IN_MANTISSA_DIGITS = 11;
const IN_DIGITS = 12;
const IN_SIGN = 13;
const IN_KEYWORD = 14;
const IN_START = 15;
const STATE_COUNT = 16;

export const Token = {
  ERROR: 0,
  LCURLY: 100,
  RCURLY: 101,
  LSQUARE: 102,
  RSQUARE: 103,
  COLON: 104,
  COMMA: 105,
  INTEGER: 106,
  FLOAT: 107,
  KEYWORD: 108,
  STRING: 109,
  END_OF_INPUT: 111,
} as const;
/** A token type, or (for a token cut at the size limit) the lexer state it was cut in. */
export type TokenType = number;

const TOKEN_MIN = Token.LCURLY;
const LOOKAHEAD = 0x80;

/** QEMU's MAX_TOKEN_SIZE, shared by lexer and streamer. */
export const DEFAULT_MAX_TOKEN_SIZE = 64 * 1024 * 1024;

const SHRINK_ABOVE = 1024 * 1024;
/** A string token this long is handed over after each read while it grows (see TokenSink). */
const PARTIAL_STRING = 64 * 1024;
/** String runs up to this long are copied byte by byte. */
const SHORT_RUN = 64;

export interface TokenSink {
  token(type: TokenType, bytes: Uint8Array, length: number): void;
  /** A long string token is still arriving; these are its bytes so far (the sink may start decoding). */
  partialString?(bytes: Uint8Array, length: number): void;
}

const TABLE = buildTable();

function buildTable(): Uint8Array {
  const table = new Uint8Array(STATE_COUNT * 256); // zero = JSON_ERROR, as in QEMU
  const set = (state: number, from: string | number, to: string | number, next: number): void => {
    const lo = typeof from === 'string' ? from.charCodeAt(0) : from;
    const hi = typeof to === 'string' ? to.charCodeAt(0) : to;
    for (let c = lo; c <= hi; c++) table[state * 256 + c] = next;
  };
  const one = (state: number, ch: string, next: number): void => set(state, ch, ch, next);
  const terminal = (state: number, token: number): void => set(state, 0, 0xff, token | LOOKAHEAD);

  // Skip to a structural char, a control char other than TAB, or 0xFE/0xFF.
  set(IN_RECOVERY, 0, 0x1f, IN_START | LOOKAHEAD);
  set(IN_RECOVERY, 0x20, 0xfd, IN_RECOVERY);
  set(IN_RECOVERY, 0xfe, 0xff, IN_START | LOOKAHEAD);
  one(IN_RECOVERY, '\t', IN_RECOVERY);
  for (const ch of '[]{}:,') one(IN_RECOVERY, ch, IN_START | LOOKAHEAD);

  set(IN_DQ_STRING_ESCAPE, 0x20, 0xfd, IN_DQ_STRING);
  set(IN_DQ_STRING, 0x20, 0xfd, IN_DQ_STRING);
  one(IN_DQ_STRING, '\\', IN_DQ_STRING_ESCAPE);
  one(IN_DQ_STRING, '"', Token.STRING);
  set(IN_SQ_STRING_ESCAPE, 0x20, 0xfd, IN_SQ_STRING);
  set(IN_SQ_STRING, 0x20, 0xfd, IN_SQ_STRING);
  one(IN_SQ_STRING, '\\', IN_SQ_STRING_ESCAPE);
  one(IN_SQ_STRING, "'", Token.STRING);

  terminal(IN_ZERO, Token.INTEGER);
  set(IN_ZERO, '0', '9', Token.ERROR);
  one(IN_ZERO, '.', IN_MANTISSA);
  terminal(IN_EXP_DIGITS, Token.FLOAT);
  set(IN_EXP_DIGITS, '0', '9', IN_EXP_DIGITS);
  set(IN_EXP_SIGN, '0', '9', IN_EXP_DIGITS);
  one(IN_EXP_E, '-', IN_EXP_SIGN);
  one(IN_EXP_E, '+', IN_EXP_SIGN);
  set(IN_EXP_E, '0', '9', IN_EXP_DIGITS);
  terminal(IN_MANTISSA_DIGITS, Token.FLOAT);
  set(IN_MANTISSA_DIGITS, '0', '9', IN_MANTISSA_DIGITS);
  one(IN_MANTISSA_DIGITS, 'e', IN_EXP_E);
  one(IN_MANTISSA_DIGITS, 'E', IN_EXP_E);
  set(IN_MANTISSA, '0', '9', IN_MANTISSA_DIGITS);
  terminal(IN_DIGITS, Token.INTEGER);
  set(IN_DIGITS, '0', '9', IN_DIGITS);
  one(IN_DIGITS, 'e', IN_EXP_E);
  one(IN_DIGITS, 'E', IN_EXP_E);
  one(IN_DIGITS, '.', IN_MANTISSA);
  one(IN_SIGN, '0', IN_ZERO);
  set(IN_SIGN, '1', '9', IN_DIGITS);
  terminal(IN_KEYWORD, Token.KEYWORD);
  set(IN_KEYWORD, 'a', 'z', IN_KEYWORD);

  one(IN_START, '"', IN_DQ_STRING);
  one(IN_START, "'", IN_SQ_STRING);
  one(IN_START, '0', IN_ZERO);
  set(IN_START, '1', '9', IN_DIGITS);
  one(IN_START, '-', IN_SIGN);
  one(IN_START, '{', Token.LCURLY);
  one(IN_START, '}', Token.RCURLY);
  one(IN_START, '[', Token.LSQUARE);
  one(IN_START, ']', Token.RSQUARE);
  one(IN_START, ',', Token.COMMA);
  one(IN_START, ':', Token.COLON);
  set(IN_START, 'a', 'z', IN_KEYWORD);
  for (const ch of ' \t\r\n') one(IN_START, ch, IN_START);
  return table;
}

/** Bytes that may run inside a string without changing the lexer state. */
function isPlainStringByte(byte: number, quote: number): boolean {
  return byte >= 0x20 && byte <= 0xfd && byte !== 0x5c && byte !== quote;
}

export class JsonLexer {
  private readonly sink: TokenSink;
  private readonly maxTokenSize: number;
  private state = IN_START;
  private token = new Uint8Array(256);
  private length = 0;

  constructor(sink: TokenSink, maxTokenSize: number = DEFAULT_MAX_TOKEN_SIZE) {
    this.sink = sink;
    this.maxTokenSize = maxTokenSize;
  }

  /** Memory held for the token being lexed: its buffer, which grows by doubling. */
  get bufferedBytes(): number {
    return this.token.length;
  }

  /**
   * Lexes bytes[start..end) and returns where it stopped: `end`, or just after the first byte
   * for which `halt()` turned true (the caller stops reading there, as a suspended QEMU monitor).
   */
  feed(bytes: Uint8Array, start: number, end: number, halt: () => boolean): number {
    let i = start;
    while (i < end) {
      if (this.state === IN_DQ_STRING || this.state === IN_SQ_STRING) {
        const run = this.plainRun(bytes, i, end);
        if (run > 0) {
          this.append(bytes, i, run);
          i += run;
          this.checkTokenSize();
          continue;
        }
      }
      this.feedChar(bytes[i] ?? 0);
      i++;
      if (halt()) return i;
    }
    if (this.length >= PARTIAL_STRING && this.state >= IN_DQ_STRING_ESCAPE && this.state <= IN_SQ_STRING) {
      this.sink.partialString?.(this.token, this.length);
    }
    return end;
  }

  /** End of input: finish or reject a pending token, then tell the sink. */
  flush(): void {
    while (this.state !== IN_START) this.step(0, true);
    this.sink.token(Token.END_OF_INPUT, this.token, 0);
  }

  private plainRun(bytes: Uint8Array, from: number, end: number): number {
    const quote = this.state === IN_DQ_STRING ? 0x22 : 0x27;
    const limit = Math.min(end, from + this.maxTokenSize + 1 - this.length);
    let i = from;
    while (i < limit && isPlainStringByte(bytes[i] ?? 0, quote)) i++;
    return i - from;
  }

  private feedChar(ch: number): void {
    while (!this.step(ch, false));
    this.checkTokenSize();
  }

  /** One transition; true when the character was consumed. */
  private step(ch: number, flushing: boolean): boolean {
    const next = TABLE[this.state * 256 + ch] ?? 0;
    const consumed = !flushing && (next & LOOKAHEAD) === 0;
    const newState = next & ~LOOKAHEAD;
    if (consumed) this.appendByte(ch);
    if (newState >= TOKEN_MIN) {
      this.sink.token(newState, this.token, this.length);
      this.restart(IN_START);
    } else if (newState === Token.ERROR) {
      this.sink.token(Token.ERROR, this.token, this.length);
      this.restart(IN_RECOVERY);
    } else if (newState === IN_START || newState === IN_RECOVERY) {
      this.restart(newState);
    } else {
      this.state = newState;
    }
    return consumed;
  }

  /** A single token may not grow without bound: hand it over as it is and start afresh. */
  private checkTokenSize(): void {
    if (this.length <= this.maxTokenSize) return;
    this.sink.token(this.state, this.token, this.length);
    this.restart(IN_START);
  }

  private restart(state: number): void {
    this.length = 0;
    this.state = state;
    // Give back the memory of an exceptionally large token.
    if (this.token.length > SHRINK_ABOVE) this.token = new Uint8Array(256);
  }

  private appendByte(byte: number): void {
    if (this.length === this.token.length) this.grow(this.length + 1);
    this.token[this.length++] = byte;
  }

  private append(bytes: Uint8Array, from: number, count: number): void {
    if (this.length + count > this.token.length) this.grow(this.length + count);
    if (count <= SHORT_RUN) {
      // A command name or a key: a loop beats making a subarray view to copy from.
      const token = this.token;
      let at = this.length;
      for (let i = from; i < from + count; i++) token[at++] = bytes[i] ?? 0;
    } else {
      this.token.set(bytes.subarray(from, from + count), this.length);
    }
    this.length += count;
  }

  private grow(needed: number): void {
    const bigger = new Uint8Array(Math.max(needed, this.token.length * 2));
    bigger.set(this.token.subarray(0, this.length));
    this.token = bigger;
  }
}
