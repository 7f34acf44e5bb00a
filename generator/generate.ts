/**
 * The programmatic API of `qapi-ts generate`: a schema in, the TypeScript files out (in
 * memory). The CLI is a thin layer over this and `syncOutput`.
 */
import { emitJavaScript } from './backends/javascript/emit.js';
import { generateTypeScript, type GeneratedFile } from './backends/typescript/backend.js';
import type { QemuVersion } from './dialect/dialect.js';
import { dialectFor } from './dialect/select.js';
import { DEFAULT_QEMU_VERSION } from './dialect/versions.js';
import { loadSchema } from './frontend.js';
import { FROM_INTROSPECTION_DEFINES, introspectionHeader, schemaFromIntrospection } from './introspection/build.js';
import type { Int64Representation } from './backends/typescript/builtins.js';
import type { ImportExtension } from './backends/typescript/files/module-paths.js';
import { packageVersion } from './package-version.js';
import type { FileReader } from './parser/read-source.js';

export type { GeneratedFile } from './backends/typescript/backend.js';
export type { Int64Representation } from './backends/typescript/builtins.js';
export type { ImportExtension } from './backends/typescript/files/module-paths.js';
export { MissingDependencyError } from './backends/javascript/missing-dependency.js';
export type { QemuVersion } from './dialect/dialect.js';
export { QAPIError } from './source/error.js';
export { MANIFEST_FILE, OutputError, syncOutput, type SyncOptions, type SyncResult } from './output/output-dir.js';
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
  /**
   * How `int`, `int64`, `uint64` and `size` are typed: `number` (default; the typed client
   * converts and reports a value a number cannot hold exactly) or `bigint` (always bigints).
   */
  readonly int64?: Int64Representation;
  /** What imports put after a module's name: `.js` (default), `.ts`, or `''` (none, for bundlers). */
  readonly importExtension?: ImportExtension;
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
 * paths relative to the output directory.
 *
 * @throws {QAPIError} on the schema's first error (as QEMU, it stops there), an unreadable
 *   schema file included: `message` is exactly what `qapi-ts generate` prints, `file`, `line`
 *   and (for lexer, parser and doc-comment errors) `column` say where.
 */
export function generate(options: GenerateOptions): GeneratedFile[] {
  return generateFor(options, 'ts');
}

function generateFor(options: GenerateOptions, target: 'ts' | 'js'): GeneratedFile[] {
  const qemu = options.qemu ?? '7.2';
  const loaded = loadSchema(options.schema, options.readFile, dialectFor(qemu));
  return generateTypeScript(loaded, {
    dialect: qemu,
    defines: options.defines ?? [],
    unmask: options.unmask ?? false,
    int64: options.int64 ?? 'number',
    importExtension: options.importExtension ?? '.js',
    version: packageVersion(),
    target,
  });
}

/**
 * The same package as ESM JavaScript with a `.d.ts` beside each file, compiled with the
 * TypeScript compiler API of `ts-morph` (an optional dependency, loaded by this call only).
 * Throws a `QAPIError` on a schema error (as `generate()` does), a MissingDependencyError when ts-morph is missing.
 */
export function generateJavaScript(options: GenerateOptions): GeneratedFile[] {
  if (options.importExtension === '.ts') throw new Error(TS_EXTENSION_IN_JS);
  return emitJavaScript(generateFor(options, 'js'));
}

const TS_EXTENSION_IN_JS = "importExtension '.ts' is for TypeScript output: JavaScript imports '.js' files (or none, with a bundler)";

/** What `generateFromIntrospection()` reads: a `query-qmp-schema` reply, and the options of `qapi-ts generate` that apply to one. */
export interface GenerateFromIntrospectionOptions {
  /** A `query-qmp-schema` reply as parsed JSON: the list, or `{"return": [...]}`. */
  readonly reply: unknown;
  /** What messages call it (a file name, an address). */
  readonly source: string;
  /** Who gave it, for the header of every file (default: `source`). */
  readonly origin?: string;
  /** The introspection data keeps the generated type names instead of QEMU's numbers. */
  readonly unmask?: boolean;
  /** The release whose predefined types the model takes (default: the command line's default, 10.0). */
  readonly qemu?: QemuVersion;
  /** As for `generate`. */
  readonly int64?: Int64Representation;
  /** As for `generate`. */
  readonly importExtension?: ImportExtension;
  /** `js`: ESM JavaScript with `.d.ts` files, as `generateJavaScript` (default `ts`). */
  readonly target?: 'ts' | 'js';
}

/**
 * Generates the TypeScript package of what a QEMU build says about itself (its
 * `query-qmp-schema` reply): the same files as `generate`, without docs. Throws a `QAPIError`
 * when the reply is not one QEMU could give.
 */
export function generateFromIntrospection(options: GenerateFromIntrospectionOptions): GeneratedFile[] {
  const qemu = options.qemu ?? DEFAULT_QEMU_VERSION;
  const target = options.target ?? 'ts';
  if (target === 'js' && options.importExtension === '.ts') throw new Error(TS_EXTENSION_IN_JS);
  const loaded = schemaFromIntrospection(options.reply, options.source, dialectFor(qemu));
  const files = generateTypeScript(loaded, {
    dialect: qemu,
    defines: FROM_INTROSPECTION_DEFINES,
    unmask: (options.unmask ?? false) || !loaded.masked,
    int64: options.int64 ?? 'number',
    importExtension: options.importExtension ?? '.js',
    version: packageVersion(),
    target,
    header: introspectionHeader(options.origin ?? options.source),
  });
  return target === 'js' ? emitJavaScript(files) : files;
}
