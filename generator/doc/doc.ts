/**
 * What every stage after the parser sees of a doc comment block, whichever QEMU release's
 * reader made it (doc-7.2.ts, doc-10.0.ts): texts to print, and the checks QEMU runs on a
 * doc from the expression and schema stages.
 */
import type { QAPIObject } from '../parser/qapi-value.js';
import type { SourceInfo } from '../source/info.js';

/** A section's text, as QEMU keeps it once the block is closed. */
export interface DocText {
  readonly text: string;
}

/** A section after the members and features: tagged (`Since:`) or plain text. */
export interface DocSectionText extends DocText {
  /** The tag as written (`Since`, `Returns`, `Errors`, `TODO`, 7.2's `Note`...); undefined for plain text. */
  readonly name: string | undefined;
  /** What QEMU's test-qapi.py prints after `section=` (7.2: `None` for plain text; 10.0: `Plain`, `Todo`...). */
  readonly label: string;
}

export interface QAPIDoc {
  /** The definition the block documents; undefined for a free-form block. */
  readonly symbol: string | undefined;
  /** The line of the block's opening `##`. */
  readonly info: SourceInfo;
  readonly body: DocText;
  /** Member descriptions in doc order (then, in 10.0, the stubs of exempt members). */
  readonly args: ReadonlyMap<string, DocText>;
  readonly features: ReadonlyMap<string, DocText>;
  readonly sections: readonly DocSectionText[];

  /** The checks of the doc against its definition's expression (expr.py check_exprs, before check_keys). */
  checkExpr(meta: string, expr: QAPIObject): void;
  /**
   * A member (enum value, branch...) the doc should describe. `info` is the defining
   * definition's line; `exempt` says its symbol is in pragma documentation-exceptions.
   */
  connectMember(name: string, role: string, info: SourceInfo | undefined, exempt: boolean): void;
  /** A feature must be documented; `info` is where the error points. */
  connectFeature(name: string, info: SourceInfo | undefined): void;
  /** Every documented member and feature must exist. */
  check(): void;
}
