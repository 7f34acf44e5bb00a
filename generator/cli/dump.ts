import type { Command } from 'commander';
import { reportErrors, type CliIO } from './io.js';
import { addQemuOption, type QemuOption } from './qemu-option.js';

export function registerDump(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('dump')
    .summary('check a schema and print it in QEMU test-qapi.py format')
    .description(
      'Parse and check SCHEMA (following its includes) exactly as the QEMU release\n' +
        "--qemu names does, then print the checked schema in the format of that\n" +
        "release's tests/qapi-schema/test-qapi.py on stdout.\n" +
        'On a schema error, print the error as QEMU prints it (file:line: message) on stderr and exit 1.\n' +
        'File names in messages are the paths as given, so running inside a directory reproduces\n' +
        "QEMU's .err files exactly.",
    )
    .argument('<schema>', 'the main schema file, e.g. qapi/qapi-schema.json');
  addQemuOption(command)
    .addHelpText('after', '\nExamples:\n  $ qapi-ts dump qapi/qapi-schema.json > schema.out\n  $ qapi-ts dump --qemu 7.2 qemu-7.2/qapi/qapi-schema.json')
    .action(async (schema: string, options: QemuOption) => {
      const [{ loadSchemaAs }, { writeDump }] = await Promise.all([
        import('./load-schema.js'),
        import('../backends/dump/dump.js'),
      ]);
      setExit(
        reportErrors(io, () => {
          const { schema: checked, docs } = loadSchemaAs(schema, options.qemu);
          writeDump(checked, docs, io.stdout);
          return 0;
        }),
      );
    });
}
