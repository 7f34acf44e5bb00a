import { join } from 'node:path';
import type { Command } from 'commander';
import { reportUserError, type CliIO } from './io.js';
import { definedSymbols } from '../generator/schema/conditions.js';
import { addSchemaOptions, schemaSettings, type SchemaOptions, type SchemaSettings } from './schema-options.js';
import { signalled } from './signals.js';
import { UsageError } from './usage-error.js';
import { packageDir } from '../generator/package-version.js';

type SetExit = (code: number) => void;

/** The QMP and job runtime are loaded only when `serve` runs. */
const runtime = () => import('../runtime/serve/job-server.js');

export type ServeTarget = { readonly path: string } | { readonly host: string; readonly port: number };

interface ServeOptions extends SchemaOptions {
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
function hostPort(text: string): { readonly host: string; readonly port: number } | undefined {
  const match = /^(.*):(\d+)$/u.exec(text);
  const port = Number(match?.[2]);
  if (match === null || !Number.isInteger(port) || port > 65535) return undefined;
  const host = (match[1] ?? '').replace(/^\[(.*)\]$/u, '$1');
  return { host: host === '' ? '127.0.0.1' : host, port };
}

export function where(address: ServeTarget): string {
  if ('path' in address) return `unix:${address.path}`;
  return `tcp:${address.host.includes(':') ? `[${address.host}]` : address.host}:${String(address.port)}`;
}

/**
 * query-qmp-schema's answer when schema options are given: introspection of the shipped
 * schema (qapi/) with those symbols; undefined keeps the generated data (every `if` kept,
 * names masked), which needs no front end at start.
 */
async function servedSchemaInfo(settings: SchemaSettings): Promise<readonly unknown[] | undefined> {
  if (settings.defines.length === 0 && !settings.unmask) return undefined;
  const [{ loadSchemaAs }, { buildIntrospection }] = await Promise.all([
    import('./load-schema.js'),
    import('../generator/backends/introspect/introspect.js'),
  ]);
  const { schema } = loadSchemaAs(join(packageDir() ?? '.', 'qapi/qapi-schema.json'), settings.qemu);
  return buildIntrospection(schema, { defined: definedSymbols(settings.defines), unmask: settings.unmask });
}

async function serve(target: ServeTarget, settings: SchemaSettings, io: CliIO): Promise<number> {
  const schemaInfo = await servedSchemaInfo(settings);
  // Its own module, loaded only here: node:net would otherwise load with every command.
  const { socketIsLive } = await import('./socket-live.js');
  if ('path' in target && (await socketIsLive(target.path))) {
    throw new UsageError(`serve: a server is already listening on ${target.path}; stop it or choose another --socket path`);
  }
  const [{ createJobServer }, { versionInfo }, { nearestJobProfile }] = await Promise.all([
    runtime(),
    import('../runtime/qmp/server/messages.js'),
    import('../runtime/jobs/profile.js'),
  ]);
  const [major, minor] = settings.qemu.split('.').map(Number) as [number, number];
  // The release's job behaviour; 10.2, with no transcripts of its own, follows 10.0's.
  const profile = nearestJobProfile(settings.qemu);
  const micro = profile?.release === settings.qemu ? profile.micro : 0;
  const server = createJobServer({
    version: versionInfo(major, minor, micro),
    ...(profile !== undefined && { profile }),
    // The stack tells the operator where a handler failed (the client got only the message).
    onError: (error, context) =>
      io.stderr(`qapi-ts serve: ${context}: ${error instanceof Error ? (error.stack ?? String(error)) : String(error)}\n`),
    onLog: (line) => io.stderr(`qapi-ts serve: ${line}\n`),
    ...(schemaInfo !== undefined && { schemaInfo }),
  });
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
  const command = program
    .command('serve')
    .summary('a QEMU-compatible QMP server with the job runtime behind it, for testing QMP clients')
    .description(
      "Serve the project's own schema (qapi/) over QMP: the job-* commands and query-jobs on the job runtime, " +
        'x-demo-job-start (a demo job with progress, an optional READY phase and an optional failure), qmp_capabilities, ' +
        'query-version, query-commands and query-qmp-schema. A Unix socket is created with mode 0600; a socket file at ' +
        'the path is replaced only when no server answers on it. Runs until SIGINT (Ctrl-C) or SIGTERM.\n\n' +
        "The schema options shape query-qmp-schema's answer, as `qapi-ts introspect` would print it for qapi/; " +
        'the greeting and query-version give the QEMU release --qemu names (7.2.22, 10.0.2: the releases whose job behaviour ' +
        "is reproduced; 10.2.0, with 10.0's job behaviour), and the job runtime follows that release.",
    )
    .option('--socket <path>', 'listen on a Unix socket')
    .option('--tcp <host:port>', 'listen on TCP (host defaults to 127.0.0.1)');
  addSchemaOptions(command, {
    unmask: 'query-qmp-schema answers with real type names instead of masked numbers',
    qemu: "greet as QEMU VERSION, follow its job behaviour, and read qapi/ in its dialect: 7.2, 10.0, 10.2 (default: 7.2, qapi/job.json's release)",
  })
    .addHelpText('after', '\nExample:\n  $ qapi-ts serve --socket /tmp/qapi.sock\n  $ socat - UNIX-CONNECT:/tmp/qapi.sock')
    .action(async (options: ServeOptions) => {
      try {
        const target = serveTarget(options);
        if (typeof target === 'string') throw new UsageError(`serve: ${target}`);
        setExit(await serve(target, schemaSettings(options, { qemu: '7.2' }), io));
      } catch (err) {
        const code = reportUserError(io, err);
        if (code === undefined) throw err;
        setExit(code);
      }
    });
}
