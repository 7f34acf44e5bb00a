/**
 * Enums: a union of string literals (one documented line per value) and an `as const` array
 * of the values, so code can both type and enumerate them without a TS `enum`.
 */
import type { Schema, SchemaEnumType, SchemaEnumValue } from '../../schema/model.js';
import type CodeBlockWriter from 'code-block-writer';
import type { EmitContext } from './context.js';
import { definitionDoc, itemDoc } from './docs/declaration-doc.js';
import { enumValuesName, stringLiteral, typeName } from './naming.js';
import { fitsOnLine, writeUnionType } from './files/layout.js';

export function generateEnums(schema: Schema, ctx: EmitContext): void {
  schema.entities.forEach((entity, order) => {
    if (entity.kind !== 'enum' || entity.module.isSystem || !ctx.keeps(entity)) return;
    ctx.fileOf(entity.module).add(order, printEnum(entity, ctx));
  });
}

/** The type and the values array of one enum. */
export function printEnum(enumType: SchemaEnumType, ctx: EmitContext): string {
  const name = typeName(enumType.name);
  const valuesName = enumValuesName(enumType.name);
  ctx.declare(name, enumType.name, enumType.info);
  ctx.declare(valuesName, enumType.name, enumType.info);
  const values = enumType.values.filter((v) => ctx.conditions.keeps(v.if));
  const writer = ctx.newWriter();
  const doc = definitionDoc(enumType, ctx);
  if (enumType.prefix !== undefined) doc.paragraph(`QEMU's C constants for it use the prefix \`${enumType.prefix}\`.`);
  doc.write(writer);
  const constituents = values.map((value) => ({ text: stringLiteral(value.name), doc: itemDoc(value, enumType.doc, ctx) }));
  writeUnionType(writer, name, constituents);
  writer.blankLine();
  writer.writeLine(`/** Every value of {@link ${name}}, in schema order. */`);
  writeValuesArray(writer, valuesName, values);
  return writer.toString().trimEnd();
}

function writeValuesArray(writer: CodeBlockWriter, valuesName: string, values: readonly SchemaEnumValue[]): void {
  const literals = values.map((v) => stringLiteral(v.name));
  const oneLine = `export const ${valuesName} = [${literals.join(', ')}] as const;`;
  if (fitsOnLine(oneLine)) {
    writer.writeLine(oneLine);
    return;
  }
  writer.writeLine(`export const ${valuesName} = [`);
  writer.indent(() => literals.forEach((literal) => writer.writeLine(`${literal},`)));
  writer.writeLine('] as const;');
}
