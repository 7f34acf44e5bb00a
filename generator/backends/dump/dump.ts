/**
 * The `.out` format of QEMU's tests/qapi-schema/test-qapi.py: modules and their
 * entities, then the doc blocks. Byte-exact, so Python's spellings (`True`, `None`) stay.
 */
import type { QAPIDoc } from '../../doc/doc.js';
import type { Backend, CommonBackendOptions, TextOutput } from '../backend.js';
import type {
  IfCond,
  Schema,
  SchemaAlternateType,
  SchemaArrayType,
  SchemaCommand,
  SchemaEntity,
  SchemaEnumType,
  SchemaEvent,
  SchemaFeature,
  SchemaObjectType,
  SchemaVariants,
} from '../../schema/model.js';
import { formatCond } from './cond.js';

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** Where dump lines go: the printers only push. */
interface DumpLines {
  push(line: string): void;
}

/**
 * Hands lines on in blocks: a dump of QEMU's schema is ~100k lines, and a block written and
 * dropped early is cheaper for the garbage collector than one string kept to the end.
 */
class LineBlocks implements DumpLines {
  private readonly lines: string[] = [];
  private readonly write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.write = write;
  }

  push(line: string): void {
    if (this.lines.push(line) >= 4096) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    this.write(this.lines.join('\n') + '\n');
    this.lines.length = 0; // the same array: a fresh `[]` made V8 deoptimize push()
  }
}

/**
 * The dump as a back end. It prints every `if` condition as written, as test-qapi.py does,
 * and real type names: the common options change nothing.
 */
export const dumpBackend: Backend<CommonBackendOptions, TextOutput> = {
  name: 'dump',
  generate: ({ schema, docs }) => ({ kind: 'text', write: (sink) => writeDump(schema, docs, sink) }),
};

/** Writes the dump to `write`, in blocks of whole lines. */
export function writeDump(schema: Schema, docs: readonly QAPIDoc[], write: (text: string) => void): void {
  const out = new LineBlocks(write);
  const modules = schema.modules;
  for (let i = 0; i < modules.length; i++) {
    const module = modules[i]!;
    out.push(`module ${module.name}`);
    for (let j = 0; j < module.entities.length; j++) dumpEntity(module.entities[j]!, out);
  }
  for (let i = 0; i < docs.length; i++) dumpDoc(docs[i]!, out);
  out.flush();
}

export function dumpSchema(schema: Schema, docs: readonly QAPIDoc[]): string {
  const blocks: string[] = [];
  writeDump(schema, docs, (text) => blocks.push(text));
  return blocks.join('');
}

function dumpEntity(ent: SchemaEntity, out: DumpLines): void {
  switch (ent.kind) {
    case 'include':
      return void out.push(`include ${ent.includedModule.name}`);
    case 'builtin':
      return;
    case 'enum':
      return dumpEnum(ent, out);
    case 'array':
      return dumpArray(ent, out);
    case 'object':
      return dumpObject(ent, out);
    case 'alternate':
      return dumpAlternate(ent, out);
    case 'command':
      return dumpCommand(ent, out);
    case 'event':
      return dumpEvent(ent, out);
  }
}

function dumpIf(cond: IfCond | undefined, out: DumpLines, indent = 4): void {
  if (cond !== undefined) out.push(`${' '.repeat(indent)}if ${formatCond(cond)}`);
}

function dumpFeatures(features: readonly SchemaFeature[], out: DumpLines, indent = 4): void {
  for (let i = 0; i < features.length; i++) {
    const f = features[i]!;
    out.push(`${' '.repeat(indent)}feature ${f.name}`);
    dumpIf(f.if, out, indent + 4);
  }
}

function dumpEnum(ent: SchemaEnumType, out: DumpLines): void {
  out.push(`enum ${ent.name}`);
  if (ent.prefix) out.push(`    prefix ${ent.prefix}`);
  for (let i = 0; i < ent.values.length; i++) {
    const v = ent.values[i]!;
    out.push(`    member ${v.name}`);
    dumpIf(v.if, out, 8);
    dumpFeatures(v.features, out, 8);
  }
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

/** Builtin arrays (no source info) are not printed. */
function dumpArray(ent: SchemaArrayType, out: DumpLines): void {
  if (!ent.info) return;
  out.push(`array ${ent.name} ${ent.elementType.name}`);
  dumpIf(ent.if, out);
}

function dumpObject(ent: SchemaObjectType, out: DumpLines): void {
  out.push(`object ${ent.name}`);
  if (ent.base) out.push(`    base ${ent.base.name}`);
  for (let i = 0; i < ent.localMembers.length; i++) {
    const m = ent.localMembers[i]!;
    out.push(`    member ${m.name}: ${m.type.name} optional=${pyBool(m.optional)}`);
    dumpIf(m.if, out, 8);
    dumpFeatures(m.features, out, 8);
  }
  if (ent.variants) dumpVariants(ent.variants, out);
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

function dumpAlternate(ent: SchemaAlternateType, out: DumpLines): void {
  out.push(`alternate ${ent.name}`);
  dumpVariants(ent.variants, out);
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

function dumpVariants(variants: SchemaVariants, out: DumpLines): void {
  out.push(`    tag ${variants.tagMember.name}`);
  for (let i = 0; i < variants.branches.length; i++) {
    const b = variants.branches[i]!;
    out.push(`    case ${b.name}: ${b.type.name}`);
    dumpIf(b.if, out, 8);
  }
}

function dumpCommand(ent: SchemaCommand, out: DumpLines): void {
  out.push(`command ${ent.name} ${ent.argType?.name ?? 'None'} -> ${ent.retType?.name ?? 'None'}`);
  out.push(
    `    gen=${pyBool(ent.gen)} success_response=${pyBool(ent.successResponse)} boxed=${pyBool(ent.boxed)}` +
      ` oob=${pyBool(ent.allowOob)} preconfig=${pyBool(ent.allowPreconfig)}${ent.coroutine ? ' coroutine=True' : ''}`,
  );
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

function dumpEvent(ent: SchemaEvent, out: DumpLines): void {
  out.push(`event ${ent.name} ${ent.argType?.name ?? 'None'}`);
  out.push(`    boxed=${pyBool(ent.boxed)}`);
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

/** The doc part of the output: every doc block in parse order. */
function dumpDoc(doc: QAPIDoc, out: DumpLines): void {
  out.push(doc.symbol ? `doc symbol=${doc.symbol}` : 'doc freeform');
  out.push(`    body=\n${doc.body.text}`);
  doc.args.forEach((section, name) => out.push(`    arg=${name}\n${section.text}`));
  doc.features.forEach((section, name) => out.push(`    feature=${name}\n${section.text}`));
  const sections = doc.sections;
  for (let i = 0; i < sections.length; i++) out.push(`    section=${sections[i]!.label}\n${sections[i]!.text}`);
}
