/**
 * Unions: discriminated unions on the real discriminator. The base members (a named base, or
 * the inline base written in place) are intersected with one branch per discriminator value;
 * values without an explicit branch (QAPI's implicit `q_empty` branches) carry the base only.
 */
import type CodeBlockWriter from 'code-block-writer';
import type { Schema, SchemaBranch, SchemaObjectType } from '../../schema/model.js';
import type { EmitContext } from './context.js';
import { definitionDoc } from './docs/declaration-doc.js';
import { keptMembers, writeObjectBody } from './members.js';
import type { ModuleFile } from './files/module-file.js';
import { propertyName, stringLiteral, typeName } from './naming.js';
import { DocComment } from './docs/tsdoc.js';

export function generateUnions(schema: Schema, ctx: EmitContext): void {
  schema.entities.forEach((entity, order) => {
    if (entity.kind !== 'object' || entity.meta !== 'union') return;
    if (entity.module.isSystem || !ctx.keeps(entity)) return;
    ctx.fileOf(entity.module).add(order, printUnion(entity, ctx));
  });
}

function printUnion(union: SchemaObjectType, ctx: EmitContext): string {
  const name = typeName(union.name);
  ctx.declare(name, union.name, union.info);
  const file = ctx.fileOf(union.module);
  const writer = ctx.newWriter();
  definitionDoc(union, ctx).write(writer);
  writer.write(`export type ${name} = `);
  writeBase(writer, union, file, ctx);
  writer.write(' & ');
  writeBranches(writer, union, file, ctx);
  writer.write(';');
  return writer.toString();
}

/** A named base by name; an inline base (implicit `q_obj_<name>-base`) as an object type. */
function writeBase(writer: CodeBlockWriter, union: SchemaObjectType, file: ModuleFile, ctx: EmitContext): void {
  const base = union.base!;
  if (base.isImplicit) writeObjectBody(writer, keptMembers(base.members, ctx), union.doc, file, ctx);
  else writer.write(ctx.typeRef(base, file));
}

function writeBranches(writer: CodeBlockWriter, union: SchemaObjectType, file: ModuleFile, ctx: EmitContext): void {
  const variants = union.variants!;
  const branches = variants.branches.filter((b) => ctx.conditions.keeps(b.if));
  if (branches.length === 0) {
    writer.write('never');
    return;
  }
  writer.write('(').newLine();
  writer.indent(() => {
    for (const branch of branches) {
      new DocComment().paragraph(ctx.conditions.availabilityNote(branch.if)).write(writer);
      writer.writeLine(`| ${branchType(branch, variants.tagMember.name, file, ctx)}`);
    }
  });
  writer.write(')');
}

/** `({ driver: 'file' } & BlockdevOptionsFile)`, or `{ driver: 'x' }` for an empty branch. */
function branchType(branch: SchemaBranch<SchemaObjectType>, tag: string, file: ModuleFile, ctx: EmitContext): string {
  const discriminator = `{ ${propertyName(tag)}: ${stringLiteral(branch.name)} }`;
  if (isEmptyObject(branch.type)) return discriminator;
  return `(${discriminator} & ${ctx.typeRef(branch.type, file)})`;
}

/** `q_empty`: the implicit branch type, which adds nothing to the base. */
function isEmptyObject(type: SchemaObjectType): boolean {
  return type.isImplicit && type.members.length === 0 && type.variants === undefined;
}
