/**
 * The streaming JSON message reader QMP reads requests with: QEMU's json-streamer.c on top
 * of the lexer and parser. Bytes may arrive in any split; each complete top-level value, or
 * each error, is one message. Limits bound the memory one message can take; when one trips,
 * the message is answered with QEMU's error and dropped, and reading goes on.
 */
import { DEFAULT_MAX_TOKEN_SIZE, JsonLexer, Token } from './lexer.js';
import type { TokenSink, TokenType } from './lexer.js';
import { JsonPushParser } from './parser.js';
import type { ParseOutcome } from './parser.js';
import { decodeLossy } from './utf8.js';

/** Bounds on incoming JSON (size, nesting), as QEMU's parser has. */
export interface JsonLimits {
  /** Total bytes of the tokens of one message (QEMU: 64 MiB); also the largest single token. */
  readonly maxTokenSize: number;
  /** Tokens in one message (QEMU: 2 Mi). */
  readonly maxTokenCount: number;
  /** Open braces plus brackets (QEMU: 1024). */
  readonly maxNesting: number;
}

const QEMU_JSON_LIMITS: JsonLimits = {
  maxTokenSize: DEFAULT_MAX_TOKEN_SIZE,
  maxTokenCount: 2 * 1024 * 1024,
  maxNesting: 1024,
};

export interface JsonReaderOptions {
  readonly limits?: Partial<JsonLimits>;
  /** Integral doubles as plain numbers instead of QmpDouble (see value.ts). */
  readonly plainDoubles?: boolean;
}

/** A message: a parsed value, or the text of QEMU's parse error reply. */
export type JsonMessage = ParseOutcome;

export type MessageHandler = (message: JsonMessage) => void;

export class JsonMessageReader implements TokenSink {
  private readonly limits: JsonLimits;
  private readonly lexer: JsonLexer;
  private readonly parser: JsonPushParser;
  private readonly onMessage: MessageHandler;
  private braces = 0;
  private brackets = 0;
  private tokenCount = 0;
  private tokenBytes = 0;
  private halted = false;
  private readonly isHalted = (): boolean => this.halted;

  constructor(onMessage: MessageHandler, options: JsonReaderOptions = {}) {
    this.limits = { ...QEMU_JSON_LIMITS, ...options.limits };
    this.onMessage = onMessage;
    this.lexer = new JsonLexer(this, this.limits.maxTokenSize);
    this.parser = new JsonPushParser({ plainDoubles: options.plainDoubles ?? false });
  }

  /**
   * Reads bytes[start..end). The message handler may call halt(); reading then stops right
   * after the byte that completed the message, and the index to resume from is returned.
   */
  feed(bytes: Uint8Array, start = 0, end = bytes.length): number {
    this.halted = false;
    return this.lexer.feed(bytes, start, end, this.isHalted);
  }

  /** Input read but not yet a message: the tokens of the message so far, the token being lexed, and what is decoded of it. */
  get pendingBytes(): number {
    return this.tokenBytes + this.lexer.bufferedBytes + this.parser.partialStringLength;
  }

  /** Stop the current feed() after the byte being read. */
  halt(): void {
    this.halted = true;
  }

  /** End of input: an unfinished message is reported (QEMU's json_message_parser_flush). */
  flush(): void {
    this.lexer.flush();
  }

  partialString(bytes: Uint8Array, length: number): void {
    this.parser.partialString(bytes, length);
  }

  /** json_message_process_token(). */
  token(type: TokenType, bytes: Uint8Array, length: number): void {
    this.processToken(type, bytes, length);
    // Whatever became of it, the token is over (a string token decoded as it came is done).
    this.parser.endOfToken();
  }

  private processToken(type: TokenType, bytes: Uint8Array, length: number): void {
    switch (type) {
      case Token.LCURLY:
        this.braces++;
        break;
      case Token.RCURLY:
        this.braces--;
        break;
      case Token.LSQUARE:
        this.brackets++;
        break;
      case Token.RSQUARE:
        this.brackets--;
        break;
      case Token.ERROR:
        this.emit({ ok: false, error: `JSON parse error, stray '${decodeLossy(bytes, 0, length)}'` });
        return;
      case Token.END_OF_INPUT:
        if (this.tokenCount > 0) this.emit(this.parser.finish());
        return;
    }
    const limitError = this.limitError(length);
    if (limitError !== undefined) {
      this.emit({ ok: false, error: limitError });
      return;
    }
    this.tokenBytes += length;
    this.tokenCount++;
    this.parser.push(type, bytes, length);
    // The message goes on while something is open and nothing was closed too often.
    if ((this.braces > 0 || this.brackets > 0) && this.braces >= 0 && this.brackets >= 0) return;
    this.emit(this.parser.finish());
  }

  private limitError(length: number): string | undefined {
    if (this.tokenBytes + length + 1 > this.limits.maxTokenSize) return 'JSON token size limit exceeded';
    if (this.tokenCount + 1 > this.limits.maxTokenCount) return 'JSON token count limit exceeded';
    if (this.braces + this.brackets > this.limits.maxNesting) return 'JSON nesting depth limit exceeded';
    return undefined;
  }

  private emit(message: JsonMessage): void {
    this.braces = 0;
    this.brackets = 0;
    this.tokenCount = 0;
    this.tokenBytes = 0;
    this.parser.reset();
    this.onMessage(message);
  }
}
