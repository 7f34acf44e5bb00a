import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { generate, syncOutput, type SyncResult } from '../generate.js';
import { CONFIG_FILE, ConfigError, loadConfig, type GenerateConfig } from './config.js';
import { reportErrors, type CliIO } from './io.js';

interface GenerateFlags {
  readonly output?: string;
  readonly define?: string[];
  readonly check?: boolean;
  readonly config?: string;
}

const DESCRIPTION = [
  'Generate the TypeScript types of SCHEMA (following its includes) into a folder: one module per QAPI file plus index.ts. ' +
    'Files are written only when their content changes; files an earlier run generated that are no longer produced are removed.',
  `Without SCHEMA, the schema, output folder and defines come from ${CONFIG_FILE} in the current directory ` +
    '(paths in it are relative to it); flags override it.',
  'On a schema error, print it as `qapi-ts dump` does (file:line: message) and exit 1.',
].join('\n\n');

const EXAMPLES = `
Examples:
  $ qapi-ts generate
      regenerate as ${CONFIG_FILE} says (here: qapi/qapi-schema.json -> generated/)
  $ qapi-ts generate qemu/qapi/qapi-schema.json -o src/qmp
      generate QEMU's QMP types into src/qmp/
  $ qapi-ts generate qemu/qapi/qapi-schema.json -o src/qmp -D CONFIG_LINUX -D TARGET_I386
      leave out everything whose 'if' is false when only CONFIG_LINUX and TARGET_I386 are defined
  $ qapi-ts generate --check
      in CI: exit 1, naming the files, when the committed output is stale
  $ qapi-ts generate --config tools/qapi.config.json5`;

export function registerGenerate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('generate')
    .summary('generate TypeScript types from a schema')
    .description(DESCRIPTION)
    .argument('[schema]', `the main schema file, e.g. qapi/qapi-schema.json (default: from ${CONFIG_FILE})`)
    .option('-o, --output <dir>', 'the folder to generate into, e.g. -o generated (default: from the config)')
    .option(
      '-D, --define <symbol>',
      "an 'if' symbol that is defined, e.g. -D CONFIG_LINUX; repeat for more. " +
        'With none, every conditional item is kept and its TSDoc states its condition',
      collect,
    )
    .option('--check', 'write nothing; exit 1 naming the files that are not up to date, e.g. in CI')
    .option('-c, --config <file>', `the config file, e.g. -c tools/qapi.config.json5 (default: ./${CONFIG_FILE} if present)`)
    .addHelpText('after', EXAMPLES)
    .action((schema: string | undefined, flags: GenerateFlags) => {
      setExit(reportErrors(io, () => runGenerate(schema, flags, io)));
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function runGenerate(schemaArg: string | undefined, flags: GenerateFlags, io: CliIO): number {
  let settings: Required<GenerateConfig>;
  try {
    settings = resolveSettings(schemaArg, flags);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr(`qapi-ts: ${err.message}\n`);
    return 1;
  }
  const files = generate({ schema: settings.schema, defines: settings.defines });
  const result = syncOutput(settings.output, files, { check: flags.check === true });
  return flags.check === true ? reportCheck(result, settings.output, io) : reportWrite(result, settings.output, io);
}

/** Flags over config over defaults; an error when no schema or output is known. */
function resolveSettings(schemaArg: string | undefined, flags: GenerateFlags): Required<GenerateConfig> {
  const config = loadConfig(resolve(flags.config ?? CONFIG_FILE), flags.config !== undefined);
  const schema = schemaArg ?? config.schema;
  const output = flags.output ?? config.output;
  if (schema === undefined) throw new ConfigError(`no schema given, and no 'schema' in ${flags.config ?? CONFIG_FILE}`);
  if (output === undefined) throw new ConfigError(`no output folder given (-o DIR), and no 'output' in ${flags.config ?? CONFIG_FILE}`);
  return { schema, output, defines: flags.define ?? config.defines ?? [] };
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
