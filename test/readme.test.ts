/** The README shows the job tables as the runtime prints them: this keeps the two in step. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateDiagramMermaid, verbTableMarkdown } from '../runtime/jobs/state-diagram.js';
import { JOB_RELEASES, jobProfile } from '../runtime/jobs/profile.js';
import { repoRoot } from './support/qemu-dir.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

function between(start: string, end: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  expect(from).toBeGreaterThan(0);
  return readme.slice(from + start.length + 1, to);
}

describe('README', () => {
  for (const release of JOB_RELEASES) {
    it(`shows the current verb table of QEMU ${release}`, () => {
      expect(between(`<!-- jobs-table-${release}:start -->`, `<!-- jobs-table-${release}:end -->`)).toBe(
        verbTableMarkdown(jobProfile(release)),
      );
    });

    it(`shows the current state diagram of QEMU ${release}`, () => {
      expect(between(`<!-- jobs-diagram-${release}:start -->`, `<!-- jobs-diagram-${release}:end -->`)).toBe(
        '```mermaid\n' + stateDiagramMermaid(jobProfile(release)) + '\n```\n',
      );
    });
  }
});
