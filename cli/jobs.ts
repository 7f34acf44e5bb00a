import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { QemuVersion } from '../generator/dialect/dialect.js';
import { DEFAULT_QEMU_VERSION, QEMU_VERSIONS, qemuVersion, UnknownQemuVersionError } from '../generator/dialect/versions.js';
import { strerror } from '../generator/parser/read-source.js';
import type { CliIO } from './io.js';

type SetExit = (code: number) => void;

/** The job runtime is loaded only when a `jobs` subcommand runs. */
const runtime = () => import('./jobs-runtime.js');

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
      "The job runtime (QEMU 7.2's job.c and job-qmp.c in TypeScript) as a tool: replay real QMP " +
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
  replay
    .option('--qemu <version>', `${TRACE_QEMU_HELP} (default: the log's greeting, else ${DEFAULT_QEMU_VERSION})`)
    .addHelpText('after', '\nExample:\n  $ qapi-ts record --listen /tmp/qmp-proxy.sock --connect /tmp/qmp.sock -o session.jsonl\n  $ qapi-ts jobs replay session.jsonl')
    .action(async (files: string[], options: QemuOption) => {
      const { replayTrace } = await runtime();
      setExit(await runEach(files, options, io, (text, file) => {
        const result = replayTrace(text, file);
        const { messages, jobs, transitions, commands, notModelled } = result.checked;
        const skipped = notModelled === 0 ? '' : ` (${String(notModelled)} not modelled)`;
        const summary = `${count(messages, 'message')}, ${count(jobs, 'job')}, ${count(commands, 'command')} replayed${skipped}, ${count(transitions, 'transition')}`;
        return { ok: result.ok, summary, problems: result.differences, noun: 'difference', greeting: result.greeting };
      }));
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
      const { verifyTrace } = await runtime();
      setExit(await runEach(files, options, io, (text) => {
        const result = verifyTrace(text);
        const { messages, jobs, transitions, verbs } = result.checked;
        const summary = `${count(messages, 'message')}, ${count(jobs, 'job')}, ${count(transitions, 'transition')}, ${count(verbs, 'verb')} checked`;
        return { ok: result.ok, summary, problems: result.problems, noun: 'problem', greeting: result.greeting };
      }));
    });

  jobs
    .command('table')
    .description('Print, as Markdown, the resulting status (or the error) for every verb in every status.')
    .action(async () => {
      io.stdout(withNewline((await runtime()).verbTableMarkdown()));
    });

  jobs
    .command('diagram')
    .description('Print the job state diagram, every arrow labelled with the verb or internal event causing it.')
    .option('--format <format>', 'mermaid or dot (Graphviz)', 'mermaid')
    .addHelpText('after', '\nExamples:\n  $ qapi-ts jobs diagram > jobs.mmd\n  $ qapi-ts jobs diagram --format dot | dot -Tsvg > jobs.svg')
    .action(async (options: { format: string }) => {
      const rt = await runtime();
      if (options.format === 'mermaid') io.stdout(withNewline(rt.stateDiagramMermaid()));
      else if (options.format === 'dot') io.stdout(withNewline(rt.stateDiagramDot()));
      else {
        io.stderr(`qapi-ts: unknown diagram format '${options.format}' (use mermaid or dot)\n`);
        setExit(1);
      }
    });
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

const TRACE_QEMU_HELP =
  `the QEMU release that recorded the log: ${QEMU_VERSIONS.join(', ')} (read, checked and reported; the job runtime is the same for all)`;

/**
 * The QEMU release a log comes from: `--qemu`, else its greeting's `major.minor`, else (no
 * greeting) the default. An unsupported release is an error naming the supported ones.
 */
export function traceQemu(greeting: string | undefined, flag: string | undefined): QemuVersion {
  return qemuVersion(flag ?? greeting ?? DEFAULT_QEMU_VERSION);
}

interface CheckOutcome {
  readonly ok: boolean;
  readonly summary: string;
  readonly problems: readonly string[];
  readonly noun: string;
  /** `major.minor` of the log's greeting, if it has one. */
  readonly greeting: string | undefined;
}

/**
 * Runs a check on each file; prints the file's QEMU release, what the check covered and each
 * problem; exit 1 if any failed.
 */
async function runEach(
  files: string[], options: QemuOption, io: CliIO, check: (text: string, file: string) => CheckOutcome,
): Promise<number> {
  const { QmpLogError } = await runtime();
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
      outcome = check(text, file);
      qemu = traceQemu(outcome.greeting, options.qemu);
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
      io.stdout(`${file}: ${count(n, outcome.noun)} (QEMU ${qemu}; ${outcome.summary})\n${outcome.problems.map((p) => withNewline(p)).join('')}`);
      code = 1;
    }
  }
  return code;
}
