import type { Command } from 'commander';
import { reportErrors, type CliIO } from './io.js';
import { addSchemaOptions, schemaSettings, type SchemaOptions } from './schema-options.js';

const DESCRIPTION = [
  "Check SCHEMA as the QEMU release --qemu names does, then print the SchemaInfo list that QMP's query-qmp-schema returns for it: commands and events " +
    'in module order, then every type they use, unused types left out. Type names are masked as "0", "1"... in first-use order ' +
    '(fixed when QEMU generates its code, so types of disabled conditions leave gaps).',
  "With -D or --defines-file, elements whose 'if' condition fails are left out, as QEMU's C preprocessor leaves them out of a " +
    'build that defines those symbols. With neither, every element is kept, as in the qmp-introspection.ts that ' +
    '`qapi-ts generate` writes (to evaluate with no symbol defined, define one no condition uses, e.g. -D NONE).',
  'Output: a JSON array with one entry per line, keys in the order QEMU sends them. On a schema error, prints it as QEMU does ' +
    'on stderr and exits 1.',
].join('\n\n');

const EXAMPLES =
  '\nExamples:\n' +
  '  # what a QEMU built with only these two symbols reports:\n' +
  '  $ qapi-ts introspect qapi/qapi-schema.json -D CONFIG_LINUX -D TARGET_I386\n' +
  '  # the same symbols from a file, real type names instead of numbers:\n' +
  '  $ echo \'{"defined": ["CONFIG_LINUX", "TARGET_I386"]}\' > conditions.json\n' +
  '  $ qapi-ts introspect qapi/qapi-schema.json --defines-file conditions.json --unmask';

export function registerIntrospect(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('introspect')
    .summary("print what QMP's query-qmp-schema returns for a schema")
    .description(DESCRIPTION)
    .argument('<schema>', 'the main schema file, e.g. qapi/qapi-schema.json');
  addSchemaOptions(command, { unmask: 'keep real type names instead of masked numbers (QEMU: --unmask-non-abi-names)' })
    .addHelpText('after', EXAMPLES)
    .action(async (schema: string, options: SchemaOptions) => {
      const [{ loadSchemaAs }, { introspectBackend }] = await Promise.all([
        import('./load-schema.js'),
        import('../generator/backends/introspect/introspect.js'),
      ]);
      setExit(
        reportErrors(io, () => {
          const settings = schemaSettings(options);
          introspectBackend.generate(loadSchemaAs(schema, settings.qemu), settings).write(io.stdout);
          return 0;
        }),
      );
    });
}
