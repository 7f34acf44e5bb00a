import type { JobStatus } from '../generated/job.js';
import { JobStatusValues } from '../generated/job.js';
import { JOBS_7_2, profileAllowsVerb } from '../runtime/jobs/profile.js';
import type { JobProfile, ProfileVerb } from '../runtime/jobs/profile.js';
import { isTransitionAllowed, verbRejectedText } from '../runtime/jobs/state-machine.js';
import { parseTrace, QmpLogError } from './trace.js';
import type { ParsedTrace, TraceCommand } from './trace.js';

/** Which verb a command applies, and the argument naming the job. */
const VERB_OF_COMMAND: Readonly<Record<string, readonly [ProfileVerb, 'id' | 'device']>> = {
  'job-pause': ['pause', 'id'],
  'job-resume': ['resume', 'id'],
  'job-cancel': ['cancel', 'id'],
  'job-complete': ['complete', 'id'],
  'job-finalize': ['finalize', 'id'],
  'job-dismiss': ['dismiss', 'id'],
  'block-job-pause': ['pause', 'device'],
  'block-job-resume': ['resume', 'device'],
  'block-job-cancel': ['cancel', 'device'],
  'block-job-complete': ['complete', 'device'],
  'block-job-set-speed': ['set-speed', 'device'],
  'block-job-finalize': ['finalize', 'id'],
  'block-job-dismiss': ['dismiss', 'id'],
  'block-job-change': ['change', 'id'],
};

/** Errors QEMU raises after the verb table passed (so they need an allowed verb). */
const AFTER_TABLE: Readonly<Partial<Record<ProfileVerb, readonly string[]>>> = {
  pause: ['Job is already paused'],
  'set-speed': ["Parameter 'speed' expects a non-negative value"],
};

function isStatus(s: unknown): s is JobStatus {
  return (JobStatusValues as readonly unknown[]).includes(s);
}

/** What a check covered, printed by the CLI so that "ok" never stands for "nothing read". */
export interface TraceCoverage {
  readonly messages: number;
  readonly jobs: number;
  /** JOB_STATUS_CHANGE events checked against the transition table. */
  readonly transitions: number;
  /** Job verbs whose acceptance or refusal was checked against the verb table. */
  readonly verbs: number;
}

/** The outcome of `verifyTrace`: whether the log fits the job tables, the problems found, and what was checked. */
export interface VerifyResult {
  readonly ok: boolean;
  readonly diff: string;
  readonly problems: string[];
  readonly checked: TraceCoverage;
  /** `major.minor` of the log's greeting, if it has one. */
  readonly greeting: string | undefined;
}

/** A log naming no job has nothing for the job tools to check: that is an error, not a pass. */
export function requireJobs(trace: ParsedTrace): void {
  if (trace.jobs.size === 0) throw new QmpLogError(undefined, 'no job in this log (no JOB_STATUS_CHANGE or BLOCK_JOB_* event)');
}

/** Checks one verb command; returns whether it could be checked (reply and job status known). */
function checkVerb(profile: JobProfile, cmd: TraceCommand, status: JobStatus | undefined, problems: string[]): boolean {
  const entry = VERB_OF_COMMAND[cmd.execute];
  const reply = cmd.reply;
  if (entry === undefined || reply === undefined || status === undefined) return false;
  const [verb, key] = entry;
  const args = (cmd.args ?? {}) as Record<string, unknown>;
  const id = String(args[key]);
  const allowed = profileAllowsVerb(profile, verb, status);
  const where = `line ${cmd.index + 1}: ${cmd.execute} '${id}' in ${status}`;
  if (!('error' in reply)) {
    if (!allowed) problems.push(`${where}: accepted, but the verb table forbids '${verb}'`);
    return true;
  }
  const desc = reply.error.desc;
  if (desc === verbRejectedText(id, status, verb)) {
    if (allowed) problems.push(`${where}: rejected by the table, but the table allows '${verb}'`);
  } else if (desc.startsWith(`Job '${id}' in state '`)) {
    problems.push(`${where}: rejected as if in another state: ${desc}`);
  } else if ((AFTER_TABLE[verb] ?? []).includes(desc) && !allowed) {
    problems.push(`${where}: '${desc}' needs the verb to pass the table first`);
  }
  return true;
}

/**
 * Checks any QMP log (either form of runtime/qmp/log/qmp-log.ts) against the tables: every
 * JOB_STATUS_CHANGE follows a JobSTT arrow, and every verb's acceptance fits the job's status
 * when the command was sent, in the verb table of the release that recorded it (`profile`,
 * default QEMU 7.2). Throws QmpLogError on a line it cannot read, and on a log holding no QMP
 * message or no job.
 */
export function verifyTrace(text: string, profile: JobProfile = JOBS_7_2): VerifyResult {
  const trace = parseTrace(text);
  requireJobs(trace);
  const problems: string[] = [];
  let transitions = 0;
  let verbs = 0;
  const status = new Map<string, JobStatus>();
  const items = [...trace.commands.map((c) => ({ index: c.index, cmd: c })), ...trace.events.map((e) => ({ index: e.index, ev: e }))].sort(
    (a, b) => a.index - b.index,
  );
  for (const item of items) {
    if ('cmd' in item) {
      const entry = VERB_OF_COMMAND[item.cmd.execute];
      const args = (item.cmd.args ?? {}) as Record<string, unknown>;
      if (entry !== undefined && checkVerb(profile, item.cmd, status.get(String(args[entry[1]])), problems)) verbs++;
      continue;
    }
    const { event, data, index } = item.ev;
    if (event !== 'JOB_STATUS_CHANGE') continue;
    const id = String(data['id']);
    const to = data['status'];
    if (!isStatus(to)) {
      problems.push(`line ${index + 1}: job ${id}: unknown status ${String(to)}`);
      continue;
    }
    transitions++;
    const from = status.get(id) ?? 'undefined';
    if (!isTransitionAllowed(from, to)) problems.push(`line ${index + 1}: job ${id}: illegal transition ${from} -> ${to}`);
    if (to === 'null') status.delete(id);
    else status.set(id, to);
  }
  const checked = { messages: trace.messages, jobs: trace.jobs.size, transitions, verbs };
  return { ok: problems.length === 0, diff: problems.join('\n'), problems, checked, greeting: trace.greeting };
}
