/**
 * A TSDoc comment being assembled: paragraphs, then block and modifier tags. Printing is
 * the only place that knows the comment syntax.
 */
import type CodeBlockWriter from 'code-block-writer';

export class DocComment {
  private readonly paragraphs: string[] = [];
  private readonly tags: string[] = [];

  /** Adds a paragraph; empty or missing text is skipped so callers need no checks. */
  paragraph(text: string | undefined): this {
    if (text !== undefined && text.trim() !== '') this.paragraphs.push(text);
    return this;
  }

  /** Adds `@name text` (or a bare modifier `@name`). */
  tag(name: string, text?: string): this {
    const separator = text?.startsWith('\n') === true ? '' : ' ';
    this.tags.push(text === undefined || text === '' ? `@${name}` : `@${name}${separator}${text}`);
    return this;
  }

  isEmpty(): boolean {
    return this.paragraphs.length === 0 && this.tags.length === 0;
  }

  /** Prints `/** ... *\/` on its own lines; nothing when empty. */
  write(writer: CodeBlockWriter): void {
    for (const line of this.lines()) writer.writeLine(line);
  }

  /** The comment as text, each line after `indent` and ending in a newline ('' when empty). */
  render(indent: string): string {
    let text = '';
    for (const line of this.lines()) text += `${indent}${line}\n`;
    return text;
  }

  private lines(): string[] {
    if (this.isEmpty()) return [];
    const blocks = [...this.paragraphs, ...(this.tags.length > 0 ? [this.tags.join('\n')] : [])];
    const lines = blocks.join('\n\n').split('\n');
    if (lines.length === 1) return [`/** ${lines[0]} */`];
    return ['/**', ...lines.map((line) => (line.trim() === '' ? ' *' : ` * ${line.trimEnd()}`)), ' */'];
  }
}
