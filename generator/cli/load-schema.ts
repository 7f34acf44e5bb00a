/** How the schema commands read a schema: in the dialect `--qemu` names, with the hint on a mismatch. */
import { dialectFor } from '../dialect/select.js';
import { loadSchema, type LoadedSchema } from '../frontend.js';
import { selectedQemu, withDialectHint } from './qemu-option.js';

/** Reads `schema` as QEMU `qemu` (else `fallback`, else the default release). */
export function loadSchemaAs(schema: string, qemu: string | undefined, fallback?: string): LoadedSchema {
  const version = selectedQemu(qemu, fallback);
  const load = (v: string): LoadedSchema => loadSchema(schema, undefined, dialectFor(v));
  return withDialectHint(version, () => load(version), load);
}
