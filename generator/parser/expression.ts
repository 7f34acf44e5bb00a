import type { SourceInfo } from '../source/info.js';
import type { QAPIDoc } from '../doc/doc.js';
import type { QAPIObject } from './qapi-value.js';

/** One top-level expression as parsed: a definition, or the marker an include leaves. */
export type ParsedExpression =
  | { readonly kind: 'definition'; readonly expr: QAPIObject; readonly info: SourceInfo; readonly doc: QAPIDoc | undefined }
  | { readonly kind: 'include'; readonly path: string; readonly info: SourceInfo };

/** Pragma state: one object for the whole schema, the last value of each pragma wins. */
export interface Pragmas {
  docRequired: boolean;
  commandNameExceptions: string[];
  commandReturnsExceptions: string[];
  memberNameExceptions: string[];
  /** QEMU 10.0: definitions whose members may stay undocumented. */
  documentationExceptions: string[];
}

/** What the parser hands on: every expression and every doc block, in parse order. */
export interface ParseResult {
  readonly exprs: ParsedExpression[];
  readonly docs: QAPIDoc[];
  readonly pragmas: Pragmas;
}
