/**
 * The `.out` format of QEMU's tests/qapi-schema/test-qapi.py (§7): modules and their
 * entities, then the doc blocks. Byte-exact, so Python's spellings (`True`, `None`) stay.
 */
import type { QAPIDoc } from '../../doc/doc.js';
import type {
  IfCond, Schema, SchemaAlternateType, SchemaArrayType, SchemaCommand, SchemaEntity, SchemaEnumType,
  SchemaEvent, SchemaFeature, SchemaObjectType, SchemaVariants,
} from '../../schema/model.js';
import { formatCond } from './cond.js';
import { dumpDoc } from './dump-docs.js';

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

export function dumpSchema(schema: Schema, docs: readonly QAPIDoc[]): string {
  const out: string[] = [];
  for (const module of schema.modules) {
    out.push(`module ${module.name}`);
    for (const ent of module.entities) dumpEntity(ent, out);
  }
  for (const doc of docs) dumpDoc(doc, out);
  return out.length ? out.join('\n') + '\n' : '';
}

function dumpEntity(ent: SchemaEntity, out: string[]): void {
  switch (ent.kind) {
    case 'include': return void out.push(`include ${ent.includedModule.name}`);
    case 'builtin': return;
    case 'enum': return dumpEnum(ent, out);
    case 'array': return dumpArray(ent, out);
    case 'object': return dumpObject(ent, out);
    case 'alternate': return dumpAlternate(ent, out);
    case 'command': return dumpCommand(ent, out);
    case 'event': return dumpEvent(ent, out);
  }
}

function dumpIf(cond: IfCond | undefined, out: string[], indent = 4): void {
  if (cond !== undefined) out.push(`${' '.repeat(indent)}if ${formatCond(cond)}`);
}

function dumpFeatures(features: readonly SchemaFeature[], out: string[], indent = 4): void {
  for (const f of features) {
    out.push(`${' '.repeat(indent)}feature ${f.name}`);
    dumpIf(f.if, out, indent + 4);
  }
}

function dumpEnum(ent: SchemaEnumType, out: string[]): void {
  out.push(`enum ${ent.name}`);
  if (ent.prefix) out.push(`    prefix ${ent.prefix}`);
  for (const v of ent.values) {
    out.push(`    member ${v.name}`);
    dumpIf(v.if, out, 8);
    dumpFeatures(v.features, out, 8);
  }
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

/** Builtin arrays (no source info) are not printed. */
function dumpArray(ent: SchemaArrayType, out: string[]): void {
  if (!ent.info) return;
  out.push(`array ${ent.name} ${ent.elementType.name}`);
  dumpIf(ent.if, out);
}

function dumpObject(ent: SchemaObjectType, out: string[]): void {
  out.push(`object ${ent.name}`);
  if (ent.base) out.push(`    base ${ent.base.name}`);
  for (const m of ent.localMembers) {
    out.push(`    member ${m.name}: ${m.type.name} optional=${pyBool(m.optional)}`);
    dumpIf(m.if, out, 8);
    dumpFeatures(m.features, out, 8);
  }
  if (ent.variants) dumpVariants(ent.variants, out);
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

function dumpAlternate(ent: SchemaAlternateType, out: string[]): void {
  out.push(`alternate ${ent.name}`);
  dumpVariants(ent.variants, out);
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

function dumpVariants(variants: SchemaVariants, out: string[]): void {
  out.push(`    tag ${variants.tagMember.name}`);
  for (const b of variants.branches) {
    out.push(`    case ${b.name}: ${b.type.name}`);
    dumpIf(b.if, out, 8);
  }
}

function dumpCommand(ent: SchemaCommand, out: string[]): void {
  out.push(`command ${ent.name} ${ent.argType?.name ?? 'None'} -> ${ent.retType?.name ?? 'None'}`);
  out.push(
    `    gen=${pyBool(ent.gen)} success_response=${pyBool(ent.successResponse)} boxed=${pyBool(ent.boxed)}` +
      ` oob=${pyBool(ent.allowOob)} preconfig=${pyBool(ent.allowPreconfig)}${ent.coroutine ? ' coroutine=True' : ''}`,
  );
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}

function dumpEvent(ent: SchemaEvent, out: string[]): void {
  out.push(`event ${ent.name} ${ent.argType?.name ?? 'None'}`);
  out.push(`    boxed=${pyBool(ent.boxed)}`);
  dumpIf(ent.if, out);
  dumpFeatures(ent.features, out);
}
