/**
 * The argument types of commands and the data types of events that define their members
 * inline (QAPI's implicit `q_obj_<name>-arg`): `JobPauseArguments`, `JobStatusChangeData`,
 * declared where the command or event is. Commands and events themselves are printed by
 * their own printers.
 */
import type { Schema, SchemaCommand, SchemaEvent, SchemaObjectType } from '../../schema/model.js';
import type { EmitContext } from './context.js';
import { DocComment } from './docs/tsdoc.js';
import { addBody, addSections } from './docs/doc-text.js';
import { addFeatures } from './docs/features.js';
import { keptMembers, writeObjectBody } from './members.js';
import { commandArgumentsName, eventDataName } from './naming.js';

export function generateImplicitObjects(schema: Schema, ctx: EmitContext): void {
  schema.entities.forEach((entity, order) => {
    if (entity.kind !== 'command' && entity.kind !== 'event') return;
    const argType = entity.argType;
    if (!argType?.isImplicit || !ctx.keeps(entity)) return;
    ctx.fileOf(entity.module).add(order, printImplicitObject(entity, argType, ctx));
  });
}

function printImplicitObject(owner: SchemaCommand | SchemaEvent, argType: SchemaObjectType, ctx: EmitContext): string {
  const name = owner.kind === 'command' ? commandArgumentsName(owner.name) : eventDataName(owner.name);
  ctx.declare(name, owner.name, owner.info);
  const file = ctx.fileOf(owner.module);
  const writer = ctx.newWriter();
  ownerDoc(owner, ctx).write(writer);
  writer.write(`export interface ${name} `);
  writeObjectBody(writer, keptMembers(argType.members, ctx), owner.doc, file, ctx);
  return writer.toString();
}

/** What the type is for, the owner's description, and its condition and special features. */
function ownerDoc(owner: SchemaCommand | SchemaEvent, ctx: EmitContext): DocComment {
  const lead = owner.kind === 'command' ? `Arguments of the \`${owner.name}\` command.` : `Data of the \`${owner.name}\` event.`;
  const comment = new DocComment().paragraph(lead);
  addBody(comment, owner.doc);
  comment.paragraph(ctx.conditions.availabilityNote(owner.if));
  // Only the special features concern the arguments too; the others belong to the owner.
  addFeatures(
    comment,
    owner.features.filter((f) => f.isSpecial),
    owner.doc,
    ctx.conditions,
  );
  addSections(comment, owner.doc);
  return comment;
}
