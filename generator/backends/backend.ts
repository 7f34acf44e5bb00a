/**
 * The contract every back end implements, after QEMU's generators (scripts/qapi/gen.py and
 * the `gen_*` entry points of scripts/qapi/*.py: one visitor of the checked schema per output)
 * and protobuf-es's plugin object: a name, the options it takes, and one function from the
 * checked schema plus options to text or files. Every back end takes the common options, so
 * the command line gives every command that reads a schema the same ones
 * (generator/cli/schema-options.ts); a back end that has no use for one ignores it.
 */
import type { LoadedSchema } from '../frontend.js';

/** One file of a generated package: its path relative to the output folder and its text. */
export interface GeneratedFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/** The options every back end takes. */
export interface CommonBackendOptions {
  /**
   * The `if` symbols that are defined: what their conditions exclude is left out. None keeps
   * every item (schema/conditions.ts `definedSymbols`).
   */
  readonly defines: readonly string[];
  /** Real type names where QEMU masks them as `"0"`, `"1"`... (QEMU's `--unmask-non-abi-names`). */
  readonly unmask?: boolean;
}

/** Text for one stream, handed to `sink` in pieces (a dump of QEMU's schema is ~100k lines). */
export interface TextOutput {
  readonly kind: 'text';
  write(sink: (chunk: string) => void): void;
}

/** Files for an output directory. */
export interface FilesOutput {
  readonly kind: 'files';
  readonly files: readonly GeneratedFile[];
}

export type BackendOutput = TextOutput | FilesOutput;

export interface Backend<Options extends CommonBackendOptions = CommonBackendOptions, Output extends BackendOutput = BackendOutput> {
  /** What the command line and messages call it: `dump`, `introspect`, `typescript`... */
  readonly name: string;
  generate(loaded: LoadedSchema, options: Options): Output;
}
