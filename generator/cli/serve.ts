import type { Command } from 'commander';
import type { CliIO } from './io.js';

type SetExit = (code: number) => void;

/** The QMP and job runtime are loaded only when `serve` runs. */
const runtime = () => import('../../runtime/serve/job-server.js');

export type ServeTarget = { readonly path: string } | { readonly host: string; readonly port: number };

interface ServeOptions {
  readonly socket?: string;
  readonly tcp?: string;
}

/** `--socket PATH` or `--tcp HOST:PORT` (exactly one), or the error text. */
export function serveTarget(options: ServeOptions): ServeTarget | string {
  if ((options.socket === undefined) === (options.tcp === undefined)) return 'give exactly one of --socket PATH and --tcp HOST:PORT';
  if (options.socket !== undefined) return { path: options.socket };
  return hostPort(options.tcp ?? '') ?? `--tcp wants HOST:PORT, not '${options.tcp ?? ''}'`;
}

/** `HOST:PORT` (`[v6]:PORT`; an empty host is 127.0.0.1), or undefined. */
export function hostPort(text: string): { readonly host: string; readonly port: number } | undefined {
  const match = /^(.*):(\d+)$/u.exec(text);
  const port = Number(match?.[2]);
  if (match === null || !Number.isInteger(port) || port > 65535) return undefined;
  const host = (match[1] ?? '').replace(/^\[(.*)\]$/u, '$1');
  return { host: host === '' ? '127.0.0.1' : host, port };
}

/** Resolves with the name of the first SIGINT or SIGTERM. */
export function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function where(address: ServeTarget): string {
  if ('path' in address) return `unix:${address.path}`;
  return `tcp:${address.host.includes(':') ? `[${address.host}]` : address.host}:${String(address.port)}`;
}

async function serve(target: ServeTarget, io: CliIO): Promise<number> {
  const { createJobServer } = await runtime();
  const server = createJobServer({ onError: (error, context) => io.stderr(`qapi-ts serve: ${context}: ${String(error)}\n`) });
  try {
    const address = await server.listen(target);
    io.stdout(`qapi-ts serve: QMP listening on ${where(address)} (Ctrl-C to stop)\n`);
  } catch (error) {
    io.stderr(`qapi-ts serve: can't listen: ${error instanceof Error ? error.message : String(error)}\n`);
    await server.close();
    return 1;
  }
  const signal = await signalled();
  await server.close();
  io.stdout(`qapi-ts serve: ${signal}, closed\n`);
  return 0;
}

export function registerServe(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('serve')
    .summary('a QEMU-compatible QMP server with the job runtime behind it, for testing QMP clients')
    .description(
      "Serve the project's own schema (qapi/) over QMP: the job-* commands and query-jobs on the job\n" +
        'runtime, x-demo-job-start (a demo job with progress, an optional READY phase and an optional\n' +
        'failure), qmp_capabilities, query-version, query-commands and query-qmp-schema. A Unix socket\n' +
        'is created with mode 0600; runs until SIGINT or SIGTERM.',
    )
    .option('--socket <path>', 'listen on a Unix socket')
    .option('--tcp <host:port>', 'listen on TCP (host defaults to 127.0.0.1)')
    .addHelpText('after', '\nExample:\n  $ qapi-ts serve --socket /tmp/qapi.sock\n  $ socat - UNIX-CONNECT:/tmp/qapi.sock')
    .action(async (options: ServeOptions) => {
      const target = serveTarget(options);
      if (typeof target === 'string') {
        io.stderr(`qapi-ts serve: ${target}\n`);
        setExit(2);
        return;
      }
      setExit(await serve(target, io));
    });
}
