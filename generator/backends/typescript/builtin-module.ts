/**
 * `builtin.ts`: the predefined declarations the other files referenced (the JSON value type
 * of `any`, the `QType` enum); nothing unused. It runs after the other printers for that.
 */
import type { Schema } from '../../schema/model.js';
import { JSON_VALUE_NAME, jsonValueDeclaration } from './builtins.js';
import type { EmitContext } from './context.js';
import { printEnum } from './enums.js';

export function generateBuiltins(schema: Schema, ctx: EmitContext): void {
  schema.entities.forEach((entity, order) => {
    if (entity.kind === 'include' || entity.module.name !== './builtin' || !ctx.usedBuiltins.has(entity.name)) return;
    const file = ctx.fileOf(entity.module);
    if (entity.kind === 'enum') {
      file.add(order, printEnum(entity, ctx));
    } else if (entity.kind === 'builtin' && entity.name === 'any') {
      ctx.declare(JSON_VALUE_NAME, 'any', undefined);
      file.add(order, jsonValueDeclaration(ctx.int64));
    }
  });
}
