import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { QemuVersion } from '../generator/dialect/dialect.js';
import { DEFAULT_QEMU_VERSION, QEMU_VERSIONS, qemuVersion, UnknownQemuVersionError } from '../generator/dialect/versions.js';
import { definedSymbols } from '../generator/schema/conditions.js';
import { strerror } from '../generator/source/python.js';
import type { ValidationTables } from '../contracts/validation-tables.js';
import { JOB_RELEASES } from '../runtime/jobs/releases.js';
import { reportErrors, type CliIO } from './io.js';
import { addDefineOptions, schemaSettings } from './schema-options.js';
import { UsageError } from './usage-error.js';

type SetExit = (code: number) => void;

/** The job runtime and the simulation are loaded only when a `jobs` subcommand runs. */
const runtime = () => import('../runtime/jobs/index.js');
const simReplay = () => import('../sim/replay.js');
const simVerify = () => import('../sim/verify.js');

const LOG_FORMS =
  'A log has one message per line: plain QMP messages (as socat shows them; execute and exec-oob ' +
  'are the client\'s, everything else QEMU\'s), or {"dir": "in"|"out", "msg": ...} records as ' +
  '`qapi-ts record` writes them.';

function readTrace(file: string, io: CliIO): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`qapi-ts: can't read log '${file}': ${strerror(err)}\n`);
    return undefined;
  }
}

export function registerJobs(program: Command, io: CliIO, setExit: SetExit): void {
  const jobs = program
    .command('jobs')
    .summary("QEMU's background-job state machine: replay and verify QMP logs, print its tables")
    .description(
      "The job runtime (QEMU's job.c and job-qmp.c in TypeScript, as QEMU 7.2 or 10.0 behaves) as a tool: replay real QMP " +
        'transcripts against it, check any QMP log against the state tables, print the tables.',
    );

  const replay = jobs
    .command('replay')
    .description(
      'Replay QMP logs of a real QEMU against the runtime with simulated drivers, and compare per-job ' +
        'JOB_STATUS_CHANGE sequences, replies, errors and query-jobs answers with what QEMU sent. ' +
        `${LOG_FORMS} Prints what was compared and each difference; exits 1 on any difference ` +
        'and on a log it cannot read or that holds no job.',
    )
    .argument('<log...>', 'QMP logs');
  addDefineOptions(
    replay
      .option('--qemu <version>', `${TRACE_QEMU_HELP} (default: the log's greeting, else ${DEFAULT_QEMU_VERSION})`)
      .requiredOption(
        '--schema <file>',
        "that QEMU release's QMP schema (qapi/qapi-schema.json of its source tree): the simulated commands' argument shapes",
      ),
    'a build symbol of that QEMU; default: every conditional item kept',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ qapi-ts record --listen /tmp/qmp-proxy.sock --connect /tmp/qmp.sock -o session.jsonl\n' +
        '  $ qapi-ts jobs replay --schema qemu-10.0.2/qapi/qapi-schema.json -D CONFIG_LINUX session.jsonl',
    )
    .action(async (files: string[], options: ReplayOptions) => {
      const [{ replayTrace }, { requireJobs }, { parseTrace }, { jobProfile }, tablesFor] = await Promise.all([
        simReplay(),
        simVerify(),
        import('../sim/trace.js'),
        runtime(),
        simTables(options),
      ]);
      const code = await reportErrorsAsync(io, () =>
        runEach(files, options, io, (text, file, qemu) => {
          // A log with no job is refused before the release's schema is read for it.
          requireJobs(parseTrace(text));
          const result = replayTrace(text, { tables: tablesFor(qemu), profile: replayProfile(jobProfile, qemu), name: file });
          const { messages, jobs, transitions, commands, notModelled } = result.checked;
          const skipped = notModelled === 0 ? '' : ` (${String(notModelled)} not modelled)`;
          const summary = `${count(messages, 'message')}, ${count(jobs, 'job')}, ${count(commands, 'command')} replayed${skipped}, ${count(transitions, 'transition')}`;
          return { ok: result.ok, summary, problems: result.differences, noun: 'difference' };
        }),
      );
      setExit(code);
    });

  const verify = jobs
    .command('verify')
    .description(
      "Check a QMP log of a real QEMU against the state machine: every status transition must be legal and every verb's " +
        "acceptance or refusal consistent with the job's status at that time. " +
        `${LOG_FORMS} Prints what was checked and each problem; exits 1 on any problem ` +
        'and on a log it cannot read or that holds no job.',
    )
    .argument('<log...>', 'QMP logs');
  verify
    .option('--qemu <version>', `${TRACE_QEMU_HELP} (default: the log's greeting, else ${DEFAULT_QEMU_VERSION})`)
    .addHelpText('after', '\nExamples:\n  $ qapi-ts jobs verify session.jsonl\n  $ qapi-ts jobs verify qemu-qmp.log')
    .action(async (files: string[], options: QemuOption) => {
      const [{ verifyTrace }, { nearestJobProfile }] = await Promise.all([simVerify(), runtime()]);
      // A log of a release newer than the job profiles (10.2) is checked against the nearest older one's tables.
      setExit(
        await runEach(files, options, io, (text, _file, qemu) => {
          const result = verifyTrace(text, nearestJobProfile(qemu));
          const { messages, jobs, transitions, verbs } = result.checked;
          const summary = `${count(messages, 'message')}, ${count(jobs, 'job')}, ${count(transitions, 'transition')}, ${count(verbs, 'verb')} checked`;
          return { ok: result.ok, summary, problems: result.problems, noun: 'problem' };
        }),
      );
    });

  jobs
    .command('table')
    .description('Print, as Markdown, the resulting status (or the error) for every verb in every status.')
    .option('--qemu <version>', `the QEMU release: ${JOB_RELEASES_HELP} (default: ${DEFAULT_QEMU_VERSION})`)
    .action(async (options: QemuOption) => {
      const rt = await runtime();
      const profile = tableProfile(rt.jobProfile, options, io);
      if (profile === undefined) setExit(1);
      else io.stdout(withNewline(rt.verbTableMarkdown(profile)));
    });

  jobs
    .command('diagram')
    .description('Print the job state diagram, every arrow labelled with the verb or internal event causing it.')
    .option('--format <format>', 'mermaid or dot (Graphviz)', 'mermaid')
    .option('--qemu <version>', `the QEMU release: ${JOB_RELEASES_HELP} (default: ${DEFAULT_QEMU_VERSION})`)
    .addHelpText(
      'after',
      '\nExamples:\n  $ qapi-ts jobs diagram > jobs.mmd\n  $ qapi-ts jobs diagram --qemu 7.2 --format dot | dot -Tsvg > jobs.svg',
    )
    .action(async (options: { format: string } & QemuOption) => {
      const rt = await runtime();
      const profile = tableProfile(rt.jobProfile, options, io);
      if (profile === undefined) setExit(1);
      else if (options.format === 'mermaid') io.stdout(withNewline(rt.stateDiagramMermaid(profile)));
      else if (options.format === 'dot') io.stdout(withNewline(rt.stateDiagramDot(profile)));
      else {
        io.stderr(`qapi-ts: unknown diagram format '${options.format}' (use mermaid or dot)\n`);
        setExit(1);
      }
    });
}

const JOB_RELEASES_HELP = JOB_RELEASES.join(' or ');

/** The job profile `--qemu` names (default the CLI's release); unknown: an error, undefined. */
function tableProfile<P>(jobProfile: (release: string) => P, options: QemuOption, io: CliIO): P | undefined {
  try {
    return jobProfile(options.qemu ?? DEFAULT_QEMU_VERSION);
  } catch (err) {
    io.stderr(`qapi-ts: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}

function count(n: number, noun: string): string {
  return `${String(n)} ${noun}${n === 1 ? '' : 's'}`;
}

interface QemuOption {
  readonly qemu?: string;
}

interface ReplayOptions extends QemuOption {
  readonly schema: string;
  readonly define?: string[];
  readonly definesFile?: string;
}

/** reportErrors (user errors exit 1, anything else is a bug) for a body that is asynchronous. */
async function reportErrorsAsync(io: CliIO, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    return reportErrors(io, () => {
      throw error;
    });
  }
}

/** The job behaviour of a release; a release without a job profile is the user's error. */
function replayProfile<P>(jobProfile: (release: string) => P, qemu: QemuVersion): P {
  try {
    return jobProfile(qemu);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * The simulated release's command shapes: validation tables generated from its own QEMU
 * schema, read in its dialect, once per release named by the transcripts.
 */
async function simTables(options: ReplayOptions): Promise<(qemu: QemuVersion) => ValidationTables> {
  const [{ loadSchemaAs }, { buildValidationTables }] = await Promise.all([
    import('./load-schema.js'),
    import('../generator/backends/validation/index.js'),
  ]);
  const defined = definedSymbols(schemaSettings(options, {}).defines);
  const byRelease = new Map<QemuVersion, ValidationTables>();
  return (qemu) => {
    let tables = byRelease.get(qemu);
    if (tables === undefined) {
      const { schema } = loadSchemaAs(options.schema, qemu);
      tables = buildValidationTables(schema, { defined });
      byRelease.set(qemu, tables);
    }
    return tables;
  };
}

const TRACE_QEMU_HELP = `the QEMU release that recorded the log: ${QEMU_VERSIONS.join(', ')} (its job behaviour is followed: 7.2 or 10.0; a 10.2 log is verified against 10.0's tables)`;

/**
 * The QEMU release a log comes from: `--qemu`, else its greeting's `major.minor`, else (no
 * greeting) the default. An unsupported release is an error naming the supported ones.
 */
function traceQemu(greeting: string | undefined, flag: string | undefined): QemuVersion {
  return qemuVersion(flag ?? greeting ?? DEFAULT_QEMU_VERSION);
}

interface CheckOutcome {
  readonly ok: boolean;
  readonly summary: string;
  readonly problems: readonly string[];
  readonly noun: string;
}

/**
 * Runs a check on each file; prints the file's QEMU release, what the check covered and each
 * problem; exit 1 if any failed.
 */
async function runEach(
  files: string[],
  options: QemuOption,
  io: CliIO,
  check: (text: string, file: string, qemu: QemuVersion) => CheckOutcome,
): Promise<number> {
  const [{ QmpLogError }, { parseTrace }] = await Promise.all([import('../runtime/qmp/log/qmp-log.js'), import('../sim/trace.js')]);
  let code = 0;
  for (const file of files) {
    const text = readTrace(file, io);
    if (text === undefined) {
      code = 1;
      continue;
    }
    let outcome: CheckOutcome;
    let qemu: QemuVersion;
    try {
      // The release decides the job behaviour the check follows: from the greeting, or --qemu.
      qemu = traceQemu(parseTrace(text).greeting, options.qemu);
      outcome = check(text, file, qemu);
    } catch (error) {
      if (error instanceof QmpLogError) io.stderr(`${file}${error.line === undefined ? '' : `:${String(error.line)}`}: ${error.reason}\n`);
      else if (error instanceof UnknownQemuVersionError) io.stderr(`qapi-ts: ${file}: ${error.message}\n`);
      else throw error;
      code = 1;
      continue;
    }
    if (outcome.ok) io.stdout(`${file}: ok (QEMU ${qemu}; ${outcome.summary})\n`);
    else {
      const n = outcome.problems.length;
      io.stdout(
        `${file}: ${count(n, outcome.noun)} (QEMU ${qemu}; ${outcome.summary})\n${outcome.problems.map((p) => withNewline(p)).join('')}`,
      );
      code = 1;
    }
  }
  return code;
}
