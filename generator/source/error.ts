import type { SourceInfo } from './info.js';

/**
 * A schema error. QEMU stops at the first one; so do we. `render()` is the one place that
 * formats a message, byte for byte as QEMU's `QAPIError.__str__`.
 */
export class QAPIError extends Error {
  readonly info: SourceInfo | undefined;
  readonly msg: string;
  /** Only lexer, parser and doc-comment errors carry a column. */
  readonly col: number | undefined;

  constructor(info: SourceInfo | undefined, msg: string, col?: number) {
    super(msg);
    this.info = info;
    this.msg = msg;
    this.col = col;
    this.name = 'QAPIError';
  }

  render(): string {
    if (!this.info) return this.msg;
    let loc = this.info.contextLines() + this.info.location();
    if (this.col !== undefined) loc += `:${this.col}`;
    return `${loc}: ${this.msg}`;
  }
}

/** A semantic error: no column; the location is an expression's or a doc block's line. */
export function semError(info: SourceInfo | undefined, msg: string): QAPIError {
  return new QAPIError(info, msg);
}
