/**
 * Object members as interface properties: wire names, `?:` for optional members, each with
 * its description, range, condition and features.
 */
import type CodeBlockWriter from 'code-block-writer';
import type { QAPIDoc } from '../../doc/doc.js';
import type { SchemaObjectMember } from '../../schema/model.js';
import type { EmitContext } from './context.js';
import { itemDoc } from './docs/declaration-doc.js';
import type { ModuleFile } from './files/module-file.js';
import { propertyName } from './naming.js';

/** The members kept under the selected conditions. */
export function keptMembers(members: readonly SchemaObjectMember[], ctx: EmitContext): SchemaObjectMember[] {
  return members.filter((m) => ctx.conditions.keeps(m.if));
}

/** One property per member; `doc` is the doc block that describes them. */
function writeMembers(
  writer: CodeBlockWriter,
  members: readonly SchemaObjectMember[],
  doc: QAPIDoc | undefined,
  file: ModuleFile,
  ctx: EmitContext,
): void {
  for (const member of members) {
    itemDoc(member, doc, ctx).write(writer);
    const optional = member.optional ? '?' : '';
    writer.writeLine(`${propertyName(member.name)}${optional}: ${ctx.typeRef(member.type, file)};`);
  }
}

/** `{ ... }` holding the members, written after whatever is on the current line. */
export function writeObjectBody(
  writer: CodeBlockWriter,
  members: readonly SchemaObjectMember[],
  doc: QAPIDoc | undefined,
  file: ModuleFile,
  ctx: EmitContext,
): void {
  if (members.length === 0) {
    writer.write('{}');
    return;
  }
  writer.write('{').newLine();
  writer.indent(() => writeMembers(writer, members, doc, file, ctx));
  writer.write('}');
}
