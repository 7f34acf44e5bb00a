/**
 * QEMU 10.2 reads doc blocks as 10.0 does, without 10.0's `=` heading checks, and checks the
 * format of every text line as it is read (parser.py `get_doc_line`,
 * `_validate_doc_line_format`): at most 70 columns with the `# ` (a lone URL excepted), two
 * spaces between sentences. Literal blocks are exempt: from a line that is only `::` (or
 * `.. qmp-example::`) up to a non-blank line indented less than the block's first line, or
 * the block's end.
 */
import type { DocReader } from '../dialect/dialect.js';
import type { Lexer } from '../lexer/lexer.js';
import { leadingSpaceLength, pyLen } from '../source/python.js';
import { paragraphDocReader } from './doc-block-10.0.js';

const LITERAL_START = /^(\.\. +qmp-example)? *::$/;
const LONE_URL = /^ *(https?|ftp):\/\/[^ ]*$/;
/**
 * A sentence end followed by one space and a capital, digit or `(`; `e.g.` and numbered list
 * items (`1. Foo`) match without the punctuation group and are let through. Python's `\b`
 * and `\d` are Unicode-aware, hence the property classes.
 */
const ONE_SPACE_AFTER_SENTENCE = /((?<![\p{L}\p{N}_])e\.g\.|^ *\p{Nd}\.|([.!?])) [A-Z0-9(]/gu;

function checkLineFormat(lex: Lexer, line: string): void {
  if (line.length + 2 > 70 && pyLen(line) + 2 > 70 && !LONE_URL.test(line)) {
    throw lex.error('documentation line longer than 70 characters');
  }
  ONE_SPACE_AFTER_SENTENCE.lastIndex = 0;
  for (let m = ONE_SPACE_AFTER_SENTENCE.exec(line); m; m = ONE_SPACE_AFTER_SENTENCE.exec(line)) {
    if (m[2] === undefined) continue;
    // QEMU points just after the punctuation, counting as if the comment's `# ` began the line.
    throw lex.errorAtLineOffset(
      2 + m.index + m[1]!.length,
      'Use two spaces between sentences\nIf this not the end of a sentence, please report a bug.',
    );
  }
}

/** Checks each text line unless it is inside a literal block (state per doc block). */
function newLineCheck(): (lex: Lexer, line: string) => void {
  let literal = false;
  let literalIndent = 0;
  return (lex, line) => {
    if (LITERAL_START.test(line)) {
      literal = true;
      literalIndent = 0;
    } else if (literal && line) {
      const indent = leadingSpaceLength(line);
      if (literalIndent === 0) literalIndent = indent;
      else if (indent < literalIndent) literal = false;
    }
    if (!literal) checkLineFormat(lex, line);
  };
}

export const readDocBlock102: DocReader = paragraphDocReader({ headings: false, newLineCheck });
