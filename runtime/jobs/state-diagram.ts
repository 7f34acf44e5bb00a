import type { JobStatus, JobVerb } from '../../generated/job.js';
import { JobStatusValues, JobVerbValues } from '../../generated/job.js';
import { JOB_TRANSITIONS, isVerbAllowed, verbRejectedText } from './state-machine.js';
import type { JobTransitionEdge } from './state-machine.js';

/**
 * What makes each JobSTT arrow happen. Typed against the table: a missing or extra
 * arrow is a compile error.
 */
export const EDGE_LABELS = {
  'undefined->created': 'create',
  'created->running': 'start',
  'created->aborting': 'cancel before start',
  'created->null': 'early fail',
  'running->paused': 'pause / drain',
  'running->ready': 'copy done (mirror)',
  'running->waiting': 'run ok',
  'running->aborting': 'cancel / run failed',
  'paused->running': 'resume / drain end / cancel',
  'ready->standby': 'pause / drain',
  'ready->waiting': 'complete / soft cancel',
  'ready->aborting': 'forced cancel / failed',
  'standby->ready': 'resume / drain end / cancel',
  'waiting->pending': 'all txn jobs done',
  'waiting->aborting': 'txn aborted',
  'pending->concluded': 'finalize (auto or finalize)',
  'pending->aborting': 'cancel / prepare failed',
  'aborting->aborting': 'rc update (silent)',
  'aborting->concluded': 'abort + clean',
  'concluded->null': 'dismiss (auto or dismiss)',
} as const satisfies Record<JobTransitionEdge, string>;

/** Where an accepted verb leads from each status (beyond the table: QEMU's own checks). */
const VERB_RESULT: Readonly<Record<JobVerb, Partial<Record<JobStatus, string>>>> = {
  cancel: {
    created: 'aborting → concluded → null',
    running: 'aborting → concluded',
    paused: 'running → aborting → concluded',
    ready: 'aborting → concluded (soft: waiting → pending)',
    standby: 'ready → aborting → concluded',
    waiting: 'aborting (whole txn)',
    pending: 'aborting → concluded',
  },
  pause: {
    created: 'created (pauses when started)',
    running: 'paused',
    paused: 'error: Job is already paused (if user-paused)',
    ready: 'standby',
    standby: 'error: Job is already paused (if user-paused)',
  },
  resume: {
    created: "error: Can't resume a job that was not paused (unless user-paused)",
    running: "error: Can't resume a job that was not paused",
    paused: 'running',
    ready: "error: Can't resume a job that was not paused",
    standby: 'ready',
  },
  'set-speed': { created: 'created', running: 'running', paused: 'paused', ready: 'ready', standby: 'standby' },
  complete: { ready: 'waiting → pending → …', standby: 'standby (completes on resume)' },
  finalize: { pending: 'concluded (whole txn)' },
  dismiss: { concluded: 'null' },
};

/** The generic refusal, shortened in the table (the legend below it gives QEMU's full text). */
const REFUSED = '✗';
const NOT_PAUSED = "✗ not paused";

function cell(verb: JobVerb, status: JobStatus): string {
  if (!isVerbAllowed(verb, status)) {
    // QEMU checks user_paused before the table for resume.
    return verb === 'resume' ? NOT_PAUSED : REFUSED;
  }
  const result = VERB_RESULT[verb][status] ?? '?';
  return result.replace("error: Can't resume a job that was not paused", NOT_PAUSED);
}

/** The verb × status table as Markdown: the resulting status, or the error QEMU gives. */
export function verbTableMarkdown(): string {
  const statuses = JobStatusValues;
  const head = `| verb | ${statuses.join(' | ')} |`;
  const rule = `|---|${statuses.map(() => '---').join('|')}|`;
  const rows = JobVerbValues.map((v) => `| ${v} | ${statuses.map((s) => cell(v, s).replace(/\|/g, '\\|')).join(' | ')} |`);
  const legend = [
    '',
    `${REFUSED}: refused with GenericError \`${verbRejectedText('<id>', '<status>' as JobStatus, '<verb>' as JobVerb)}\`.`,
    `${NOT_PAUSED}: refused with GenericError \`Can't resume a job that was not paused\` (checked before the verb table).`,
    'a → b: the statuses the job goes through; "whole txn": every job of its transaction does the same.',
  ];
  return [head, rule, ...rows, ...legend].join('\n') + '\n';
}

function edges(): Array<{ from: JobStatus; to: JobStatus; label: string }> {
  const out: Array<{ from: JobStatus; to: JobStatus; label: string }> = [];
  for (const from of JobStatusValues) {
    for (const to of JOB_TRANSITIONS[from] as readonly JobStatus[]) {
      out.push({ from, to, label: EDGE_LABELS[`${from}->${to}` as JobTransitionEdge] });
    }
  }
  return out;
}

/** Mermaid state diagram of JobSTT, every arrow labelled. */
export function stateDiagramMermaid(): string {
  const id = (s: JobStatus): string => `s_${s}`;
  const lines = ['stateDiagram-v2'];
  for (const s of JobStatusValues) lines.push(`    ${id(s)} : ${s}`);
  for (const e of edges()) lines.push(`    ${id(e.from)} --> ${id(e.to)} : ${e.label.replace(/:/g, ' ')}`);
  return lines.join('\n');
}

/** Graphviz DOT of JobSTT, every arrow labelled. */
export function stateDiagramDot(): string {
  const lines = ['digraph JobStatus {', '    rankdir=TB;', '    node [shape=box, style=rounded];'];
  for (const e of edges()) lines.push(`    "${e.from}" -> "${e.to}" [label="${e.label.replace(/"/g, '\\"')}"];`);
  lines.push('}');
  return lines.join('\n');
}
