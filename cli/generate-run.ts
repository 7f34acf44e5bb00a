import { relative, resolve } from 'node:path';
import { dialectFor } from '../generator/dialect/select.js';
import { loadSchema } from '../generator/frontend.js';
import {
  generate,
  generateJavaScript,
  syncOutput,
  type GenerateOptions,
  type Int64Representation,
  type SyncResult,
} from '../generator/generate.js';
import { MANIFEST_FILE } from '../generator/output/manifest-file.js';
import { CONFIG_FILE, ConfigError, loadConfig } from './config.js';
import type { CliIO } from './io.js';
import { withDialectHint } from './qemu-option.js';
import { schemaSettings, type SchemaOptions, type SchemaSettings } from './schema-options.js';

/** The options of `qapi-ts generate`, as commander gives them. */
export interface GenerateFlags extends SchemaOptions {
  readonly output?: string;
  readonly check?: boolean;
  readonly watch?: boolean;
  readonly config?: string;
  readonly int64?: 'number' | 'bigint';
  readonly target?: 'ts' | 'js';
  readonly importExtension?: '.js' | '.ts' | 'none';
  readonly fromIntrospection?: string;
}

/** What one `generate` run works from: flags over the config file. */
export interface GenerateSettings extends SchemaSettings {
  readonly schema: string;
  /** The output folder, relative to the current directory when it is below it (for messages). */
  readonly output: string;
  readonly int64: Int64Representation;
  readonly target: 'ts' | 'js';
  readonly importExtension: '.js' | '.ts' | 'none';
}

/** The body of `qapi-ts generate`, loaded only when it runs (it brings the TypeScript backend). */
export function runGenerate(schemaArg: string | undefined, flags: GenerateFlags, io: CliIO): number {
  const settings = resolveSettings(schemaArg, flags);
  const result = generateInto(settings, flags.check === true);
  if (flags.check === true) return reportCheck(result, settings.output, io);
  io.stdout(`${describeWrite(result, settings.output)}\n`);
  return 0;
}

/**
 * Generates and brings the output folder up to date (or checks it). Throws QAPIError (a
 * DialectMismatchError when another QEMU release reads the schema), OutputError, and
 * MissingDependencyError for `--target js` without ts-morph.
 */
export function generateInto(settings: GenerateSettings, check: boolean, readFile?: GenerateOptions['readFile']): SyncResult {
  const { schema, qemu } = settings;
  const options: GenerateOptions = {
    schema,
    qemu,
    defines: settings.defines,
    unmask: settings.unmask,
    int64: settings.int64,
    importExtension: settings.importExtension === 'none' ? '' : settings.importExtension,
    ...(readFile !== undefined && { readFile }),
  };
  const files = withDialectHint(
    qemu,
    () => (settings.target === 'js' ? generateJavaScript(options) : generate(options)),
    (other) => loadSchema(schema, readFile, dialectFor(other)),
  );
  return syncOutput(settings.output, files, { check });
}

/** Flags over config over defaults; a ConfigError saying what is missing when no schema or output is known. */
export function resolveSettings(schemaArg: string | undefined, flags: GenerateFlags): GenerateSettings {
  const configName = flags.config ?? CONFIG_FILE;
  const config = loadConfig(resolve(configName), flags.config !== undefined);
  const schema = schemaArg ?? config?.schema;
  const output = flags.output ?? config?.output;
  if (schema === undefined) {
    throw new ConfigError(
      config === undefined
        ? `no schema given, and there is no ${CONFIG_FILE} in ${process.cwd()}: name one (qapi-ts generate SCHEMA -o DIR) ` +
            `or create ${CONFIG_FILE} with { schema: 'path/to/schema.json', output: 'DIR' }`
        : `no schema given, and ${configName} has no 'schema' key: add one (schema: 'path/to/schema.json') or name it (qapi-ts generate SCHEMA)`,
    );
  }
  if (output === undefined) {
    throw new ConfigError(
      config === undefined
        ? `no output folder given: add -o DIR (there is no ${CONFIG_FILE} here to give one)`
        : `no output folder given, and ${configName} has no 'output' key: add one (output: 'DIR') or give -o DIR`,
    );
  }
  const target = flags.target ?? config?.target ?? 'ts';
  const importExtension = flags.importExtension ?? config?.importExtension ?? '.js';
  if (target === 'js' && importExtension === '.ts') {
    throw new ConfigError("--import-extension .ts is for TypeScript output: JavaScript imports '.js' files (or none, with a bundler)");
  }
  return {
    schema,
    output: displayPath(output),
    int64: flags.int64 ?? config?.int64 ?? 'number',
    target,
    importExtension,
    ...schemaSettings(flags, {
      ...(config?.defines && { defines: config.defines }),
      ...(config?.unmask !== undefined && { unmask: config.unmask }),
      ...(config?.qemu !== undefined && { qemu: config.qemu }),
    }),
  };
}

/** `generated: 2 written, 9 unchanged, 1 removed`, and what was left alone. */
export function describeWrite(result: SyncResult, output: string): string {
  const removed = result.removed.length > 0 ? `, ${result.removed.length} removed` : '';
  const kept =
    result.keptEdited.length > 0
      ? `; left alone, edited since generated and no longer generated: ${result.keptEdited.map((p) => `${output}/${p}`).join(', ')}`
      : '';
  return `${output}: ${result.changed.length} written, ${result.unchanged.length} unchanged${removed}${kept}`;
}

function reportCheck(result: SyncResult, output: string, io: CliIO): number {
  const paths = [...result.changed, ...result.removed, ...(result.manifestChanged ? [MANIFEST_FILE] : [])];
  if (paths.length === 0) return 0;
  const stale = paths.map((path) => `${output}/${path}`);
  io.stderr(`qapi-ts: generated files are out of date (run qapi-ts generate):\n${stale.map((s) => `  ${s}\n`).join('')}`);
  return 1;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel === '' ? '.' : rel.startsWith('..') ? resolve(path) : rel;
}
