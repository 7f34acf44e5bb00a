import { describe, expect, it } from 'vitest';
import { JobStatusValues, JobVerbValues } from '../../../generated/job.js';
import { JobInternalError } from '../../../runtime/jobs/errors.js';
import {
  assertTransition,
  isTransitionAllowed,
  isVerbAllowed,
  JOB_TRANSITIONS,
  JOB_VERB_STATES,
} from '../../../runtime/jobs/state-machine.js';
import { stateDiagramDot, stateDiagramMermaid, verbTableMarkdown, EDGE_LABELS } from '../../../runtime/jobs/state-diagram.js';

describe('JobSTT', () => {
  it('has every status as a key and 20 arrows', () => {
    expect(Object.keys(JOB_TRANSITIONS).sort()).toEqual([...JobStatusValues].sort());
    expect(Object.values(JOB_TRANSITIONS).flat()).toHaveLength(20);
  });

  it('allows every transition QEMU 7.2 was seen making', () => {
    const seen = [
      'undefined created',
      'created running',
      'created aborting',
      'created null',
      'running paused',
      'running ready',
      'running waiting',
      'running aborting',
      'paused running',
      'ready standby',
      'ready waiting',
      'ready aborting',
      'standby ready',
      'waiting pending',
      'pending concluded',
      'aborting concluded',
      'concluded null',
    ];
    for (const pair of seen) {
      const [from, to] = pair.split(' ') as [never, never];
      expect(isTransitionAllowed(from, to), pair).toBe(true);
    }
  });

  it('has no paused->aborting or standby->aborting edge (cancel goes back through running/ready)', () => {
    expect(isTransitionAllowed('paused', 'aborting')).toBe(false);
    expect(isTransitionAllowed('standby', 'aborting')).toBe(false);
  });

  it('throws an internal error for an arrow outside the table', () => {
    expect(() => assertTransition('j', 'concluded', 'running')).toThrow(JobInternalError);
    expect(() => assertTransition('j', 'null', 'created')).toThrow(/illegal transition null -> created/);
  });
});

describe('JobVerbTable', () => {
  it('covers the 7 verbs of QEMU 7.2 (no change verb)', () => {
    expect(Object.keys(JOB_VERB_STATES).sort()).toEqual([...JobVerbValues].sort());
  });

  it('matches the table facts in the traces', () => {
    expect(isVerbAllowed('complete', 'standby')).toBe(true);
    expect(isVerbAllowed('complete', 'running')).toBe(false);
    expect(isVerbAllowed('cancel', 'concluded')).toBe(false);
    expect(isVerbAllowed('cancel', 'waiting')).toBe(true);
    expect(isVerbAllowed('cancel', 'aborting')).toBe(false);
    expect(isVerbAllowed('finalize', 'pending')).toBe(true);
    expect(isVerbAllowed('dismiss', 'concluded')).toBe(true);
    expect(isVerbAllowed('set-speed', 'waiting')).toBe(false);
    expect(isVerbAllowed('pause', 'pending')).toBe(false);
  });
});

describe('describe', () => {
  it('renders the verb table with the verb errors', () => {
    const md = verbTableMarkdown();
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(1 + JobVerbValues.length);
    expect(md).toContain("cannot accept command verb '<verb>'");
    expect(md).toContain('standby (completes on resume)');
  });

  it('labels every arrow in Mermaid and DOT', () => {
    const arrows = Object.values(JOB_TRANSITIONS).flat().length;
    expect(Object.keys(EDGE_LABELS)).toHaveLength(arrows);
    expect(
      stateDiagramMermaid()
        .split('\n')
        .filter((l) => l.includes('-->')),
    ).toHaveLength(arrows);
    const dot = stateDiagramDot();
    expect(dot.split('\n').filter((l) => l.includes('->') && l.includes('label='))).toHaveLength(arrows);
    expect(dot).toContain('"ready" -> "standby" [label="pause / drain"]');
  });
});
