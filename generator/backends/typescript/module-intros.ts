/**
 * The free-form doc blocks that open a QAPI file (its section heading, sometimes prose)
 * become the comment under the generated file's header.
 */
import type { Schema, SchemaModule } from '../../schema/model.js';
import type { EmitContext } from './context.js';
import { freeFormText } from './doc-text.js';

export function generateModuleIntros(schema: Schema, ctx: EmitContext): void {
  const modules = modulesByFile(schema);
  const firstLines = firstDefinitionLines(schema);
  const intros = new Map<SchemaModule, string[]>();
  for (const doc of ctx.docs) {
    const module = modules.get(doc.info.fname);
    if (doc.symbol !== undefined || !module || doc.info.line > (firstLines.get(module) ?? Infinity)) continue;
    const text = freeFormText(doc);
    if (text) intros.set(module, [...(intros.get(module) ?? []), text]);
  }
  for (const [module, texts] of intros) ctx.fileOf(module).intro = texts.join('\n\n');
}

function modulesByFile(schema: Schema): Map<string, SchemaModule> {
  const modules = new Map<string, SchemaModule>();
  for (const entity of schema.entities) {
    if (entity.info && !entity.module.isSystem) modules.set(entity.info.fname, entity.module);
  }
  return modules;
}

/** The line of each module's first definition (include directives do not count). */
function firstDefinitionLines(schema: Schema): Map<SchemaModule, number> {
  const lines = new Map<SchemaModule, number>();
  for (const entity of schema.entities) {
    if (entity.kind === 'include' || !entity.info || lines.has(entity.module)) continue;
    lines.set(entity.module, entity.info.line);
  }
  return lines;
}
