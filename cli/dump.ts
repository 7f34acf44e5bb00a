import type { Command } from 'commander';
import { reportErrors, type CliIO } from './io.js';
import { addSchemaOptions, schemaSettings, type SchemaOptions } from './schema-options.js';

export function registerDump(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('dump')
    .summary('check a schema and print it in QEMU test-qapi.py format')
    .description(
      'Parse and check SCHEMA (following its includes) exactly as the QEMU release --qemu names does, then print the checked ' +
        "schema in the format of that release's tests/qapi-schema/test-qapi.py on stdout. On a schema error, print the error as QEMU prints it " +
        '(file:line: message) on stderr and exit 1. File names in messages are the paths as given, so running inside a ' +
        "directory reproduces QEMU's .err files exactly.\n\n" +
        "The dump shows every 'if' condition as written, as test-qapi.py does: the schema options are accepted, " +
        'so that every command takes the same ones, and change nothing here.',
    )
    .argument('<schema>', 'the main schema file, e.g. qapi/qapi-schema.json');
  addSchemaOptions(command, {
    defines: "an 'if' symbol: no effect on dump, which prints every condition as written",
    unmask: 'no effect on dump (it prints real type names)',
  })
    .addHelpText(
      'after',
      '\nExamples:\n  $ qapi-ts dump qapi/qapi-schema.json > schema.out\n  $ qapi-ts dump --qemu 7.2 qemu-7.2/qapi/qapi-schema.json',
    )
    .action(async (schema: string, options: SchemaOptions) => {
      const [{ loadSchemaAs }, { dumpBackend }] = await Promise.all([
        import('./load-schema.js'),
        import('../generator/backends/dump/dump.js'),
      ]);
      setExit(
        reportErrors(io, () => {
          const settings = schemaSettings(options); // a defines file that cannot be read is an error here too
          dumpBackend.generate(loadSchemaAs(schema, settings.qemu), settings).write(io.stdout);
          return 0;
        }),
      );
    });
}
