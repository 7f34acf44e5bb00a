import { Option, type Command } from 'commander';
import { MANIFEST_FILE } from '../generator/output/manifest-file.js';
import { CONFIG_FILE } from './config-file.js';
import type { GenerateFlags } from './generate-run.js';
import { reportErrors, type CliIO } from './io.js';
import { addSchemaOptions } from './schema-options.js';

const DESCRIPTION = [
  'Generate the TypeScript types of SCHEMA (following its includes) into a folder: one module per QAPI file, the QMP command and event maps, ' +
    'the query-qmp-schema data and the validation tables (qmp-*.ts), plus index.ts.',
  `The folder's ${MANIFEST_FILE} lists the files qapi-ts wrote there: only those are ever rewritten or removed, and a name taken by ` +
    'any other file is an error, so generating into a folder that holds other files (even -o .) is safe. ' +
    'Files are written only when their content changes, all at once: each under a temporary name first, then renamed into place; ' +
    'if a write fails, the previous output is left as it was.',
  `Without SCHEMA, the schema, output folder, defines, unmask, qemu (the QEMU release), int64, target and importExtension come from ${CONFIG_FILE} in the current directory ` +
    '(paths in it are relative to it); flags override it.',
  'On a schema error, print it as `qapi-ts dump` does (file:line: message) and exit 1.',
].join('\n\n');

const EXAMPLES = `
Examples:
  $ qapi-ts generate
      regenerate as ${CONFIG_FILE} says (here: qapi/qapi-schema.json -> generated/)
  $ qapi-ts generate qemu/qapi/qapi-schema.json -o src/qmp
      generate QEMU 10.0's QMP types into src/qmp/
  $ qapi-ts generate --qemu 7.2 qemu-7.2/qapi/qapi-schema.json -o src/qmp
      the same for a QEMU 7.2 schema
  $ qapi-ts generate qemu/qapi/qapi-schema.json -o src/qmp -D CONFIG_LINUX -D TARGET_I386
      leave out everything whose 'if' is false when only CONFIG_LINUX and TARGET_I386 are defined
  $ qapi-ts generate qemu/qapi/qapi-schema.json -o lib/qmp --target js --int64 bigint
      JavaScript with .d.ts declarations, 64-bit integers as bigints
  $ qapi-ts generate --watch
      regenerate whenever the schema or a file it includes changes (Ctrl-C to stop)
  $ qapi-ts generate --check
      in CI: exit 1, naming the files, when the committed output is stale
  $ qapi-ts generate --config tools/qapi.config.json5
  $ qapi-ts generate --from-introspection unix:/run/qemu/qmp.sock -o src/qemu
      the types of the QEMU listening there, from its query-qmp-schema reply (no docs)
  $ qapi-ts generate --from-introspection query-qmp-schema.json -o src/qemu
      the same from a saved reply (the bare array or {"return": [...]})`;

export function registerGenerate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('generate')
    .summary('generate TypeScript types from a schema')
    .description(DESCRIPTION)
    .argument('[schema]', `the main schema file, e.g. qapi/qapi-schema.json (default: from ${CONFIG_FILE})`)
    .option('-o, --output <dir>', 'the folder to generate into, e.g. -o generated (default: from the config)');
  addSchemaOptions(command, {
    defines:
      "an 'if' symbol that is defined: what its conditions exclude is left out; with none, every conditional item is kept and its TSDoc states its condition",
    unmask: 'the introspection data (qmp-introspection.ts) keeps real type names instead of masked numbers',
    qemu: "read the schema in the QAPI dialect of QEMU VERSION: 7.2, 10.0, 10.2 (default: the config's qemu, else 10.0)",
  })
    .addOption(
      new Option(
        '--int64 <type>',
        'how int, int64, uint64 and size are typed: number (the typed client converts and reports a value beyond 2^53) ' +
          'or bigint (always bigints) (default: from the config, else number)',
      ).choices(['number', 'bigint']),
    )
    .addOption(
      new Option(
        '--target <language>',
        'ts: TypeScript modules; js: ESM JavaScript with .d.ts declarations beside it (needs the ts-morph package) (default: from the config, else ts)',
      ).choices(['ts', 'js']),
    )
    .addOption(
      new Option(
        '--import-extension <ext>',
        "what generated imports put after a module's name: .js (Node), .ts (Deno, Bun, allowImportingTsExtensions) " +
          'or none (bundlers) (default: from the config, else .js)',
      ).choices(['.js', '.ts', 'none']),
    )
    .option('--check', 'write nothing; exit 1 naming the files that are not up to date, e.g. in CI')
    .addOption(
      new Option(
        '-w, --watch',
        'stay running and regenerate whenever the schema or a file it includes changes, one line per run (Ctrl-C to stop)',
      ).conflicts('check'),
    )
    .addOption(
      new Option(
        '--from-introspection <source>',
        'instead of SCHEMA: a saved query-qmp-schema reply (FILE) or a live QMP server (unix:PATH, tcp:HOST:PORT) to ask for one; ' +
          'the package is exact to that build, without docs (introspection has none)',
      ).conflicts('watch'),
    )
    .option('-c, --config <file>', `the config file, e.g. -c tools/qapi.config.json5 (default: ./${CONFIG_FILE} if present)`)
    .addHelpText('after', EXAMPLES)
    .action(async (schema: string | undefined, flags: GenerateFlags) => {
      if (flags.fromIntrospection !== undefined) {
        const { runGenerateFromIntrospection } = await import('./generate-introspection.js');
        setExit(await runGenerateFromIntrospection(schema, flags, io));
        return;
      }
      if (flags.watch === true) {
        const { watchGenerate } = await import('./generate-watch.js');
        setExit(await watchGenerate(schema, flags, io));
        return;
      }
      const { runGenerate } = await import('./generate-run.js');
      setExit(reportErrors(io, () => runGenerate(schema, flags, io)));
    });
}
