import { QAPIError, semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { PY_SPACE, leadingSpaceLength, pyRstrip, pyStrip, startsWithSpaces } from '../source/python.js';
import type { QAPIDoc } from './doc.js';

/** Raises a parse error at the doc line being read (the parser knows where that is). */
export interface DocErrorSink {
  parseError(msg: string): QAPIError;
}

/** A section of a doc block: the body, a tagged section (`Since:`), or an anonymous one. */
export class DocSection {
  // Fields are `declare`d and set in the constructor (see SourceInfo): thousands are made.
  /** The section's text, stripped; set when the block closes the section. */
  declare text: string;
  /**
   * Lines so far, joined once at the end rather than concatenated line by line. Most sections
   * have one line: it waits in `firstLine`, and the array exists from the second on.
   */
  declare private firstLine: string;
  declare private lines: string[] | undefined;
  declare private lineCount: number;
  declare private lastLineBlank: boolean;
  /** Member and feature descriptions: set when the schema connects the name to a real one. */
  declare connected: boolean;
  declare readonly name: string | undefined;
  declare private readonly sink: DocErrorSink;
  declare private readonly indent: number;

  constructor(sink: DocErrorSink, name: string | undefined, indent = 0) {
    this.text = '';
    this.firstLine = '';
    this.lines = undefined;
    this.lineCount = 0;
    this.lastLineBlank = false;
    this.connected = false;
    this.sink = sink;
    this.name = name;
    this.indent = indent;
  }

  append(line: string): void {
    if (line && this.indent > 0) {
      if (!startsWithSpaces(line, this.indent)) {
        throw this.sink.parseError(`unexpected de-indent (expected at least ${this.indent} spaces)`);
      }
      line = line.slice(this.indent);
    }
    this.push(pyRstrip(line));
  }

  /** The text after a tag (`@name:   text`), which sits at the section's indent already. */
  appendTagText(rest: string): void {
    this.push(pyRstrip(rest));
  }

  private push(text: string): void {
    if (this.lineCount === 0) this.firstLine = text;
    else if (this.lines) this.lines.push(text);
    else this.lines = [this.firstLine, text];
    this.lineCount++;
    this.lastLineBlank = text === '';
  }

  /** test-qapi.py prints an untagged section's name as Python's `None`. */
  get label(): string {
    return this.name ?? 'None';
  }

  /** Whether any line (even a blank one) was added. */
  hasLines(): boolean {
    return this.lineCount > 0;
  }

  /** Whether the text ends in a blank line (QEMU's text ends in `\n\n`). */
  endsWithBlankLine(): boolean {
    return this.lastLineBlank && this.lineCount >= 2;
  }

  /** The text as QEMU keeps it: every line plus `\n`, then stripped. */
  close(): void {
    this.text = pyStrip(this.lines ? this.lines.join('\n') : this.firstLine);
    this.firstLine = '';
    this.lines = undefined;
  }
}

/** The description of one member or feature (`@name: text`); only these get `connected`. */
export type DocArgSection = DocSection;

const SECTION_TAGS = new Set(['Returns:', 'Since:', 'Note:', 'Notes:', 'Example:', 'Examples:', 'TODO:']);

/**
 * The first space-separated word of a doc line if it ends in `:` (what a tag looks like),
 * else ''. Most doc lines are plain text, so they are rejected without slicing.
 */
function tagOf(line: string): string {
  // Every tag starts with `@` or a capital (Returns:, Since:, Note:, Example:, TODO:).
  if (line === '') return '';
  const first = line.charCodeAt(0);
  if (first !== 0x40 && !(first >= 0x41 && first <= 0x5a)) return '';
  const i = line.indexOf(' ');
  const end = i < 0 ? line.length : i;
  return end > 0 && line.charCodeAt(end - 1) === 0x3a ? line.slice(0, end) : '';
}

/** `@name:` (tagOf already ensures the colon). */
function isArgTag(tag: string): boolean {
  return tag !== '' && tag.charCodeAt(0) === 0x40;
}

/**
 * `@name:   text` -> the indent continuation lines need (0 when no text follows the tag:
 * then they are not indented) and the text. QEMU re-pads the text to its column and strips
 * the indent again; the section takes it as it is instead.
 */
function splitTaggedLine(line: string, tagPattern: RegExp): { indent: number; rest: string } {
  tagPattern.lastIndex = 0;
  tagPattern.test(line); // sticky: lastIndex is the match's end, without a match object
  const indent = tagPattern.lastIndex;
  const rest = line.slice(indent);
  return { indent: rest ? indent : 0, rest };
}

const NON_SPACE = `[^${PY_SPACE}]`;
const ARG_TAG = new RegExp(`@${NON_SPACE}*:[${PY_SPACE}]*`, 'uy');
const SECTION_TAG = new RegExp(`${NON_SPACE}*:[${PY_SPACE}]*`, 'uy');
const FREEFORM_TAG = new RegExp(`^@${NON_SPACE}+:`, 'u');

type LineMode = 'body' | 'args' | 'features' | 'various';

/**
 * One doc comment block (`##` ... `##`) as QEMU 7.2 reads it, built line by line as its
 * QAPIDoc does: a body, member descriptions, feature descriptions, then tagged sections.
 */
export class Doc72 implements QAPIDoc {
  declare symbol: string | undefined;
  declare readonly body: DocSection;
  declare readonly args: Map<string, DocArgSection>;
  declare readonly features: Map<string, DocArgSection>;
  declare readonly sections: DocSection[];
  declare private section: DocSection | undefined;
  declare private mode: LineMode;

  /** The line of the block's opening `##`: where errors about the whole block point. */
  declare readonly info: SourceInfo;
  declare private readonly sink: DocErrorSink;

  constructor(sink: DocErrorSink, info: SourceInfo) {
    this.symbol = undefined;
    this.args = new Map();
    this.features = new Map();
    this.sections = [];
    this.mode = 'body';
    this.sink = sink;
    this.info = info;
    this.body = new DocSection(sink, undefined);
    this.section = this.body;
  }

  hasSection(name: string): boolean {
    for (let i = 0; i < this.sections.length; i++) if (this.sections[i]!.name === name) return true;
    return false;
  }

  /** Adds one comment line (the text from its `#`). */
  append(comment: string): void {
    if (comment.length === 1) {
      this.appendFreeform('');
      return;
    }
    if (comment.charCodeAt(1) !== 0x20) throw this.sink.parseError('missing space after #');
    const line = comment.slice(2);
    if (this.continuesSection(line)) {
      this.section!.append(line);
      return;
    }
    switch (this.mode) {
      case 'body':
        return this.appendBodyLine(line);
      case 'args':
        return this.appendArgsLine(line);
      case 'features':
        return this.appendFeaturesLine(line);
      case 'various':
        return this.appendVariousLine(line);
    }
  }

  /**
   * Whether `line` is plain text that every mode would simply add to the current section: it
   * cannot be a tag (`@x:`, `Since:`, `Features:` all start with `@` or a capital), and it
   * does not start a new section after a blank line. Most doc lines are; they skip the modes.
   */
  private continuesSection(line: string): boolean {
    if (line === '') return true; // a blank line only ever continues a section
    const first = line.charCodeAt(0);
    if (first === 0x40 || (first >= 0x41 && first <= 0x5a)) return false;
    if (this.mode !== 'args' && this.mode !== 'features') return true;
    return !(this.section!.endsWithBlankLine() && leadingSpaceLength(line) === 0);
  }

  /** Closes the block (at its final `##`). */
  endComment(): void {
    this.endSection();
  }

  private appendBodyLine(line: string): void {
    const tag = tagOf(line);
    if (this.symbol === undefined && !this.body.hasLines() && line.startsWith('@')) {
      if (!line.endsWith(':')) throw this.sink.parseError("line should end with ':'");
      this.symbol = line.slice(1, -1);
      if (!this.symbol) throw this.sink.parseError("name required after '@'");
    } else if (this.symbol) {
      if (isArgTag(tag)) {
        this.mode = 'args';
        this.appendArgsLine(line);
      } else if (line === 'Features:') {
        this.mode = 'features';
      } else if (SECTION_TAGS.has(tag)) {
        this.mode = 'various';
        this.appendVariousLine(line);
      } else {
        this.appendFreeform(line);
      }
    } else {
      this.appendFreeform(line);
    }
  }

  private appendArgsLine(line: string): void {
    this.appendSymbolLine(line, this.args, true);
  }

  private appendFeaturesLine(line: string): void {
    this.appendSymbolLine(line, this.features, false);
  }

  /** Args and features mode: `@name:` lines start descriptions into `into`. */
  private appendSymbolLine(line: string, into: Map<string, DocArgSection>, featuresMayFollow: boolean): void {
    const tag = tagOf(line);
    if (isArgTag(tag)) {
      const { indent, rest } = splitTaggedLine(line, ARG_TAG);
      this.startSymbolSection(into, tag.slice(1, -1), indent);
      this.section!.appendTagText(rest);
      return;
    }
    if (SECTION_TAGS.has(tag)) {
      this.mode = 'various';
      this.appendVariousLine(line);
      return;
    }
    if (this.section!.endsWithBlankLine() && line && leadingSpaceLength(line) === 0) {
      if (featuresMayFollow && line === 'Features:') {
        this.mode = 'features';
      } else {
        this.startSection(undefined, 0);
        this.mode = 'various';
        this.appendVariousLine(line);
      }
      return;
    }
    this.appendFreeform(line);
  }

  private appendVariousLine(line: string): void {
    const tag = tagOf(line);
    if (isArgTag(tag)) {
      throw this.sink.parseError(`'${tag}' can't follow '${this.sections[0]?.name ?? 'None'}' section`);
    }
    if (SECTION_TAGS.has(tag)) {
      const { indent, rest } = splitTaggedLine(line, SECTION_TAG);
      this.startSection(tag.slice(0, -1), indent);
      this.section!.appendTagText(rest);
      return;
    }
    this.appendFreeform(line);
  }

  private startSymbolSection(into: Map<string, DocArgSection>, name: string, indent: number): void {
    if (!name) throw this.sink.parseError('invalid parameter name');
    if (into.has(name)) throw this.sink.parseError(`'${name}' parameter name duplicated`);
    this.endSection();
    const section = new DocSection(this.sink, name, indent);
    this.section = section;
    into.set(name, section);
  }

  private startSection(name: string | undefined, indent: number): void {
    if ((name === 'Returns' || name === 'Since') && this.hasSection(name)) {
      throw this.sink.parseError(`duplicated '${name}' section`);
    }
    this.endSection();
    this.section = new DocSection(this.sink, name, indent);
    this.sections.push(this.section);
  }

  private endSection(): void {
    const section = this.section;
    if (!section) return;
    section.close();
    if (section.name && !section.text) {
      throw this.sink.parseError(`empty doc section '${section.name}'`);
    }
    this.section = undefined;
  }

  private appendFreeform(line: string): void {
    const m = line !== '' && line.charCodeAt(0) === 0x40 ? FREEFORM_TAG.exec(line) : null;
    if (m) throw this.sink.parseError(`'${m[0]}' not allowed in free-form documentation`);
    this.section!.append(line);
  }

  // ---- connection to the checked schema (QEMU's connect_member / connect_feature / check)

  /** A member (or enum value, or branch) the doc should describe; undocumented ones get an empty entry. */
  connectMember(name: string): void {
    let section = this.args.get(name);
    if (!section) {
      section = new DocSection(this.sink, name);
      this.args.set(name, section);
    }
    section.connected = true;
  }

  /** A feature must be documented; `info` is where the error points. */
  connectFeature(name: string, info: SourceInfo | undefined): void {
    const section = this.features.get(name);
    if (!section) throw semError(info, `feature '${name}' lacks documentation`);
    section.connected = true;
  }

  /** `Returns:` belongs to commands only. */
  checkExpr(meta: string): void {
    if (this.hasSection('Returns') && meta !== 'command') {
      throw semError(this.info, "'Returns:' is only valid for commands");
    }
  }

  /** Every documented member and feature must exist. */
  check(): void {
    this.checkConnected(this.args, 'member');
    this.checkConnected(this.features, 'feature');
  }

  private checkConnected(sections: Map<string, DocArgSection>, what: string): void {
    let allConnected = true;
    sections.forEach((s) => (allConnected &&= s.connected));
    if (allConnected) return;
    const bogus = [...sections.values()].filter((s) => !s.connected).map((s) => s.name!);
    const plural = bogus.length > 1;
    throw semError(this.info, `documented ${what}${plural ? 's' : ''} '${bogus.join("', '")}' ${plural ? 'do' : 'does'} not exist`);
  }
}
