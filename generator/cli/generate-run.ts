import { relative, resolve } from 'node:path';
import { dialectFor } from '../dialect/select.js';
import type { QemuVersion } from '../dialect/dialect.js';
import { loadSchema } from '../frontend.js';
import { MissingDependencyError } from '../backends/javascript/missing-dependency.js';
import { generate, generateJavaScript, syncOutput, type GeneratedFile, type GenerateOptions, type SyncResult } from '../generate.js';
import { CONFIG_FILE, ConfigError, loadConfig, type GenerateConfig } from './config.js';
import type { CliIO } from './io.js';
import type { GenerateFlags } from './generate.js';
import { selectedQemu, withDialectHint } from './qemu-option.js';

type Settings = Required<Omit<GenerateConfig, 'qemu'>> & { readonly qemu: QemuVersion };

/** The body of `qapi-ts generate`, loaded only when it runs (it brings the TypeScript backend). */
export function runGenerate(schemaArg: string | undefined, flags: GenerateFlags, io: CliIO): number {
  let settings: Settings;
  try {
    settings = resolveSettings(schemaArg, flags);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr(`qapi-ts: ${err.message}\n`);
    return 1;
  }
  const { schema, qemu } = settings;
  const options: GenerateOptions = {
    schema,
    qemu,
    defines: settings.defines,
    unmask: flags.unmask === true,
    int64: settings.int64,
    importExtension: settings.importExtension === 'none' ? '' : settings.importExtension,
  };
  let files: GeneratedFile[];
  try {
    files = withDialectHint(
      qemu,
      () => (settings.target === 'js' ? generateJavaScript(options) : generate(options)),
      (other) => loadSchema(schema, undefined, dialectFor(other)),
    );
  } catch (err) {
    if (!(err instanceof MissingDependencyError)) throw err;
    io.stderr(`qapi-ts: ${err.message}\n`);
    return 1;
  }
  const result = syncOutput(settings.output, files, { check: flags.check === true });
  return flags.check === true ? reportCheck(result, settings.output, io) : reportWrite(result, settings.output, io);
}

/** Flags over config over defaults; an error when no schema or output is known. */
function resolveSettings(schemaArg: string | undefined, flags: GenerateFlags): Settings {
  const config = loadConfig(resolve(flags.config ?? CONFIG_FILE), flags.config !== undefined);
  const schema = schemaArg ?? config.schema;
  const output = flags.output ?? config.output;
  if (schema === undefined) throw new ConfigError(`no schema given, and no 'schema' in ${flags.config ?? CONFIG_FILE}`);
  if (output === undefined) throw new ConfigError(`no output folder given (-o DIR), and no 'output' in ${flags.config ?? CONFIG_FILE}`);
  const target = flags.target ?? config.target ?? 'ts';
  const importExtension = flags.importExtension ?? config.importExtension ?? '.js';
  if (target === 'js' && importExtension === '.ts') {
    throw new ConfigError("--import-extension .ts is for TypeScript output: JavaScript imports '.js' files (or none, with a bundler)");
  }
  return {
    schema, output, target, importExtension,
    defines: flags.define ?? config.defines ?? [],
    int64: flags.int64 ?? config.int64 ?? 'number',
    qemu: selectedQemu(flags.qemu, config.qemu),
  };
}

function reportWrite(result: SyncResult, output: string, io: CliIO): number {
  const removed = result.removed.length > 0 ? `, ${result.removed.length} removed` : '';
  io.stdout(`${displayPath(output)}: ${result.changed.length} written, ${result.unchanged.length} unchanged${removed}\n`);
  return 0;
}

function reportCheck(result: SyncResult, output: string, io: CliIO): number {
  const stale = [...result.changed, ...result.removed].map((path) => `${displayPath(output)}/${path}`);
  if (stale.length === 0) return 0;
  io.stderr(`qapi-ts: generated files are out of date (run qapi-ts generate):\n${stale.map((s) => `  ${s}\n`).join('')}`);
  return 1;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
