/**
 * QEMU 10.2's doc-line format checks on inputs its suite does not hold. Every expected
 * message is what QEMU 10.2.2's front end printed for the same input.
 */
import { describe, expect, it } from 'vitest';
import { dialectFor } from '../../../generator/dialect/select.js';
import { loadSchema } from '../../../generator/frontend.js';
import { QAPIError } from '../../../generator/source/error.js';

/** A struct Foo documented by `body` (comment lines), whose first line is line 4. */
function errorFor(version: string, ...body: string[]): string {
  const text = `##\n# @Foo:\n#\n${body.join('\n')}\n##\n{ 'struct': 'Foo', 'data': { } }\n`;
  try {
    loadSchema('q.json', () => new TextEncoder().encode(text), dialectFor(version));
  } catch (err) {
    if (err instanceof QAPIError) return err.render();
    throw err;
  }
  return '';
}

const TWO_SPACES = 'Use two spaces between sentences\nIf this not the end of a sentence, please report a bug.';
const LONG = 'documentation line longer than 70 characters';

describe('QEMU 10.2 doc lines', () => {
  it.each([
    [['# Foo. Bar.'], `q.json:4:7: ${TWO_SPACES}`],
    // The column counts as if `# ` began the line, wherever the comment starts.
    [['  # Foo. Bar.'], `q.json:4:7: ${TWO_SPACES}`],
    [['\t# Some text. Bar here.'], `q.json:4:12: ${TWO_SPACES}`],
    [['# e.g. Foo'], ''],
    [['# 1. Foo and 2. Bar'], `q.json:4:16: ${TWO_SPACES}`],
    [['# (see x). Then'], `q.json:4:11: ${TWO_SPACES}`],
    [['# Wait! 9 more'], `q.json:4:8: ${TWO_SPACES}`],
    [['# Café. Été'], ''],
    [['# 😀 Foo. Bar'], `q.json:4:9: ${TWO_SPACES}`],
    [[`# ${'a'.repeat(67)}😀`], ''],
    [[`# ${'a'.repeat(68)}😀`], `q.json:4:1: ${LONG}`],
    [['# https://example.com/a/very/long/url/that/goes/on/and/on/and/on/forever/and/ever'], ''],
    [['#  https://example.com/a/very/long/url/that/goes/on/and/on/and/on/forever/and/ever x'], `q.json:4:1: ${LONG}`],
    [['# = Heading', '# Text.'], ''],
  ])('%j', (body, message) => {
    expect(errorFor('10.2', ...body)).toBe(message);
  });

  it('skips literal blocks, which end at a shallower line', () => {
    const literal = ['# ::', '#', `#   Long. ${'x'.repeat(70)}`, '#   X. Y'];
    expect(errorFor('10.2', ...literal)).toBe('');
    expect(errorFor('10.2', ...literal, '# Back. Out')).toBe(`q.json:8:8: ${TWO_SPACES}`);
    // A first literal line at indentation 0 sets no indent: the block runs to the end.
    expect(errorFor('10.2', '# ::', '#', '# Flush. Literal', '#  Still. In')).toBe('');
    expect(errorFor('10.2', '# .. qmp-example::', '#', '#    -> { "execute": "x" }.  Foo. Bar')).toBe('');
  });

  it('where QEMU 10.0 checks none of this, but rejects the heading', () => {
    expect(errorFor('10.0', '# Foo. Bar.')).toBe('');
    expect(errorFor('10.0', '# = Heading', '# Text.')).toBe("q.json:4:1: unexpected '=' markup in definition documentation");
  });
});
