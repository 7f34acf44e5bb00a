/**
 * The programmatic API of `qapi-ts generate`: a schema in, the TypeScript files out (in
 * memory). The CLI is a thin layer over this and `syncOutput`.
 */
import { generateTypeScript, type GeneratedFile } from './backends/typescript/backend.js';
import type { QemuVersion } from './dialect/dialect.js';
import { dialectFor } from './dialect/select.js';
import { loadSchema } from './frontend.js';
import type { FileReader } from './parser/read-source.js';

export type { GeneratedFile } from './backends/typescript/backend.js';
export type { QemuVersion } from './dialect/dialect.js';
export { MANIFEST_FILE, OutputError, syncOutput, type SyncOptions, type SyncResult } from './output-dir.js';
export type { FileReader } from './parser/read-source.js';

/** What `generate()` reads and how: the main schema file, `if` symbols, and the options of `qapi-ts generate`. */
export interface GenerateOptions {
  /** The main schema file, e.g. `qapi/qapi-schema.json`. */
  readonly schema: string;
  /**
   * `if` symbols to evaluate conditions with: items whose condition is false are left out.
   * None (the default) keeps every item and documents its condition.
   */
  readonly defines?: readonly string[];
  /** The introspection data keeps real type names instead of `"0"`, `"1"`... (QEMU's `--unmask-non-abi-names`). */
  readonly unmask?: boolean;
  /** How schema files are read (tests pass in-memory files); defaults to the file system. */
  readonly readFile?: FileReader;
  /**
   * The QEMU release whose QAPI dialect the schema is written in: `'7.2'` (the default, what
   * this API always read) or `'10.0'`. Another string is an error naming the supported ones.
   */
  readonly qemu?: QemuVersion;
}

/**
 * Generates the TypeScript package of a schema: one file per QAPI module plus `index.ts`,
 * paths relative to the output directory. Throws a `QAPIError` on a schema error.
 */
export function generate(options: GenerateOptions): GeneratedFile[] {
  const loaded = loadSchema(options.schema, options.readFile, dialectFor(options.qemu ?? '7.2'));
  return generateTypeScript(loaded, { defines: options.defines ?? [], unmask: options.unmask ?? false });
}
