/**
 * The free-form doc blocks that open a QAPI file (its section heading, sometimes prose)
 * become the comment under the generated file's header; later ones (subsection headings)
 * become a comment where they stand, before the next definition.
 */
import type { Schema, SchemaModule } from '../../../schema/model.js';
import type { EmitContext } from '../context.js';
import { freeFormText } from './doc-text.js';
import { lineComment } from '../files/module-file.js';

export function generateModuleIntros(schema: Schema, ctx: EmitContext): void {
  const modules = modulesByFile(schema);
  const firstLines = firstDefinitionLines(schema);
  const intros = new Map<SchemaModule, string[]>();
  for (const doc of ctx.docs) {
    const module = modules.get(doc.info.fname);
    const text = doc.symbol === undefined ? freeFormText(doc) : '';
    if (!module || !text) continue;
    if (doc.info.line < (firstLines.get(module) ?? Infinity)) intros.set(module, [...(intros.get(module) ?? []), text]);
    else ctx.fileOf(module).add(orderAfter(schema, doc.info.fname, doc.info.line), lineComment(text));
  }
  for (const [module, texts] of intros) ctx.fileOf(module).intro = texts.join('\n\n');
}

/** Just before the first definition of the file below `line` (or after all of them). */
function orderAfter(schema: Schema, fname: string, line: number): number {
  const next = schema.entities.findIndex((e) => e.kind !== 'include' && e.info?.fname === fname && e.info.line > line);
  return (next < 0 ? schema.entities.length : next) - 0.5;
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
