import type { Command } from 'commander';
import type { SchemaInfo } from '../backends/introspect/schema-info.js';
import { addDefineOptions, definedSymbols, type DefineOptions } from './defines.js';
import { reportErrors, type CliIO } from './io.js';
import { addQemuOption, type QemuOption } from './qemu-option.js';

interface IntrospectOptions extends DefineOptions, QemuOption {
  readonly unmask?: boolean;
}

export function registerIntrospect(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('introspect')
    .summary("print what QMP's query-qmp-schema returns for a schema")
    .description(
      'Check SCHEMA as the QEMU release --qemu names does, then print the SchemaInfo\n' +
        "list that QMP's query-qmp-schema returns for it: commands and events in\n" +
        'module order, then every type they use, unused types left out. Type names\n' +
        'are masked as "0", "1"... in first-use order (fixed when QEMU generates its\n' +
        'code, so types of disabled conditions leave gaps).\n\n' +
        "Elements whose 'if' condition fails are left out, as QEMU's C preprocessor\n" +
        'leaves them out: name the symbols your build defines with --define or\n' +
        '--defines-file. With neither, no symbol is defined; --all-conditions keeps\n' +
        'every element instead.\n\n' +
        'Output: a JSON array with one entry per line, keys in the order QEMU sends\n' +
        'them. On a schema error, prints it as QEMU does on stderr and exits 1.',
    )
    .argument('<schema>', 'the main schema file, e.g. qapi/qapi-schema.json');
  addQemuOption(addDefineOptions(command))
    .option('-u, --unmask', 'keep real type names instead of masked numbers (QEMU: --unmask-non-abi-names)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  # what a QEMU built with only these two symbols reports:\n' +
        '  $ qapi-ts introspect qapi/qapi-schema.json -D CONFIG_LINUX -D TARGET_I386\n' +
        '  # the same symbols from a file, real type names instead of numbers:\n' +
        '  $ echo \'{"defined": ["CONFIG_LINUX", "TARGET_I386"]}\' > conditions.json\n' +
        '  $ qapi-ts introspect qapi/qapi-schema.json --defines-file conditions.json --unmask',
    )
    .action(async (schema: string, options: IntrospectOptions) => {
      const [{ loadSchemaAs }, { buildIntrospection }] = await Promise.all([
        import('./load-schema.js'),
        import('../backends/introspect/introspect.js'),
      ]);
      let defined: ReadonlySet<string> | undefined;
      try {
        defined = definedSymbols(options);
      } catch (err) {
        io.stderr(`qapi-ts introspect: ${err instanceof Error ? err.message : String(err)}\n`);
        setExit(1);
        return;
      }
      setExit(
        reportErrors(io, () => {
          const { schema: checked } = loadSchemaAs(schema, options.qemu);
          io.stdout(formatSchemaInfo(buildIntrospection(checked, { defined, unmask: options.unmask ?? false })));
          return 0;
        }),
      );
    });
}

/** A JSON array with one entry per line: valid JSON that still greps and diffs well. */
export function formatSchemaInfo(entries: readonly SchemaInfo[]): string {
  if (entries.length === 0) return '[]\n';
  return `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}
