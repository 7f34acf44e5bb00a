/**
 * A doc comment block as QEMU 10.0 models it (parser.py `QAPIDoc`): every section in text
 * order, the body first; member and feature descriptions also by name; the other sections
 * (plain text and tags) in `sections`. The reader (parser/doc-block-10.0.ts) decides what a
 * line is; this class only stores and checks.
 */
import type { QAPIObject } from '../parser/qapi-value.js';
import { semError } from '../source/error.js';
import { pyStripNewlines } from '../source/python.js';
import { SourceInfo } from '../source/info.js';
import type { QAPIDoc } from './doc.js';

/** QEMU 10.0's `QAPIDoc.Kind`, spelled as it prints (`str(kind)`: the name title-cased). */
export type DocKind = 'Plain' | 'Member' | 'Feature' | 'Returns' | 'Errors' | 'Since' | 'Todo';

/** The tag each tagged kind is written as. */
const TAGS: Partial<Record<DocKind, string>> = { Returns: 'Returns', Errors: 'Errors', Since: 'Since', Todo: 'TODO' };

/**
 * Line `line` of the file of a doc block that starts at `block`. Sections keep line numbers and
 * make these only when asked (for an error): a QMP schema has some 12,000 sections.
 */
function infoAt(block: SourceInfo, line: number): SourceInfo {
  return line === block.line ? block : new SourceInfo(block.fname, line, block.parent);
}

export class Section100 {
  /** The doc block's first line, and the section's own line in the same file. */
  declare private readonly block: SourceInfo;
  declare line: number;
  declare readonly kind: DocKind;
  declare text: string;
  /** Member and feature sections: the name described; other sections: the tag (undefined for plain text). */
  declare readonly name: string | undefined;
  /** Member and feature sections: set when the schema connects the name to a real one. */
  declare connected: boolean;

  constructor(block: SourceInfo, line: number, kind: DocKind, name?: string) {
    this.block = block;
    this.line = line;
    this.kind = kind;
    this.text = '';
    this.name = name ?? TAGS[kind];
    this.connected = false;
  }

  get label(): string {
    return this.kind;
  }

  /** Where the section starts. */
  get info(): SourceInfo {
    return infoAt(this.block, this.line);
  }
}

const NO_SECTIONS: ReadonlyMap<string, Section100> = new Map();

export class Doc100 implements QAPIDoc {
  declare readonly info: SourceInfo;
  declare readonly symbol: string | undefined;
  /** Every section in text order; index 0 is the body (stubs are inserted after the members). */
  declare private readonly all: Section100[];
  declare readonly body: Section100;
  declare readonly args: Map<string, Section100>;
  /** Feature descriptions: most docs have none, and share one empty map until they do. */
  declare features: ReadonlyMap<string, Section100>;
  declare readonly sections: Section100[];
  declare private returns: Section100 | undefined;
  declare private errors: Section100 | undefined;
  declare private since: Section100 | undefined;
  /** How many of `args` and of `features` are connected. */
  declare private connectedArgs: number;
  declare private connectedFeatures: number;

  constructor(info: SourceInfo, symbol?: string) {
    this.info = info;
    this.symbol = symbol;
    this.body = new Section100(info, info.line, 'Plain');
    this.all = [this.body];
    this.args = new Map();
    this.features = NO_SECTIONS;
    this.sections = [];
    this.returns = undefined;
    this.errors = undefined;
    this.since = undefined;
    this.connectedArgs = 0;
    this.connectedFeatures = 0;
  }

  /** Adds a line (without its newline) to the last section. */
  appendLine(line: string): void {
    this.all[this.all.length - 1]!.text += line + '\n';
  }

  /**
   * A plain paragraph starts: it extends a plain section that is last (one blank line between
   * paragraphs, however many the source had), else opens a new one.
   */
  ensureUntaggedSection(line: number): void {
    const last = this.all[this.all.length - 1]!;
    if (last.kind === 'Plain') {
      if (!last.text) last.line = line;
      last.text += '\n';
      return;
    }
    const section = new Section100(this.info, line, 'Plain');
    this.sections.push(section);
    this.all.push(section);
  }

  newTaggedSection(line: number, kind: 'Returns' | 'Errors' | 'Since' | 'Todo'): void {
    const section = new Section100(this.info, line, kind);
    if (kind !== 'Todo') {
      const key = kind === 'Returns' ? 'returns' : kind === 'Errors' ? 'errors' : 'since';
      if (this[key]) throw semError(section.info, `duplicated '${kind}' section`);
      this[key] = section;
    }
    this.sections.push(section);
    this.all.push(section);
  }

  newArgument(line: number, name: string): void {
    this.newDescription(line, name, 'Member', this.args);
  }

  newFeature(line: number, name: string): void {
    if (this.features === NO_SECTIONS) this.features = new Map();
    this.newDescription(line, name, 'Feature', this.features as Map<string, Section100>);
  }

  private newDescription(line: number, name: string, kind: DocKind, into: Map<string, Section100>): void {
    if (!name) throw semError(infoAt(this.info, line), 'invalid parameter name');
    if (into.has(name)) throw semError(infoAt(this.info, line), `'${name}' parameter name duplicated`);
    const section = new Section100(this.info, line, kind, name);
    this.all.push(section);
    into.set(name, section);
  }

  /** The block is closed (and the token after it read): texts lose their outer newlines. */
  end(): void {
    const all = this.all;
    for (let i = 0; i < all.length; i++) {
      const section = all[i]!;
      section.text = pyStripNewlines(section.text);
      if (section.kind !== 'Plain' && section.text === '') {
        throw semError(section.info, `text required after '${section.kind}:'`);
      }
    }
  }

  checkExpr(meta: string, expr: QAPIObject): void {
    if (meta === 'command') {
      if (this.returns && !expr.has('returns')) {
        throw semError(this.returns.info, "'Returns' section, but command doesn't return anything");
      }
      return;
    }
    if (this.returns) throw semError(this.returns.info, "'Returns' section is only valid for commands");
    if (this.errors) throw semError(this.errors.info, "'Errors' section is only valid for commands");
  }

  /**
   * An undocumented member is an error unless the doc's symbol is exempt; then it gets an
   * empty description, placed after the member run that follows the body. Where QEMU 10.0
   * crashes placing it (every section after the body is a member description: its scan runs
   * off the list), the undocumented member is reported instead.
   */
  connectMember(name: string, role: string, info: SourceInfo | undefined, exempt: boolean): void {
    let section = this.args.get(name);
    if (!section) {
      if (!exempt) throw semError(info, `${role} '${name}' lacks documentation`);
      section = new Section100(this.info, this.info.line, 'Member', name);
      let index = 1;
      if (this.all.length > 1) {
        while (index < this.all.length && this.all[index]!.kind === 'Member') index++;
        if (index === this.all.length) throw semError(info, `${role} '${name}' lacks documentation`);
      }
      this.args.set(name, section);
      this.all.splice(index, 0, section);
    }
    if (!section.connected) {
      section.connected = true;
      this.connectedArgs++;
    }
  }

  connectFeature(name: string, info: SourceInfo | undefined): void {
    const section = this.features.get(name);
    if (!section) throw semError(info, `feature '${name}' lacks documentation`);
    if (!section.connected) {
      section.connected = true;
      this.connectedFeatures++;
    }
  }

  check(): void {
    // The counts spare a walk over every doc's sections: nearly all are connected.
    if (this.connectedArgs < this.args.size) reportUnconnected(this.args, 'member');
    if (this.connectedFeatures < this.features.size) reportUnconnected(this.features, 'feature');
  }
}

function reportUnconnected(sections: ReadonlyMap<string, Section100>, what: string): never {
  const bogus = [...sections.values()].filter((s) => !s.connected);
  const plural = bogus.length > 1;
  const names = bogus.map((s) => s.name!).join("', '");
  throw semError(bogus[0]!.info, `documented ${what}${plural ? 's' : ''} '${names}' ${plural ? 'do' : 'does'} not exist`);
}
