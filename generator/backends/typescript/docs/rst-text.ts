/**
 * QEMU's doc text is reStructuredText (QEMU 10.0 leans on it: `.. qmp-example::`,
 * `.. note::`, literal blocks after `::`, indented lists). Editors render TSDoc as Markdown and
 * fold indented lines into the paragraph above, so the indentation that carries rST's meaning
 * is turned into Markdown that keeps it: directives become a labelled paragraph (`Note: ...`)
 * or a fenced block (examples, literal blocks, tables), and ``literal`` becomes `literal`.
 * The words are all kept; only rST's markup changes.
 */

/** A directive line: `.. name:: argument`. */
const DIRECTIVE = /^\.\. ([\w-]+)::[ ]?(.*)$/u;
/** A directive's option line: `:title: Text`, `:annotated:`. */
const OPTION = /^:([\w-]+):[ ]?(.*)$/u;

/** Admonitions: their content is prose, shown as a labelled paragraph. */
const ADMONITIONS: ReadonlySet<string> = new Set([
  'note',
  'caution',
  'warning',
  'important',
  'tip',
  'hint',
  'danger',
  'attention',
  'error',
  'admonition',
]);

export function rstToMarkdown(text: string): string {
  // Most doc text has neither a directive, a literal block nor an inline literal.
  if (!text.includes('::') && !text.includes('``')) return text;
  let fenced = false;
  return convertLines(text.split('\n'))
    .map((line) => {
      if (line === FENCE) fenced = !fenced;
      return fenced || line === FENCE ? line : line.replace(/``([^`\n]+)``/gu, '`$1`');
    })
    .join('\n');
}

const FENCE = '```';

function convertLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const directive = DIRECTIVE.exec(line.trimStart());
    if (directive !== null && indentOf(line) === 0) {
      const end = blockEnd(lines, i + 1, 0);
      out.push(...convertDirective(directive[1]!, directive[2]!, lines.slice(i + 1, end)));
      i = end;
    } else if (line.trimEnd().endsWith('::') && isIndentedBlockAfter(lines, i)) {
      const end = blockEnd(lines, i + 1, indentOf(line));
      const lead = line.trimEnd().slice(0, -2).trimEnd();
      // rST: `text::` reads as `text:`, a bare `::` is only the marker.
      if (lead !== '') out.push(/\s$/u.test(line.trimEnd().slice(0, -2)) ? lead : `${lead}:`);
      out.push(...fence(lines.slice(i + 1, end)));
      i = end;
    } else {
      out.push(line);
      i++;
    }
  }
  return out;
}

function convertDirective(name: string, argument: string, body: readonly string[]): string[] {
  const content = dedent(body);
  const options = new Map<string, string>();
  while (content.length > 0 && OPTION.test(content[0]!)) {
    const [, key, value] = OPTION.exec(content.shift()!)!;
    options.set(key!, value!);
  }
  if (ADMONITIONS.has(name)) {
    // `.. note:: text` starts the note's text; `.. admonition:: Title` names it.
    const first = name === 'admonition' ? `${argument}:` : `${capitalize(name)}:${argument === '' ? '' : ` ${argument}`}`;
    return [first, ...convertLines(trimBlank(content))];
  }
  if (name === 'qmp-example') {
    const title = options.get('title');
    const label = title === undefined ? 'Example:' : `Example: ${title}`;
    // An annotated example is prose with literal blocks of its own; a plain one is all wire traffic.
    return options.has('annotated') ? [label, '', ...convertLines(trimBlank(content))] : [label, ...fence(content)];
  }
  return [`${capitalize(name)}:${argument === '' ? '' : ` ${argument}`}`, ...fence(content)];
}

/** A fenced block of the lines, dedented; blank lines around it dropped. */
function fence(lines: readonly string[]): string[] {
  const body = trimBlank(dedent(lines));
  return body.length === 0 ? [] : [FENCE, ...body, FENCE];
}

/** The index after the block of lines indented deeper than `indent` (blank lines inside it included). */
function blockEnd(lines: readonly string[], start: number, indent: number): number {
  let end = start;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (indentOf(line) <= indent) break;
    end = i + 1;
  }
  return end;
}

function isIndentedBlockAfter(lines: readonly string[], i: number): boolean {
  const next = lines.slice(i + 1).find((l) => l.trim() !== '');
  return next !== undefined && indentOf(next) > indentOf(lines[i]!);
}

/** The lines with their common indentation removed (and trailing blanks). */
export function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map(indentOf);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(Math.min(cut, indentOf(l))).trimEnd());
}

function trimBlank(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
