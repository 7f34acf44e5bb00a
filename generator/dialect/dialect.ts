/**
 * A QEMU release's dialect of QAPI: everything in which its front end differs from another
 * release's, as data and small functions, handed to each stage of the one pipeline (lexer,
 * parser, doc reader, expression checks, schema, dump). A release is one file beside this one
 * (qemu-7.2.ts, qemu-10.0.ts, qemu-10.2.ts); select.ts picks one by version. Stages read a switch once per
 * definition or per file, never per token or per doc line.
 */
import type { QAPIDoc } from '../doc/doc.js';
import type { TypeChecks } from '../expr/type-checks.js';
import type { Lexer } from '../lexer/lexer.js';
import type { SourceInfo } from '../source/info.js';

/** The QEMU releases qapi-ts is exact to. */
export type QemuVersion = '7.2' | '10.0' | '10.2';

/** The pragmas QEMU's parser knows (`QAPISchemaParser._pragma`). */
export type PragmaName =
  | 'doc-required'
  | 'command-name-exceptions'
  | 'command-returns-exceptions'
  | 'member-name-exceptions'
  | 'documentation-exceptions';

/**
 * Reads one doc comment block, the lexer on its opening `##`; returns its docs (QEMU 7.2 splits
 * a free-form block at headings) with the lexer on the token after the block.
 */
export type DocReader = (lex: Lexer, info: SourceInfo) => QAPIDoc[];

export interface Dialect {
  readonly qemu: QemuVersion;

  // Lexer and parser
  /** The word `stray '...'` names, matched (sticky) at the stray character. */
  readonly strayWord: RegExp;
  readonly pragmas: ReadonlySet<PragmaName>;
  readonly readDocBlock: DocReader;

  // Expression checks
  /** How each position checks a type expression, and the messages it gives. */
  readonly typeChecks: TypeChecks;

  // Schema
  /** A union branch may itself be a union (10.0); 7.2 wants a struct. */
  readonly nestedUnions: boolean;
  /**
   * A command or event checks its argument type when it is checked itself, and rejects
   * conditional arguments unless boxed (10.0); 7.2 checks a named type at its own place.
   */
  readonly eagerArguments: boolean;
  /** Messages name the definition owning an implicit type's member (`of command 'c'`: 10.0). */
  readonly describeImplicitOwner: boolean;
  /**
   * Doc blocks are checked for bogus descriptions after every entity is checked, in parse
   * order (10.0); 7.2 checks each with its entity.
   */
  readonly docsCheckedLast: boolean;
  /** The most feature names a schema may use, `deprecated` and `unstable` included (10.0: 64). */
  readonly maxFeatures: number | undefined;
  /** The built-in enum QType's prefix (7.2: `QTYPE`; 10.0: none). */
  readonly qtypePrefix: string | undefined;
}
