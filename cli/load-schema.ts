/** How the schema commands read a schema: in the dialect `--qemu` names, with the hint on a mismatch. */
import type { QemuVersion } from '../generator/dialect/dialect.js';
import { dialectFor } from '../generator/dialect/select.js';
import { loadSchema, type LoadedSchema } from '../generator/frontend.js';
import { withDialectHint } from './qemu-option.js';

/** Reads `schema` as QEMU `qemu` reads it. */
export function loadSchemaAs(schema: string, qemu: QemuVersion): LoadedSchema {
  const load = (v: string): LoadedSchema => loadSchema(schema, undefined, dialectFor(v));
  return withDialectHint(qemu, () => load(qemu), load);
}
