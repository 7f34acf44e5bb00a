import { Doc72 } from '../doc/doc-7.2.js';
import type { QAPIDoc } from '../doc/doc.js';
import type { Lexer } from '../lexer/lexer.js';
import type { SourceInfo } from '../source/info.js';

/**
 * Reads one `##` ... `##` block as QEMU 7.2 does (its `get_doc`), and the token after it. A `# =` heading in a free-form block
 * starts a new doc, so one block may yield several.
 */
export function parseDocBlock(lex: Lexer, info: SourceInfo): QAPIDoc[] {
  const sink = { parseError: (msg: string) => lex.error(msg) };
  if (lex.val !== '##') throw lex.error("junk after '##' at start of documentation comment");
  const docs: QAPIDoc[] = [];
  let doc: Doc72 = new Doc72(sink, info);
  lex.accept(false);
  while (lex.tok === '#') {
    const line = lex.val as string;
    // Character tests, not startsWith: this runs for every doc line.
    if (line.length >= 2 && line.charCodeAt(1) === 0x23) {
      if (line !== '##') throw lex.error("junk after '##' at end of documentation comment");
      doc.endComment();
      docs.push(doc);
      lex.accept();
      return docs;
    }
    if (line.length >= 3 && line.charCodeAt(2) === 0x3d && line.charCodeAt(1) === 0x20) {
      if (doc.symbol) throw lex.error("unexpected '=' markup in definition documentation");
      if (doc.body.hasLines()) {
        doc.endComment();
        docs.push(doc);
        doc = new Doc72(sink, info);
      }
    }
    doc.append(line);
    lex.acceptInDoc();
  }
  throw lex.error("documentation comment must end with '##'");
}
