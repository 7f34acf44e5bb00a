import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { QemuVersion } from '../generator/dialect/dialect.js';
import { DEFAULT_QEMU_VERSION, QEMU_VERSIONS, qemuVersion } from '../generator/dialect/versions.js';
import { strerror } from '../generator/parser/read-source.js';
import type { CliIO } from './io.js';

type SetExit = (code: number) => void;

/** The job runtime is loaded only when a `jobs` subcommand runs. */
const runtime = () => import('../runtime/jobs/index.js');

function readTrace(file: string, io: CliIO): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`qapi-ts: can't read trace '${file}': ${strerror(err)}\n`);
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
      'Replay QMP transcripts (JSON lines {"dir":"in"|"out","msg":...}, as recorded by QEMU\'s traces/drive.py) ' +
        'against the runtime with simulated drivers, and compare per-job JOB_STATUS_CHANGE sequences, ' +
        'replies, errors and query-jobs answers with what QEMU sent. Prints a diff and exits 1 on any ' +
        'difference, 0 when everything matches.',
    )
    .argument('<trace...>', 'transcript files (.jsonl)');
  replay
    .option('--qemu <version>', `${TRACE_QEMU_HELP} (default: the transcript's greeting, else ${DEFAULT_QEMU_VERSION})`)
    .addHelpText('after', '\nExample:\n  $ qapi-ts jobs replay ../shared/qemu-7.2/traces/b_backup_manual_finalize.jsonl')
    .action(async (files: string[], options: QemuOption) => {
      const { replayTrace } = await runtime();
      setExit(runEach(files, options, io, (text, file) => replayTrace(text, file)));
    });

  const verify = jobs
    .command('verify')
    .description(
      "Check a QMP log (a real QEMU's, same JSON-lines format) against the state machine: every observed " +
        "status transition must be legal and every verb's acceptance or refusal consistent with the job's " +
        'status at that time. Exits 1 and lists the problems otherwise.',
    )
    .argument('<trace...>', 'QMP logs (.jsonl)');
  verify
    .option('--qemu <version>', `${TRACE_QEMU_HELP} (default: the log's greeting, else ${DEFAULT_QEMU_VERSION})`)
    .addHelpText('after', '\nExample:\n  $ qapi-ts jobs verify my-qemu-session.jsonl')
    .action(async (files: string[], options: QemuOption) => {
      const { verifyTrace } = await runtime();
      setExit(runEach(files, options, io, (text) => verifyTrace(text)));
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

interface QemuOption {
  readonly qemu?: string;
}

const TRACE_QEMU_HELP =
  `the QEMU release that recorded the log: ${QEMU_VERSIONS.join(', ')} (read, checked and reported; the job runtime is the same for all)`;

/**
 * The QEMU release a log comes from: `--qemu`, else its greeting's `major.minor`, else (no
 * greeting) the default. An unsupported release is an error naming the supported ones.
 */
export function traceQemu(text: string, flag: string | undefined): QemuVersion {
  if (flag !== undefined) return qemuVersion(flag);
  const greeted = greetingVersion(text);
  return qemuVersion(greeted ?? DEFAULT_QEMU_VERSION);
}

/** `major.minor` of the first `{"QMP": {"version": ...}}` the log received, if any. */
function greetingVersion(text: string): string | undefined {
  for (const line of text.split('\n')) {
    if (!line.includes('"QMP"')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: { QMP?: { version?: { qemu?: { major?: unknown; minor?: unknown } } } } };
      const qemu = entry.msg?.QMP?.version?.qemu;
      if (typeof qemu?.major === 'number' && typeof qemu.minor === 'number') return `${qemu.major}.${qemu.minor}`;
    } catch {
      // not a JSON line: the runtime's own reader reports that
    }
  }
  return undefined;
}

/** Runs a check on each file; prints each result with the file's QEMU release; exit 1 if any failed. */
function runEach(
  files: string[],
  options: QemuOption,
  io: CliIO,
  check: (text: string, file: string, qemu: QemuVersion) => { ok: boolean; diff: string },
): number {
  let code = 0;
  for (const file of files) {
    const text = readTrace(file, io);
    if (text === undefined) {
      code = 1;
      continue;
    }
    let qemu: QemuVersion;
    try {
      qemu = traceQemu(text, options.qemu);
    } catch (err) {
      io.stderr(`qapi-ts: ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
      continue;
    }
    const result = check(text, file, qemu);
    if (result.ok) io.stdout(`${file}: ok (QEMU ${qemu})\n`);
    else {
      io.stdout(`${file}: differs (QEMU ${qemu})\n${withNewline(result.diff)}`);
      code = 1;
    }
  }
  return code;
}
