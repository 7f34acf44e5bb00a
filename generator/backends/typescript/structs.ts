/** Structs: interfaces with the wire member names; a base becomes `extends`. */
import type { Schema, SchemaObjectType } from '../../schema/model.js';
import type { EmitContext } from './context.js';
import { definitionDoc } from './docs/declaration-doc.js';
import { keptMembers, writeObjectBody } from './members.js';
import { typeName } from './naming.js';

export function generateStructs(schema: Schema, ctx: EmitContext): void {
  schema.entities.forEach((entity, order) => {
    if (entity.kind !== 'object' || entity.meta !== 'struct' || entity.isImplicit) return;
    if (entity.module.isSystem || !ctx.keeps(entity)) return;
    ctx.fileOf(entity.module).add(order, printStruct(entity, ctx));
  });
}

function printStruct(struct: SchemaObjectType, ctx: EmitContext): string {
  const name = typeName(struct.name);
  ctx.declare(name, struct.name, struct.info);
  const file = ctx.fileOf(struct.module);
  const writer = ctx.newWriter();
  definitionDoc(struct, ctx).write(writer);
  const base = struct.base ? ` extends ${ctx.typeRef(struct.base, file)}` : '';
  writer.write(`export interface ${name}${base} `);
  writeObjectBody(writer, keptMembers(struct.localMembers, ctx), struct.doc, file, ctx);
  return writer.toString();
}
