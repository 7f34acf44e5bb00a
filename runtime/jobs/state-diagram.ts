import type { JobStatus } from '../../generated/job.js';
import { JobStatusValues } from '../../generated/job.js';
import { JOBS_7_2, profileAllowsVerb, profileVerbs } from './profile.js';
import type { JobProfile, ProfileVerb } from './profile.js';
import { JOB_TRANSITIONS, verbRejectedText } from './state-machine.js';
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
const VERB_RESULT: Readonly<Record<ProfileVerb, Partial<Record<JobStatus, string>>>> = {
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
  change: {
    created: 'created (mirror only)',
    running: 'running (mirror only)',
    paused: 'paused (mirror only)',
    ready: 'ready (mirror only)',
    standby: 'standby (mirror only)',
  },
};

/** The generic refusal, shortened in the table (the legend below it gives QEMU's full text). */
const REFUSED = '✗';
const NOT_PAUSED = '✗ not paused';

function cell(profile: JobProfile, verb: ProfileVerb, status: JobStatus): string {
  if (!profileAllowsVerb(profile, verb, status)) {
    // QEMU checks user_paused before the table for resume.
    return verb === 'resume' ? NOT_PAUSED : REFUSED;
  }
  const result = VERB_RESULT[verb][status] ?? '?';
  return result.replace("error: Can't resume a job that was not paused", NOT_PAUSED);
}

/** A release's verb × status table as Markdown (default QEMU 7.2): the resulting status, or the error QEMU gives. */
export function verbTableMarkdown(profile: JobProfile = JOBS_7_2): string {
  const statuses = JobStatusValues;
  const head = `| verb | ${statuses.join(' | ')} |`;
  const rule = `|---|${statuses.map(() => '---').join('|')}|`;
  const rows = profileVerbs(profile).map((v) => `| ${v} | ${statuses.map((s) => cell(profile, v, s).replace(/\|/g, '\\|')).join(' | ')} |`);
  const legend = [
    '',
    `${REFUSED}: refused with GenericError \`${verbRejectedText('<id>', '<status>' as JobStatus, '<verb>')}\`.`,
    `${NOT_PAUSED}: refused with GenericError \`Can't resume a job that was not paused\` (checked before the verb table).`,
    'a → b: the statuses the job goes through; "whole txn": every job of its transaction does the same.',
    ...(profile.verbStates.change === undefined
      ? []
      : ['change (block-job-change): any job type but mirror is refused with `Job type does not support change`.']),
  ];
  return [head, rule, ...rows, ...legend].join('\n') + '\n';
}

/** Arrows that a release's graph lock also takes (each graph change drains running jobs). */
const GRAPH_LOCK_EDGES: ReadonlySet<JobTransitionEdge> = new Set([
  'running->paused',
  'paused->running',
  'ready->standby',
  'standby->ready',
]);

function edges(profile: JobProfile): Array<{ from: JobStatus; to: JobStatus; label: string }> {
  const out: Array<{ from: JobStatus; to: JobStatus; label: string }> = [];
  for (const from of JobStatusValues) {
    for (const to of JOB_TRANSITIONS[from] as readonly JobStatus[]) {
      const edge = `${from}->${to}` as JobTransitionEdge;
      const graphChange = profile.graphLockDrains && GRAPH_LOCK_EDGES.has(edge) ? ' (graph change too)' : '';
      out.push({ from, to, label: EDGE_LABELS[edge] + graphChange });
    }
  }
  return out;
}

/** Mermaid state diagram of JobSTT for a release (default QEMU 7.2), every arrow labelled. */
export function stateDiagramMermaid(profile: JobProfile = JOBS_7_2): string {
  const id = (s: JobStatus): string => `s_${s}`;
  const lines = ['stateDiagram-v2'];
  for (const s of JobStatusValues) lines.push(`    ${id(s)} : ${s}`);
  for (const e of edges(profile)) lines.push(`    ${id(e.from)} --> ${id(e.to)} : ${e.label.replace(/:/g, ' ')}`);
  return lines.join('\n');
}

/** Graphviz DOT of JobSTT for a release (default QEMU 7.2), every arrow labelled. */
export function stateDiagramDot(profile: JobProfile = JOBS_7_2): string {
  const lines = ['digraph JobStatus {', '    rankdir=TB;', '    node [shape=box, style=rounded];'];
  for (const e of edges(profile)) lines.push(`    "${e.from}" -> "${e.to}" [label="${e.label.replace(/"/g, '\\"')}"];`);
  lines.push('}');
  return lines.join('\n');
}
