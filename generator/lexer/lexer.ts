import { QAPIError } from '../source/error.js';
import { SourceInfo } from '../source/info.js';
import { PY_SPACE, isPySpace } from '../source/python.js';

/**
 * A token kind: a structural character, a string (`'`), a boolean (`t`/`f`, as QEMU names
 * them), a comment (`#`, only returned inside doc blocks or for `##` doc comments), or EOF.
 */
export type TokenKind = '{' | '}' | '[' | ']' | ':' | ',' | "'" | 't' | 'f' | '#' | 'eof';

/** A string body without escapes, and its closing quote: printable ASCII but `\\` and `'`. */
const PLAIN_STRING = /[\x20-\x26\x28-\x5b\x5d-\x7e]*'/y;
/**
 * The word `stray '...'` names in QEMU 7.2: up to a structural character, space, `'` or `"`.
 * (QEMU 10.0 no longer stops at `"`: its dialect passes its own.)
 */
export const STRAY_WORD_7_2 = new RegExp(`[^\\[\\]{}:,${PY_SPACE}'"]+`, 'uy');

/**
 * QEMU's lexer (parser.py `accept`): one token at a time, on demand, because what counts as a
 * token (comments) depends on where the parser is. The source must already end in `\n` and
 * have its newlines translated.
 */
export class Lexer {
  tok: TokenKind = 'eof';
  /** String content, boolean value, or comment text of the current token. */
  val: string | boolean | undefined;
  private lineInfo: SourceInfo | undefined;
  private line = 1;
  private readonly fname: string;
  private readonly parent: SourceInfo | undefined;
  private pos = 0;
  private cursor = 0;
  private linePos = 0;
  private readonly src: string;
  private readonly strayWordPattern: RegExp;

  constructor(src: string, fname: string, parent: SourceInfo | undefined, strayWord: RegExp) {
    this.src = src;
    this.fname = fname;
    this.parent = parent;
    this.strayWordPattern = strayWord;
  }

  /** The number of the line the current token is on. */
  get lineNumber(): number {
    return this.line;
  }

  /**
   * The line the current token is on. One object per line, made when first asked for: most
   * lines (doc text) never need one.
   */
  get info(): SourceInfo {
    return (this.lineInfo ??= new SourceInfo(this.fname, this.line, this.parent));
  }

  /** A parse error at the current token, with QEMU's column. */
  error(msg: string): QAPIError {
    return new QAPIError(this.info, msg, this.column());
  }

  /**
   * A parse error whose column QEMU computes as if the error were `offset` characters into the
   * current line (QEMU 10.2 points into doc comment text that way, assuming the comment's `#`
   * starts the line).
   */
  errorAtLineOffset(offset: number, msg: string): QAPIError {
    return new QAPIError(this.info, msg, this.column(this.linePos + offset));
  }

  /** QEMU's column rule, including its TAB arithmetic (a TAB at columns 1..8 does not advance). */
  private column(end = this.pos): number {
    let col = 1;
    for (const ch of this.src.slice(this.linePos, end)) {
      col = ch === '\t' ? ((col + 7) % 8) + 1 : col + 1;
    }
    return col;
  }

  /** Moves to the next token. Plain comments are skipped unless `skipComment` is false. */
  accept(skipComment = true): void {
    const src = this.src;
    // The cursor lives in a local while scanning: this runs once per token, mostly cold.
    let i = this.cursor;
    for (;;) {
      // Fast path: the blanks that indent every schema line.
      let code = src.charCodeAt(i);
      while (code === 0x20 || code === 0x09) code = src.charCodeAt(++i);
      const pos = i++;
      this.pos = pos;
      switch (code) {
        case 0x23: // '#'
          if (src.charCodeAt(i) === 0x23) skipComment = false;
          i = src.indexOf('\n', i);
          if (skipComment) continue;
          return this.setToken('#', i, src.slice(pos, i));
        case 0x7b: // { } [ ] : ,
        case 0x7d:
        case 0x5b:
        case 0x5d:
        case 0x3a:
        case 0x2c:
          return this.setToken(src[pos] as TokenKind, i, undefined);
        case 0x27: // "'"
          PLAIN_STRING.lastIndex = i;
          if (PLAIN_STRING.test(src)) return this.setToken("'", PLAIN_STRING.lastIndex, src.slice(i, PLAIN_STRING.lastIndex - 1));
          this.cursor = i;
          this.val = this.readString(); // escapes, or an error: moves the cursor past the string
          this.tok = "'";
          return;
        case 0x0a: // '\n'
          if (i === src.length) return this.setToken('eof', i, undefined);
          this.line++;
          this.lineInfo = undefined;
          this.linePos = i;
          continue;
      }
      if (src.startsWith('true', pos)) return this.setToken('t', pos + 4, true);
      if (src.startsWith('false', pos)) return this.setToken('f', pos + 5, false);
      if (!isPySpace(src[pos]!)) throw this.error(`stray '${this.strayWord()}'`);
    }
  }

  /**
   * `accept(false)` inside a doc comment. A doc line starts with `#` right after the newline (a
   * QMP schema has some 20,000): that case is read here in one step and, for a `# text` line,
   * `text` is returned. Any other line goes through `accept` (and undefined is returned).
   */
  acceptInDoc(): string | undefined {
    const src = this.src;
    const start = this.cursor + 1;
    if (src.charCodeAt(start) !== 0x23 || src.charCodeAt(start - 1) !== 0x0a) {
      this.accept(false);
      return undefined;
    }
    const end = src.indexOf('\n', start);
    this.line++;
    this.lineInfo = undefined;
    this.linePos = start;
    this.pos = start;
    this.setToken('#', end, src.slice(start, end));
    return src.charCodeAt(start + 1) === 0x20 ? src.slice(start + 2, end) : undefined;
  }

  private setToken(tok: TokenKind, end: number, val: string | boolean | undefined): void {
    this.tok = tok;
    this.cursor = end;
    this.val = val;
  }

  /** The word QEMU names in `stray '...'`; a lone `"` (where QEMU 7.2 crashes) names itself. */
  private strayWord(): string {
    const pattern = this.strayWordPattern;
    pattern.lastIndex = this.pos;
    const m = pattern.exec(this.src);
    return m ? m[0] : String.fromCodePoint(this.src.codePointAt(this.pos)!);
  }

  /**
   * Reads a string body after its opening quote, the slow way: only `\\` is an escape, only
   * printable ASCII is allowed. Plain strings never get here (see PLAIN_STRING).
   */
  private readString(): string {
    const src = this.src;
    let text = '';
    let escaped = false;
    for (;;) {
      const ch = src[this.cursor]!;
      this.cursor++;
      if (ch === '\n') throw this.error(`missing terminating "'"`);
      if (escaped) {
        if (ch !== '\\') throw this.error(`unknown escape \\${this.escapedChar()}`);
        escaped = false;
      } else if (ch === '\\') {
        escaped = true;
        continue;
      } else if (ch === "'") {
        return text;
      }
      const code = ch.charCodeAt(0);
      if (code < 32 || code >= 127) throw this.error('funny character in string');
      text += ch;
    }
  }

  /** The whole code point after a backslash (which may be a surrogate pair). */
  private escapedChar(): string {
    return String.fromCodePoint(this.src.codePointAt(this.cursor - 1)!);
  }
}
