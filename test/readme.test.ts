/** The README shows the job tables as the runtime prints them: this keeps the two in step. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateDiagramMermaid, verbTableMarkdown } from '../runtime/jobs/state-diagram.js';
import { repoRoot } from './support/qemu-dir.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

function between(start: string, end: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  expect(from).toBeGreaterThan(0);
  return readme.slice(from + start.length + 1, to);
}

describe('README', () => {
  it('shows the current verb table', () => {
    expect(between('<!-- jobs-table:start -->', '<!-- jobs-table:end -->')).toBe(verbTableMarkdown());
  });

  it('shows the current state diagram', () => {
    expect(between('<!-- jobs-diagram:start -->', '<!-- jobs-diagram:end -->')).toBe(
      '```mermaid\n' + stateDiagramMermaid() + '\n```\n',
    );
  });
});
