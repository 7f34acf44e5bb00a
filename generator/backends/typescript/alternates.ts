/**
 * Alternates: a union of the branch types (a value's JSON kind tells the branch), plus one
 * type guard per branch that tests exactly that JSON kind.
 */
import type CodeBlockWriter from 'code-block-writer';
import type { Schema, SchemaAlternateType, SchemaBranch } from '../../schema/model.js';
import type { EmitContext } from './context.js';
import { definitionDoc, itemDoc } from './docs/declaration-doc.js';
import { writeUnionType } from './files/layout.js';
import { alternateGuardName, typeName } from './naming.js';
import { DocComment } from './docs/tsdoc.js';

export function generateAlternates(schema: Schema, ctx: EmitContext): void {
  schema.entities.forEach((entity, order) => {
    if (entity.kind !== 'alternate' || entity.module.isSystem || !ctx.keeps(entity)) return;
    ctx.fileOf(entity.module).add(order, printAlternate(entity, ctx));
  });
}

function printAlternate(alternate: SchemaAlternateType, ctx: EmitContext): string {
  const name = typeName(alternate.name);
  ctx.declare(name, alternate.name, alternate.info);
  const file = ctx.fileOf(alternate.module);
  const branches = alternate.variants.branches.filter((b) => ctx.conditions.keeps(b.if));
  const types = branches.map((b) => ctx.typeRef(b.type, file));
  const writer = ctx.newWriter();
  definitionDoc(alternate, ctx).write(writer);
  const constituents = branches.map((branch, i) => ({
    text: types[i]!,
    doc: itemDoc({ name: branch.name, if: branch.if, type: branch.type }, alternate.doc, ctx),
  }));
  writeUnionType(writer, name, constituents);
  const kinds = new Set(branches.map((b) => b.type.jsonType));
  branches.forEach((branch, i) => writeGuard(writer, alternate, branch, types[i]!, kinds, ctx));
  return writer.toString().trimEnd();
}

function writeGuard(
  writer: CodeBlockWriter,
  alternate: SchemaAlternateType,
  branch: SchemaBranch,
  type: string,
  kinds: ReadonlySet<string>,
  ctx: EmitContext,
): void {
  const name = alternateGuardName(alternate.name, branch.name);
  ctx.declare(name, alternate.name, alternate.info);
  const alternateName = typeName(alternate.name);
  writer.blankLine();
  new DocComment()
    .paragraph(`Whether a {@link ${alternateName}} is its \`${branch.name}\` branch (${JSON_KIND_WORDS[branch.type.jsonType]}).`)
    .paragraph(ctx.conditions.availabilityNote(branch.if))
    .write(writer);
  writer.write(`export function ${name}(value: ${alternateName}): value is ${type} `).block(() => {
    // A 64-bit integer generated as bigint is one at run time (the typed client sees to it).
    writer.writeLine(`return ${type === 'bigint' ? "typeof value === 'bigint'" : kindTest(branch.type.jsonType, kinds)};`);
  });
}

const JSON_KIND_WORDS: Readonly<Record<string, string>> = {
  string: 'a JSON string',
  number: 'a JSON number',
  int: 'a JSON number',
  boolean: 'a JSON boolean',
  null: 'JSON null',
  array: 'a JSON array',
  object: 'a JSON object',
};

/** The test of a JSON kind, given the kinds the other branches have (at most one per kind). */
function kindTest(kind: string, kinds: ReadonlySet<string>): string {
  switch (kind) {
    case 'null':
      return 'value === null';
    case 'array':
      return 'Array.isArray(value)';
    case 'object':
      return ["typeof value === 'object'", kinds.has('null') ? 'value !== null' : '', kinds.has('array') ? '!Array.isArray(value)' : '']
        .filter((t) => t !== '')
        .join(' && ');
    case 'int':
      return "typeof value === 'number'";
    default:
      return `typeof value === '${kind}'`;
  }
}
