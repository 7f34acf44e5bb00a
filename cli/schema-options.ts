/**
 * The schema options every command that reads a schema takes (`dump`, `generate`,
 * `introspect`, `serve`), from this one place: `-D/--define SYMBOL` (repeatable),
 * `--defines-file FILE`, `--unmask` and `--qemu VERSION` (the QEMU release whose QAPI
 * dialect the schema is read in). Every command reads them the same way: the symbols
 * are the union of `-D`s and the file, and with none every `if` is kept (the generated
 * TypeScript documents the condition instead).
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { CommonBackendOptions } from '../generator/backends/backend.js';
import type { QemuVersion } from '../generator/dialect/dialect.js';
import { DEFAULT_QEMU_VERSION, QEMU_VERSIONS, UnknownQemuVersionError, qemuVersion } from '../generator/dialect/versions.js';
import { UsageError } from './usage-error.js';

export interface SchemaOptions {
  readonly define?: readonly string[];
  readonly definesFile?: string;
  readonly unmask?: boolean;
  /** Accepted for compatibility: keeping every `if` is the default now. */
  readonly allConditions?: boolean;
  readonly qemu?: string;
}

/** The options every back end takes, and the release the schema is read as. */
export interface SchemaSettings extends CommonBackendOptions {
  readonly unmask: boolean;
  /** The QEMU release whose dialect the schema is read in. */
  readonly qemu: QemuVersion;
}

export interface SchemaOptionHelp {
  /** What `-D SYMBOL` does for this command (default: it selects what is kept). */
  readonly defines?: string;
  /** What `--unmask` does for this command, or that it does nothing here. */
  readonly unmask: string;
  /** What `--qemu VERSION` does for this command, and its default (default: the schema's dialect, 10.0). */
  readonly qemu?: string;
}

const QEMU_HELP = `read the schema in the QAPI dialect of QEMU VERSION: ${QEMU_VERSIONS.join(', ')} (default: ${DEFAULT_QEMU_VERSION})`;

const DEFINES_HELP = "an 'if' symbol that is defined: what its conditions exclude is left out; with none, every conditional item is kept";

export function addSchemaOptions(command: Command, help: SchemaOptionHelp): Command {
  return addDefineOptions(command, help.defines ?? DEFINES_HELP)
    .option('--unmask', help.unmask)
    .option('--qemu <version>', help.qemu ?? QEMU_HELP)
    .addOption(
      new Option('--all-conditions', 'the default: every conditional item is kept').hideHelp().conflicts(['define', 'definesFile']),
    );
}

/** `-D/--define SYMBOL` (repeatable) and `--defines-file FILE`, read by schemaSettings(). */
export function addDefineOptions(command: Command, defines: string): Command {
  return command
    .option('-D, --define <symbol>', `${defines} (repeatable, e.g. -D CONFIG_LINUX -D TARGET_I386)`, collect)
    .option('--defines-file <file>', 'more defined symbols, from a JSON file like {"defined": ["CONFIG_LINUX"]} (other keys are ignored)');
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The settings the options name, flags first, then `fallback` (a config file's keys, or a
 * command's own default release) for what no flag gives. Throws a UsageError when the defines
 * file is unusable or the QEMU version unknown.
 */
export function schemaSettings(options: SchemaOptions, fallback: Partial<SchemaSettings> = {}): SchemaSettings {
  const given = options.define !== undefined || options.definesFile !== undefined;
  const fromFile = options.definesFile === undefined ? [] : readDefinesFile(options.definesFile);
  return {
    defines: given ? [...new Set([...fromFile, ...(options.define ?? [])])] : (fallback.defines ?? []),
    unmask: options.unmask ?? fallback.unmask ?? false,
    qemu: selectedQemu(options.qemu ?? fallback.qemu ?? DEFAULT_QEMU_VERSION),
  };
}

function selectedQemu(version: string): QemuVersion {
  try {
    return qemuVersion(version);
  } catch (err) {
    if (err instanceof UnknownQemuVersionError) throw new UsageError(err.message);
    throw err;
  }
}

function readDefinesFile(file: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read defines file '${file}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const defined = typeof data === 'object' && data !== null && 'defined' in data ? data.defined : undefined;
  if (!Array.isArray(defined) || !defined.every((s): s is string => typeof s === 'string')) {
    throw new UsageError(`defines file '${file}' must be a JSON object with a "defined" array of strings`);
  }
  return defined;
}
