/**
 * `qapi-ts diff OLD NEW`: what changed between two QMP schemas, in terms a client acts on.
 * Exit status as diff(1) gives it: 0 nothing breaking, 1 breaking changes, 2 could not compare.
 */
import { CommanderError, Option, type Command } from 'commander';
import { DIFF_FORMATS } from '../runtime/drift/diff-formats.js';
import type { DiffFormat } from '../runtime/drift/diff-formats.js';
import { reportUserError, type CliIO } from './io.js';
import { schemaSettings, type SchemaOptions, type SchemaSettings } from './schema-options.js';

const DESCRIPTION = [
  'Compare two QMP schemas and report what changed for a client: commands and events added and removed; per command and ' +
    'event, arguments, return and data members added, removed, turned optional or required, or changed in type (through ' +
    'nested objects, arrays, unions and alternates, named by member path); enum values, union branches and alternate arms ' +
    'added and removed; features gained and lost (deprecated, unstable). Masked type names ("0", "1"...) are matched by ' +
    'where they are used, never by number.',
  'Each side is one of:\n' +
    '  unix:PATH, tcp:HOST:PORT  a live QMP server (QEMU, qapi-ts serve):\n' +
    '                            connect, negotiate, ask query-qmp-schema\n' +
    '  FOLDER                    a package written by qapi-ts generate\n' +
    '                            (its qmp-introspection.ts or .js)\n' +
    '  FILE holding JSON         a saved query-qmp-schema reply: the bare\n' +
    '                            array or {"return": [...]}\n' +
    '  FILE                      a QAPI schema, read in the dialect of\n' +
    '                            --old-qemu/--new-qemu (or --qemu) with the\n' +
    '                            symbols of --old-define/--new-define (or -D);\n' +
    '                            no symbol keeps every conditional item',
  'A change is breaking when a client of OLD may rely on what it changed. Arguments are what the client sends: a removed ' +
    'argument, an optional one made required, a new required one, a removed enum value, union branch or alternate arm, a ' +
    'narrower type break it. Returns and event data are what it reads: a removed required member, a required one made ' +
    'optional, a new enum value, union branch or alternate arm, a wider type break it. A removed command or event breaks; ' +
    'additions and features (deprecated, unstable) never do.',
  'Exit status: 0 nothing breaking (changes may still be listed), 1 breaking changes, 2 could not compare (a side unreadable, ' +
    'a schema error, a server unreachable, a bad option). With no change at all, text and markdown print nothing.',
].join('\n\n');

const EXAMPLES =
  '\nExamples:\n' +
  '  # two saved query-qmp-schema replies:\n' +
  '  $ qapi-ts diff qemu-7.2.json qemu-10.0.json\n' +
  "  # schemas of two releases, each in its own dialect and with the build's symbols, as a changelog:\n" +
  '  $ qapi-ts diff 7.2/qapi/qapi-schema.json 10.0/qapi/qapi-schema.json --old-qemu 7.2 --new-qemu 10.0 \\\n' +
  '      --old-defines-file 7.2-build.json --new-defines-file 10.0-build.json --format markdown\n' +
  '  # the package this project was generated from against the QEMU it will talk to:\n' +
  '  $ qapi-ts diff generated/ unix:/run/qemu/vm1.qmp --format json';

interface DiffOptions extends SchemaOptions {
  readonly format: string;
  readonly oldQemu?: string;
  readonly newQemu?: string;
  readonly oldDefine?: readonly string[];
  readonly newDefine?: readonly string[];
  readonly oldDefinesFile?: string;
  readonly newDefinesFile?: string;
}

export function registerDiff(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const side = (which: 'old' | 'new', flag: string, repeatable = false): Option => {
    const symbols = flag.startsWith('define');
    const option = new Option(
      `--${which}-${flag}`,
      `as --${flag.replace(/ .*/, '')}, for the ${which.toUpperCase()} side only${symbols ? ` (${repeatable ? 'repeatable; ' : ''}replaces -D and --defines-file there)` : ''}`,
    );
    return repeatable ? option.argParser(collect) : option;
  };
  program
    .command('diff')
    .summary('report what changed between two QMP schemas (files, replies, packages or live servers)')
    .description(DESCRIPTION)
    .argument('<old>', 'the schema a client was written for')
    .argument('<new>', 'the schema it meets')
    .addOption(
      new Option('--format <format>', 'text (for a terminal, breaking changes marked !), json, or markdown (for a changelog)')
        .choices(DIFF_FORMATS)
        .default('text'),
    )
    .option('-D, --define <symbol>', "an 'if' symbol defined on both sides (schema files only; repeatable)", collect)
    .option('--defines-file <file>', 'more symbols for both sides, from JSON like {"defined": ["CONFIG_LINUX"]}')
    .option('--qemu <version>', 'the QAPI dialect both schema files are read in (default: 10.0)')
    .addOption(side('old', 'qemu <version>'))
    .addOption(side('new', 'qemu <version>'))
    .addOption(side('old', 'define <symbol>', true))
    .addOption(side('new', 'define <symbol>', true))
    .addOption(side('old', 'defines-file <file>'))
    .addOption(side('new', 'defines-file <file>'))
    .addHelpText('after', EXAMPLES)
    // diff(1)'s convention: trouble is 2, whatever it is (help and --version stay 0).
    .exitOverride((err) => {
      throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
    })
    .action(async (oldSource: string, newSource: string, options: DiffOptions) => {
      setExit(await runDiff(io, oldSource, newSource, options));
    });
}

async function runDiff(io: CliIO, oldSource: string, newSource: string, options: DiffOptions): Promise<number> {
  // Loaded only when diff runs: every other command registers this one too.
  const { DiffSourceError, readDiffSide } = await import('./diff-sources.js');
  try {
    const [oldInfo, newInfo] = await Promise.all([
      readDiffSide(oldSource, sideSettings(options, options.oldQemu, options.oldDefine, options.oldDefinesFile)),
      readDiffSide(newSource, sideSettings(options, options.newQemu, options.newDefine, options.newDefinesFile)),
    ]);
    const [{ diffSchemaInfo }, { formatDiff }] = await Promise.all([
      import('../runtime/drift/schema-diff.js'),
      import('../runtime/drift/diff-report.js'),
    ]);
    const diff = diffSchemaInfo(oldInfo, newInfo);
    io.stdout(formatDiff(diff, options.format as DiffFormat));
    return diff.breaking ? 1 : 0;
  } catch (err) {
    if (err instanceof DiffSourceError) {
      io.stderr(`qapi-ts diff: ${err.message}\n`);
      return 2;
    }
    // A schema error or a usage error is printed as everywhere else, but cannot be exit 1 here.
    if (reportUserError(io, err) !== undefined) return 2;
    throw err;
  }
}

/** A side's settings: its own options first, then those given for both sides. */
function sideSettings(
  options: DiffOptions,
  qemu: string | undefined,
  define: readonly string[] | undefined,
  definesFile: string | undefined,
): SchemaSettings {
  const own = define !== undefined || definesFile !== undefined;
  return schemaSettings({
    ...(own
      ? {}
      : {
          ...(options.define === undefined ? {} : { define: options.define }),
          ...(options.definesFile === undefined ? {} : { definesFile: options.definesFile }),
        }),
    ...(own && define !== undefined ? { define } : {}),
    ...(own && definesFile !== undefined ? { definesFile } : {}),
    ...((qemu ?? options.qemu) === undefined ? {} : { qemu: qemu ?? options.qemu }),
  });
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
