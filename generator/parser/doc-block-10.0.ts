/**
 * Reads one `##` ... `##` block as QEMU 10.0 does (parser.py `get_doc` and its helpers): one
 * doc per block, read paragraph by paragraph; tags and `@name:` count only where a paragraph
 * starts. Returns after the token that follows the block has been read, then closes the doc
 * (so a lexer error there beats the doc's own `text required` errors, as in QEMU).
 */
import { Doc100 } from '../doc/doc-10.0.js';
import type { QAPIDoc } from '../doc/doc.js';
import type { Lexer } from '../lexer/lexer.js';
import type { SourceInfo } from '../source/info.js';
import { leadingSpaceLength, pyRstrip } from '../source/pytext.js';

/** `@name: ` at the start of a line (the name may hold anything but `:`, spaces included). */
const AT_NAME_COLON = /^@([^:]*): */;
const TAG = /^(Returns|Errors|Since|Notes?|Examples?|TODO)(?!::): */;
const TAG_KINDS = { Returns: 'Returns', Errors: 'Errors', Since: 'Since', TODO: 'Todo' } as const;

/** The current comment line: null at the closing `##`, '' for a blank line, else its text. */
function docLine(lex: Lexer): string | null {
  if (lex.tok !== '#') throw lex.error("documentation comment must end with '##'");
  const value = lex.val as string;
  if (value.startsWith('##')) {
    if (value !== '##') throw lex.error("junk after '##' at end of documentation comment");
    return null;
  }
  if (value === '#') return '';
  if (value[1] !== ' ') throw lex.error('missing space after #');
  return pyRstrip(value.slice(2));
}

function nextLine(lex: Lexer): string | null {
  lex.accept(false);
  return docLine(lex);
}

export function readDocBlock100(lex: Lexer, info: SourceInfo): QAPIDoc[] {
  if (lex.val !== '##') throw lex.error("junk after '##' at start of documentation comment");
  const first = nextLine(lex);
  const doc = first !== null && first.startsWith('@') ? readDefinitionDoc(lex, info, first) : readFreeFormDoc(lex, info, first);
  lex.accept();
  doc.end();
  return [doc];
}

function readFreeFormDoc(lex: Lexer, info: SourceInfo, first: string | null): Doc100 {
  const doc = new Doc100(info);
  doc.ensureUntaggedSection(lex.info);
  let line = first;
  let isFirst = true;
  while (line !== null) {
    const match = AT_NAME_COLON.exec(line);
    if (match) throw lex.error(`'@${match[1]!}:' not allowed in free-form documentation`);
    if (line.startsWith('=') && !isFirst) throw lex.error("'=' heading must come first in a comment block");
    doc.appendLine(line);
    line = nextLine(lex);
    isFirst = false;
  }
  return doc;
}

function readDefinitionDoc(lex: Lexer, info: SourceInfo, symbolLine: string): Doc100 {
  if (!symbolLine.endsWith(':')) throw lex.error("line should end with ':'");
  const symbol = symbolLine.slice(1, -1);
  if (!symbol) throw lex.error("name required after '@'");
  const doc = new Doc100(info, symbol);
  let line = nextLine(lex);
  let noMoreArgs = false;
  while (line !== null) {
    while (line === '') line = nextLine(lex);
    if (line === null) break;
    let match: RegExpExecArray | null;
    if (line === 'Features:') {
      if (doc.features.size > 0) throw lex.error("duplicated 'Features:' line");
      line = nextLine(lex);
      while (line === '') line = nextLine(lex);
      while (line !== null && (match = AT_NAME_COLON.exec(line))) {
        doc.newFeature(lex.info, match[1]!);
        line = describe(lex, doc, line, match);
      }
      if (doc.features.size === 0) throw lex.error('feature descriptions expected');
      noMoreArgs = true;
    } else if ((match = AT_NAME_COLON.exec(line))) {
      if (noMoreArgs) throw lex.error(`description of '@${match[1]!}:' follows a section`);
      while (line !== null && (match = AT_NAME_COLON.exec(line))) {
        doc.newArgument(lex.info, match[1]!);
        line = describe(lex, doc, line, match);
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
      doc.newTaggedSection(lex.info, TAG_KINDS[tag as keyof typeof TAG_KINDS]);
      line = describe(lex, doc, line, match);
      noMoreArgs = true;
    } else if (line.startsWith('=')) {
      throw lex.error("unexpected '=' markup in definition documentation");
    } else {
      doc.ensureUntaggedSection(lex.info);
      doc.appendLine(line);
      line = readParagraph(lex, doc);
    }
  }
  return doc;
}

/** The text after a tag or `@name:`, then its indented block; returns the first line after it. */
function describe(lex: Lexer, doc: Doc100, line: string, match: RegExpExecArray): string | null {
  const text = line.slice(match[0].length);
  if (text) doc.appendLine(text);
  return readIndented(lex, doc);
}

/**
 * The continuation of a description (`get_doc_indented`): the first non-blank line sets the
 * indent; only the line right after it can fail the indent check, because QEMU's
 * "previous line blank" flag is set after every line it keeps.
 */
function readIndented(lex: Lexer, doc: Doc100): string | null {
  let line = nextLine(lex);
  while (line === '') {
    doc.appendLine(line);
    line = nextLine(lex);
  }
  if (line === null) return null;
  const indent = leadingSpaceLength(line);
  if (indent === 0) return line;
  doc.appendLine(line);
  let prevLineBlank = false;
  for (;;) {
    line = nextLine(lex);
    if (line === null || AT_NAME_COLON.test(line)) return line;
    if (line !== '' && leadingSpaceLength(line) < indent) {
      if (prevLineBlank) return line;
      throw lex.error(`unexpected de-indent (expected at least ${indent} spaces)`);
    }
    doc.appendLine(line);
    prevLineBlank = true;
  }
}

/** The rest of a plain paragraph: up to a blank line (returned as '') or the block's end. */
function readParagraph(lex: Lexer, doc: Doc100): string | null {
  for (;;) {
    const line = nextLine(lex);
    if (line === null || line === '') return line;
    doc.appendLine(line);
  }
}
