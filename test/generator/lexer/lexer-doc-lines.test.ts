/**
 * The lexer's doc-comment fast path (`acceptInDoc`) against the general `accept(false)` it
 * stands in for: on any sequence of lines, the same tokens, values, line numbers and errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QEMU_10_0 } from '../../../generator/dialect/qemu-10.0.js';
import { Lexer } from '../../../generator/lexer/lexer.js';
import { QAPIError } from '../../../generator/source/error.js';

/** Lines as doc blocks have them, and the odd ones a fast path must leave to `accept`. */
const LINE = fc.oneof(
  fc.constantFrom(
    '#',
    '##',
    '# ',
    '#  ',
    '#\t',
    '#x',
    '# @name: text',
    '# Since: 10.0',
    '  # indented',
    '\t# tab',
    '',
    '  ',
    "'str'",
    '{',
    'true',
    '!',
  ),
  fc.string({ unit: fc.constantFrom('#', ' ', 'a', '@', ':', '\t', "'", '\u00e9'), maxLength: 8 }),
  fc.string({ maxLength: 12 }).map((s) => `# ${s.replaceAll('\n', ' ').replaceAll('\r', ' ')}`),
);

type Step = { tok: string; text: string | undefined; line: number; infoLine: number } | { error: string };

/** Reads `n` tokens after the opening `##`, through `read`; an error ends the list. */
function tokens(src: string, n: number, read: (lex: Lexer) => string | undefined): Step[] {
  const lex = new Lexer(src, 'x.json', undefined, QEMU_10_0.strayWord);
  const steps: Step[] = [];
  try {
    lex.accept();
    for (let i = 0; i < n && lex.tok !== 'eof'; i++) {
      const text = read(lex);
      steps.push({ tok: lex.tok, text, line: lex.lineNumber, infoLine: lex.info.line });
    }
  } catch (err) {
    if (!(err instanceof QAPIError)) throw err;
    steps.push({ error: err.render() });
  }
  return steps;
}

/** A comment's text as DocLines takes it: after `# `; other tokens: their value as a string. */
const general = (lex: Lexer): string | undefined => {
  lex.accept(false);
  const val = lex.val;
  return lex.tok === '#' && typeof val === 'string' && val.startsWith('# ') ? val.slice(2) : val === undefined ? undefined : String(val);
};

/** The fast path: its own text for a `# text` line, else the token's value as above. */
const fast = (lex: Lexer): string | undefined => {
  const text = lex.acceptInDoc();
  if (text !== undefined) return text;
  const val = lex.val;
  return lex.tok === '#' && typeof val === 'string' && val.startsWith('# ') ? val.slice(2) : val === undefined ? undefined : String(val);
};

describe('the lexer inside doc comments', () => {
  it('reads every line as accept(false) does', () => {
    fc.assert(
      fc.property(fc.array(LINE, { maxLength: 12 }), (lines) => {
        const src = `##\n${lines.join('\n')}\n`;
        expect(tokens(src, 40, fast)).toEqual(tokens(src, 40, general));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a `# text` line in one step, with its line number', () => {
    const lex = new Lexer('##\n# one\n#\n# two  \n##\n', 'x.json', undefined, QEMU_10_0.strayWord);
    lex.accept();
    expect(lex.acceptInDoc()).toBe('one');
    expect([lex.tok, lex.val, lex.lineNumber]).toEqual(['#', '# one', 2]);
    expect(lex.acceptInDoc()).toBeUndefined(); // a bare `#` has no text
    expect([lex.tok, lex.val, lex.lineNumber]).toEqual(['#', '#', 3]);
    expect(lex.acceptInDoc()).toBe('two  '); // trailing spaces are the reader's business
    expect(lex.acceptInDoc()).toBeUndefined();
    expect([lex.tok, lex.val, lex.lineNumber]).toEqual(['#', '##', 5]);
  });
});
