import type { SourceInfo } from './info.js';

/**
 * A schema error (`qapi-ts/generator` exports the class): every error in a schema or in reading
 * its files is one. QEMU stops at the first one; so do we. `message` is the whole text the CLI prints (include chain,
 * definition context, `file:line[:column]: ...`), byte for byte as QEMU's `QAPIError.__str__`;
 * `file`, `line` and `column` say where, for tools that point at the source.
 */
export class QAPIError extends Error {
  readonly info: SourceInfo | undefined;
  /** The message alone, without location or context. */
  readonly msg: string;
  /** Only lexer, parser and doc-comment errors carry a column (1-based, QEMU's rule for TABs). */
  readonly col: number | undefined;

  constructor(info: SourceInfo | undefined, msg: string, col?: number) {
    super(rendered(info, msg, col));
    this.info = info;
    this.msg = msg;
    this.col = col;
    this.name = 'QAPIError';
  }

  /** The schema file the error is in, as the schema named it (undefined for an error about no file). */
  get file(): string | undefined {
    return this.info?.fname;
  }

  /** 1-based line in `file`. */
  get line(): number | undefined {
    return this.info?.line;
  }

  get column(): number | undefined {
    return this.col;
  }

  /** The text the CLI prints (without the final newline). */
  render(): string {
    return rendered(this.info, this.msg, this.col);
  }
}

function rendered(info: SourceInfo | undefined, msg: string, col: number | undefined): string {
  if (!info) return msg;
  let loc = info.contextLines() + info.location();
  if (col !== undefined) loc += `:${col}`;
  return `${loc}: ${msg}`;
}

/** A semantic error: no column; the location is an expression's or a doc block's line. */
export function semError(info: SourceInfo | undefined, msg: string): QAPIError {
  return new QAPIError(info, msg);
}
