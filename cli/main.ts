import { Command, CommanderError } from 'commander';
import { registerDiff } from './diff.js';
import { registerDump } from './dump.js';
import { registerGenerate } from './generate.js';
import { registerIntrospect } from './introspect.js';
import { registerJobs } from './jobs.js';
import { registerRecord } from './record.js';
import { registerServe } from './serve.js';
import { processIO, type CliIO } from './io.js';
import { packageVersion } from '../generator/package-version.js';

export { streamOutputUsed } from './io.js';

type Register = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/** The commands, in the order `--help` lists them. */
const COMMANDS: Readonly<Record<string, Register>> = {
  dump: registerDump,
  diff: registerDiff,
  generate: registerGenerate,
  introspect: registerIntrospect,
  jobs: registerJobs,
  serve: registerServe,
  record: registerRecord,
};

/** The `qapi-ts` command line; returns the exit code (the launcher sets it). */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('qapi-ts')
    .description("QAPI schemas (the language of QEMU's QMP interface) to typed TypeScript, with a QMP and job runtime.")
    .option('-V, --version', 'print the qapi-ts version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  // Not commander's .version(): that wants the string up front, and reading package.json
  // would cost every run, not just this one.
  program.on('option:version', () => {
    const version = packageVersion();
    io.stdout(`${version}\n`);
    throw new CommanderError(0, 'commander.version', version);
  });
  // A run that names a command needs only that one (the others' options and help texts cost
  // a dump ~0.4 ms); anything else (help, a typo to suggest a fix for) gets them all.
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? COMMANDS[argv[0]] : undefined;
  for (const register of named ? [named] : Object.values(COMMANDS)) register(program, io, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    // Whatever a command did not report itself is a bug in qapi-ts: exit 2, never 1.
    io.stderr(`qapi-ts: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
  return exitCode;
}
