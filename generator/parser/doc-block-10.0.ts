/**
 * Reads one `##` ... `##` block as QEMU 10.0 does (parser.py `get_doc` and its helpers): one
 * doc per block, read paragraph by paragraph; tags and `@name:` count only where a paragraph
 * starts. Returns after the token that follows the block has been read, then closes the doc
 * (so a lexer error there beats the doc's own `text required` errors, as in QEMU).
 * Later releases read the same way with other line rules (doc-block-10.2.ts).
 */
import type { DocReader } from '../dialect/dialect.js';
import { Doc100 } from '../doc/doc-10.0.js';
import type { Lexer } from '../lexer/lexer.js';
import type { SourceInfo } from '../source/info.js';
import { leadingSpaceLength, pyRstrip } from '../source/python.js';

/**
 * Where the colon of `@name:` is when `line` starts with one (QEMU's `^@([^:]*): *`: the name
 * may hold anything but `:`, spaces included), else -1. Tested on most doc lines, hence no regex.
 */
function argColon(line: string): number {
  return line.charCodeAt(0) === 0x40 ? line.indexOf(':') : -1;
}

/** Where the text after a tag or `@name:` starts: past the spaces at `i`. */
function skipSpaces(line: string, i: number): number {
  while (line.charCodeAt(i) === 0x20) i++;
  return i;
}
const TAG = /^(Returns|Errors|Since|Notes?|Examples?|TODO)(?!::): */;
const TAG_KINDS = { Returns: 'Returns', Errors: 'Errors', Since: 'Since', TODO: 'Todo' } as const;

/** What differs between the releases that read doc blocks this way. */
export interface DocLineRules {
  /** `=` lines are checked (10.0: only a free-form block's first line may be a heading). */
  readonly headings: boolean;
  /** A new per-block check of each text line as it is read (10.2's line format); may throw a parse error. */
  readonly newLineCheck?: () => (lex: Lexer, line: string) => void;
}

/** A doc block's lines, one comment token at a time. */
class DocLines {
  private readonly check: ((lex: Lexer, line: string) => void) | undefined;
  readonly lex: Lexer;
  readonly headings: boolean;

  constructor(lex: Lexer, rules: DocLineRules) {
    this.lex = lex;
    this.headings = rules.headings;
    this.check = rules.newLineCheck?.();
  }

  /** The current comment line: null at the closing `##`, '' for a blank line, else its text. */
  current(): string | null {
    const lex = this.lex;
    if (lex.tok !== '#') throw lex.error("documentation comment must end with '##'");
    const value = lex.val as string;
    if (value.startsWith('##')) {
      if (value !== '##') throw lex.error("junk after '##' at end of documentation comment");
      return null;
    }
    if (value === '#') return '';
    if (value[1] !== ' ') throw lex.error('missing space after #');
    const line = pyRstrip(value.slice(2));
    if (this.check) this.check(lex, line);
    return line;
  }

  next(): string | null {
    const text = this.lex.acceptInDoc();
    if (text === undefined) return this.current();
    const line = pyRstrip(text);
    if (this.check) this.check(this.lex, line);
    return line;
  }
}

/** The doc reader of a release that reads doc blocks paragraph by paragraph. */
export function paragraphDocReader(rules: DocLineRules): DocReader {
  return (lex, info) => {
    if (lex.val !== '##') throw lex.error("junk after '##' at start of documentation comment");
    const lines = new DocLines(lex, rules);
    const first = lines.next();
    const doc = first !== null && first.startsWith('@') ? readDefinitionDoc(lines, info, first) : readFreeFormDoc(lines, info, first);
    lex.accept();
    doc.end();
    return [doc];
  };
}

export const readDocBlock100: DocReader = paragraphDocReader({ headings: true });

function readFreeFormDoc(lines: DocLines, info: SourceInfo, first: string | null): Doc100 {
  const lex = lines.lex;
  const doc = new Doc100(info);
  doc.ensureUntaggedSection(lex.lineNumber);
  let line = first;
  let isFirst = true;
  while (line !== null) {
    const colon = argColon(line);
    if (colon >= 0) throw lex.error(`'${line.slice(0, colon + 1)}' not allowed in free-form documentation`);
    if (lines.headings && line.startsWith('=') && !isFirst) throw lex.error("'=' heading must come first in a comment block");
    doc.appendLine(line);
    line = lines.next();
    isFirst = false;
  }
  return doc;
}

function readDefinitionDoc(lines: DocLines, info: SourceInfo, symbolLine: string): Doc100 {
  const lex = lines.lex;
  if (!symbolLine.endsWith(':')) throw lex.error("line should end with ':'");
  const symbol = symbolLine.slice(1, -1);
  if (!symbol) throw lex.error("name required after '@'");
  const doc = new Doc100(info, symbol);
  let line = lines.next();
  let noMoreArgs = false;
  while (line !== null) {
    while (line === '') line = lines.next();
    if (line === null) break;
    let colon: number;
    let match: RegExpExecArray | null;
    if (line === 'Features:') {
      if (doc.features.size > 0) throw lex.error("duplicated 'Features:' line");
      line = lines.next();
      while (line === '') line = lines.next();
      while (line !== null && (colon = argColon(line)) >= 0) {
        doc.newFeature(lex.lineNumber, line.slice(1, colon));
        line = describe(lines, doc, line, skipSpaces(line, colon + 1));
      }
      if (doc.features.size === 0) throw lex.error('feature descriptions expected');
      noMoreArgs = true;
    } else if ((colon = argColon(line)) >= 0) {
      if (noMoreArgs) throw lex.error(`description of '${line.slice(0, colon + 1)}' follows a section`);
      while (line !== null && (colon = argColon(line)) >= 0) {
        doc.newArgument(lex.lineNumber, line.slice(1, colon));
        line = describe(lines, doc, line, skipSpaces(line, colon + 1));
      }
      noMoreArgs = true;
    } else if ((match = TAG.exec(line))) {
      const tag = match[1]!;
      if (tag.includes('Note')) {
        throw lex.error(
          `The '${tag}' section is no longer supported. Please use rST's '.. note::' or ` +
            "'.. admonition:: notes' directives, or another suitable admonition instead.",
        );
      }
      if (tag.includes('Example')) {
        throw lex.error(
          `The '${tag}' section is no longer supported. Please use the '.. qmp-example::' ` +
            'directive, or other suitable markup instead.',
        );
      }
      doc.newTaggedSection(lex.lineNumber, TAG_KINDS[tag as keyof typeof TAG_KINDS]);
      line = describe(lines, doc, line, match[0].length);
      noMoreArgs = true;
    } else if (lines.headings && line.startsWith('=')) {
      throw lex.error("unexpected '=' markup in definition documentation");
    } else {
      doc.ensureUntaggedSection(lex.lineNumber);
      doc.appendLine(line);
      line = readParagraph(lines, doc);
    }
  }
  return doc;
}

/** The text after a tag or `@name:` (from `start`), then its indented block; returns the first line after it. */
function describe(lines: DocLines, doc: Doc100, line: string, start: number): string | null {
  if (start < line.length) doc.appendLine(line.slice(start));
  return readIndented(lines, doc);
}

/**
 * The continuation of a description (`get_doc_indented`): the first non-blank line sets the
 * indent; only the line right after it can fail the indent check, because QEMU's
 * "previous line blank" flag is set after every line it keeps.
 */
function readIndented(lines: DocLines, doc: Doc100): string | null {
  let line = lines.next();
  while (line === '') {
    doc.appendLine(line);
    line = lines.next();
  }
  if (line === null) return null;
  const indent = leadingSpaceLength(line);
  if (indent === 0) return line;
  doc.appendLine(line);
  let prevLineBlank = false;
  for (;;) {
    line = lines.next();
    if (line === null || argColon(line) >= 0) return line;
    if (line !== '' && leadingSpaceLength(line) < indent) {
      if (prevLineBlank) return line;
      throw lines.lex.error(`unexpected de-indent (expected at least ${indent} spaces)`);
    }
    doc.appendLine(line);
    prevLineBlank = true;
  }
}

/** The rest of a plain paragraph: up to a blank line (returned as '') or the block's end. */
function readParagraph(lines: DocLines, doc: Doc100): string | null {
  for (;;) {
    const line = lines.next();
    if (line === null || line === '') return line;
    doc.appendLine(line);
  }
}
