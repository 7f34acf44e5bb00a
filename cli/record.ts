import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { strerror } from '../generator/source/python.js';
import { reportUserError, type CliIO } from './io.js';
import { where } from './serve.js';
import type { ServeTarget } from './serve.js';
import { signalled } from './signals.js';
import { UsageError } from './usage-error.js';

type SetExit = (code: number) => void;

/** The QMP runtime is loaded only when `record` runs. */
const runtime = () => import('../runtime/qmp/log/recorder.js');

interface RecordOptions {
  readonly listen: string;
  readonly connect: string;
  readonly output?: string;
}

/** `unix:PATH` or `tcp:HOST:PORT` (as QEMU's `-qmp` spells them), or a bare Unix socket path; the error text otherwise. */
export async function socketAddress(option: string, text: string): Promise<ServeTarget | string> {
  if (!text.startsWith('unix:') && !text.startsWith('tcp:')) return { path: text };
  const { parseQmpTarget } = await import('../runtime/qmp/client/connect.js');
  return parseQmpTarget(text) ?? `${option} wants PATH, unix:PATH or tcp:HOST:PORT, not '${text}'`;
}

/** Where the log goes: a file (created or emptied), or stdout. */
function openLog(output: string | undefined, io: CliIO): { write: (line: string) => void; close: () => void } {
  if (output === undefined || output === '-') return { write: io.stdout, close: () => undefined };
  let fd: number;
  try {
    fd = openSync(output, 'w');
  } catch (error) {
    throw new UsageError(`record: can't write '${output}': ${strerror(error)}`);
  }
  let open = true;
  // Connections dropped at close may still log a last partial message: after close, nothing.
  return {
    write: (line) => void (open && writeSync(fd, line)),
    close: () => {
      open = false;
      closeSync(fd);
    },
  };
}

async function record(listen: ServeTarget, connect: ServeTarget, options: RecordOptions, io: CliIO): Promise<number> {
  // Its own module, loaded only here: node:net would otherwise load with every command.
  const { socketIsLive } = await import('./socket-live.js');
  if ('path' in listen && (await socketIsLive(listen.path))) {
    throw new UsageError(`record: a server is already listening on ${listen.path}; stop it or choose another --listen path`);
  }
  const log = openLog(options.output, io);
  const { createQmpRecorder } = await runtime();
  const recorder = createQmpRecorder({
    connect,
    write: log.write,
    onError: (error, context) => io.stderr(`qapi-ts record: ${context}: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  try {
    const address = await recorder.listen(listen);
    const into = options.output === undefined || options.output === '-' ? 'stdout' : options.output;
    io.stderr(`qapi-ts record: listening on ${where(address)}, passing to ${where(connect)}, logging to ${into} (Ctrl-C to stop)\n`);
  } catch (error) {
    io.stderr(`qapi-ts record: can't listen: ${error instanceof Error ? error.message : String(error)}\n`);
    await recorder.close();
    log.close();
    return 1;
  }
  const signal = await signalled();
  await recorder.close();
  log.close();
  io.stderr(`qapi-ts record: ${signal}, closed\n`);
  return 0;
}

export function registerRecord(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('record')
    .summary('a QMP proxy that logs every message between a client and QEMU, for `qapi-ts jobs verify` and `replay`')
    .description(
      'Listen where the client expects QEMU, pass every byte to the real QMP socket and back unchanged, and ' +
        'log each message as one {"dir": "in"|"out", "msg": ...} line ("out": the client\'s, "in": QEMU\'s; ' +
        'input that is not a one-line JSON object keeps its exact text in "raw"). Each client gets its own ' +
        "connection to QEMU. Addresses are Unix socket paths (PATH or unix:PATH) or tcp:HOST:PORT, as QEMU's -qmp spells them. " +
        'Runs until SIGINT or SIGTERM.',
    )
    .requiredOption('--listen <address>', 'where clients connect (a Unix socket is created with mode 0600)')
    .requiredOption('--connect <address>', "QEMU's QMP socket")
    .option('-o, --output <file>', 'the log file (default: stdout)')
    .addHelpText(
      'after',
      '\nExample:\n' +
        '  $ qemu-system-x86_64 -qmp unix:/tmp/qmp.sock,server=on,wait=off ...\n' +
        '  $ qapi-ts record --listen /tmp/qmp-proxy.sock --connect /tmp/qmp.sock -o session.jsonl\n' +
        '  (point the management client at /tmp/qmp-proxy.sock; Ctrl-C when done)\n' +
        '  $ qapi-ts jobs verify session.jsonl',
    )
    .action(async (options: RecordOptions) => {
      try {
        const listen = await socketAddress('--listen', options.listen);
        const connect = await socketAddress('--connect', options.connect);
        if (typeof listen === 'string') throw new UsageError(`record: ${listen}`);
        if (typeof connect === 'string') throw new UsageError(`record: ${connect}`);
        setExit(await record(listen, connect, options, io));
      } catch (err) {
        const code = reportUserError(io, err);
        if (code === undefined) throw err;
        setExit(code);
      }
    });
}
