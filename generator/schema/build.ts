/** From checked expressions to the checked schema (QEMU's `QAPISchema.__init__`). */
import type { Dialect } from '../dialect/dialect.js';
import { QEMU_7_2 } from '../dialect/qemu-7.2.js';
import type { CheckedExpression } from '../expr/checked.js';
import type { ParseResult } from '../parser/expression.js';
import { checkSchema } from './check.js';
import { defineExpressions } from './define.js';
import type { Schema } from './model.js';
import { BUILTIN_MODULE_NAME } from './modules.js';
import { predefinedEntities } from './predefined.js';
import { SchemaRegistry } from './registry.js';

/**
 * Defines the predefined entities and then every expression's entities (reporting
 * redefinitions), then runs the check phase. Throws the first QAPIError.
 * Connecting docs completes the doc blocks of `parsed` (undocumented members get empty
 * entries), so build once per parse.
 */
export function buildSchema(
  checked: readonly CheckedExpression[],
  parsed: ParseResult,
  mainFile: string,
  dialect: Dialect = QEMU_7_2,
): Schema {
  const registry = new SchemaRegistry(mainFile, dialect);
  registry.moduleIndex.make(BUILTIN_MODULE_NAME);
  registry.moduleIndex.make(mainFile);
  for (const ent of predefinedEntities(dialect.qtypePrefix)) registry.define(ent);
  defineExpressions(registry, checked);
  checkSchema(registry, parsed.pragmas, parsed.docs, checked);
  return registry;
}
