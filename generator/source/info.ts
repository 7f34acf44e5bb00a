/**
 * Where something came from: a file, a line, the include chain that led there, and (once an
 * expression's checks begin) the definition being checked. QEMU shares one info object per
 * source line, so two definitions starting on one line share a definition context; the lexer
 * reproduces that by making one SourceInfo per line.
 */
export class SourceInfo {
  // `declare`d and assigned in the constructor, as in schema/entities.ts: one of these is made
  // per source line, and define-semantics class fields cost an initializer call each time.
  /** Definition context: set by the expression checker (QEMU's `set_defn`). */
  declare defnMeta: string | undefined;
  declare defnName: string | undefined;

  declare readonly fname: string;
  declare readonly line: number;
  /** The info of the include directive that brought this file in. */
  declare readonly parent: SourceInfo | undefined;

  constructor(fname: string, line: number, parent: SourceInfo | undefined) {
    this.defnMeta = undefined;
    this.defnName = undefined;
    this.fname = fname;
    this.line = line;
    this.parent = parent;
  }

  setDefinition(meta: string, name: string): void {
    this.defnMeta = meta;
    this.defnName = name;
  }

  /** `file:line`, the location part of a message. */
  location(): string {
    return `${this.fname}:${this.line}`;
  }

  /** The lines printed before a message: include chain, then `file: In meta 'name':`. */
  contextLines(): string {
    let text = '';
    const chain: SourceInfo[] = [];
    for (let p = this.parent; p; p = p.parent) chain.unshift(p);
    for (const p of chain) text += `In file included from ${p.location()}:\n`;
    if (this.defnName) text += `${this.fname}: In ${this.defnMeta} '${this.defnName}':\n`;
    return text;
  }
}
