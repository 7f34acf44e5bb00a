/** Layout rules of the generated code: line width, and union types one constituent a line. */
import type CodeBlockWriter from 'code-block-writer';
import type { DocComment } from '../docs/tsdoc.js';

/** The width prettier would use. */
const MAX_LINE = 100;

export function fitsOnLine(line: string): boolean {
  return line.length <= MAX_LINE;
}

/** One member of a union type: its type text and the doc shown above it. */
interface Constituent {
  readonly text: string;
  readonly doc: DocComment;
}

/**
 * `export type Name = A | B;` on one line when nothing is documented and it fits, else one
 * `| A` line per constituent, each under its doc. No constituent at all is `never`.
 */
export function writeUnionType(writer: CodeBlockWriter, name: string, constituents: readonly Constituent[]): void {
  const oneLine = `export type ${name} = ${constituents.map((c) => c.text).join(' | ') || 'never'};`;
  if (constituents.every((c) => c.doc.isEmpty()) && fitsOnLine(oneLine)) {
    writer.writeLine(oneLine);
    return;
  }
  writer.writeLine(`export type ${name} =`);
  writer.indent(() => {
    constituents.forEach((c, i) => {
      c.doc.write(writer);
      writer.writeLine(`| ${c.text}${i === constituents.length - 1 ? ';' : ''}`);
    });
  });
}
