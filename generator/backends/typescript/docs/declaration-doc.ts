/**
 * The TSDoc of a declaration and of its members, from the QAPI doc block: body, condition,
 * features, then the doc's sections (`Since:` -> `@since`...).
 */
import type { QAPIDoc } from '../../../doc/doc.js';
import type { IfCond, SchemaDefinition, SchemaFeature, SchemaType } from '../../../schema/model.js';
import { integerRangeNote } from '../builtins.js';
import type { EmitContext } from '../context.js';
import { addBody, addSections, describedName, type SectionOptions } from './doc-text.js';
import { addFeatures } from './features.js';
import { DocComment } from './tsdoc.js';

/**
 * The doc of a named definition (a command's or event's is on its entry in the command or
 * event map); `lead` is a sentence placed first (what an implicit type is).
 */
export function definitionDoc(definition: SchemaDefinition, ctx: EmitContext, lead?: string, sections: SectionOptions = {}): DocComment {
  const comment = new DocComment().paragraph(lead);
  addBody(comment, definition.doc);
  comment.paragraph(ctx.conditions.availabilityNote(definition.if));
  addFeatures(comment, definition.features, definition.doc, ctx.conditions);
  addSections(comment, definition.doc, sections);
  return comment;
}

/** Anything documented inside a definition: a member, an enum value, a branch. */
interface DocumentedItem {
  readonly name: string;
  readonly if: IfCond | undefined;
  readonly features?: readonly SchemaFeature[];
  readonly type?: SchemaType;
}

/** The doc of an item, described in `doc` (the doc of the definition that declares it). */
export function itemDoc(item: DocumentedItem, doc: QAPIDoc | undefined, ctx: EmitContext): DocComment {
  const comment = new DocComment().paragraph(describedName(doc, item.name));
  if (item.type) comment.paragraph(integerRangeNote(item.type));
  comment.paragraph(ctx.conditions.availabilityNote(item.if));
  addFeatures(comment, item.features ?? [], doc, ctx.conditions);
  return comment;
}
