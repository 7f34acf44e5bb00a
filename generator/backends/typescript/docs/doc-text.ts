/**
 * QEMU doc comments -> TSDoc text. The rST is made Markdown (rst-text.ts); QAPI's `@name`
 * references become code spans (as QEMU's own doc generator renders them), which also keeps
 * TSDoc from reading them as tags.
 */
import type { QAPIDoc } from '../../../doc/doc.js';
import { dedent, rstToMarkdown } from './rst-text.js';
import type { DocComment } from './tsdoc.js';

const REFERENCE = /(?<![\w@])@([\w.-]*\w)/gu;

/** Free text of a doc section, safe inside `/** *\/`; fenced blocks are left verbatim. */
export function docText(text: string): string {
  const markdown = rstToMarkdown(text);
  if (!markdown.includes('```')) return escapeCommentEnd(markdown.replace(REFERENCE, '`$1`'));
  let fenced = false;
  const lines = markdown.split('\n').map((line) => {
    if (line === '```') fenced = !fenced;
    else if (fenced) return line.replace(/^@/u, '\\@');
    else return line.replace(REFERENCE, '`$1`');
    return line;
  });
  return escapeCommentEnd(lines.join('\n'));
}

/** A tag's text that is a list or more than a line starts on a line of its own, dedented. */
function blockText(text: string): string {
  const converted = docText(dedent(text.split('\n')).join('\n').trim());
  return converted.includes('\n') || /^[-*] /u.test(converted) ? `\n${converted}` : converted;
}

/** Example text stays verbatim (it is QMP wire traffic), only made safe for the comment. */
function exampleText(text: string): string {
  return escapeCommentEnd(text).replace(/^@/gmu, '\\@');
}

function escapeCommentEnd(text: string): string {
  return text.replaceAll('*/', '*\\/');
}

/** The description of a member, enum value, branch or feature, if the doc has one. */
export function describedName(doc: QAPIDoc | undefined, name: string): string | undefined {
  const text = doc?.args.get(name)?.text;
  return text ? docText(text) : undefined;
}

export function describedFeature(doc: QAPIDoc | undefined, name: string): string | undefined {
  const text = doc?.features.get(name)?.text;
  return text ? docText(text) : undefined;
}

/** The body of a definition's doc: its first paragraphs. */
export function addBody(comment: DocComment, doc: QAPIDoc | undefined): void {
  if (doc) comment.paragraph(docText(doc.body.text));
}

export interface SectionOptions {
  /** Print `Returns:` (as `@returns`): the command's own entry does, its argument type does not. */
  readonly returns?: boolean;
}

/**
 * The tagged and untagged sections after the members: `Since:` becomes `@since`, `Returns:`
 * `@returns`, `Errors:` `@throws`, examples `@example`, notes stay labelled paragraphs.
 */
export function addSections(comment: DocComment, doc: QAPIDoc | undefined, options: SectionOptions = {}): void {
  for (const section of doc?.sections ?? []) {
    switch (section.name) {
      case 'Since':
        comment.tag('since', docText(section.text));
        break;
      case 'Example':
      case 'Examples':
        comment.tag('example', `\n${exampleText(section.text)}`);
        break;
      case 'Returns':
        if (options.returns === true) comment.tag('returns', docText(section.text));
        break;
      case 'Errors':
        comment.tag('throws', blockText(section.text));
        break;
      case undefined:
        comment.paragraph(docText(section.text));
        break;
      default:
        comment.paragraph(`${section.name}: ${docText(section.text)}`);
    }
  }
}

/** A free-form doc block (a section heading or prose) as plain lines. */
export function freeFormText(doc: QAPIDoc): string {
  return doc.body.text.replace(/^=+\s*/gmu, '').trim();
}
