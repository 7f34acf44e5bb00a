/**
 * A schema diff for people and programs: `text` for a terminal (breaking changes marked `!`),
 * `markdown` for a changelog, `json` for tools. With no change, text and markdown are empty.
 */
import type { DiffFormat } from './diff-formats.js';
import type { EntityDiff, SchemaChange, SchemaDiff } from './schema-diff.js';

/** The JSON form: `changed` maps each command or event to its changes in words. */
export interface DiffJson {
  readonly commands: EntityJson;
  readonly events: EntityJson;
  readonly breaking: boolean;
  /** Every breaking change as `NAME: change` (`x-query-rdma: removed`). */
  readonly breakingChanges: readonly string[];
}

/** The commands (or the events) of the JSON form. */
export interface EntityJson {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: Readonly<Record<string, readonly string[]>>;
}

/** The JSON form of a diff (what `qapi-ts diff --format json` prints). */
export function diffJson(diff: SchemaDiff): DiffJson {
  return {
    commands: entityJson(diff.commands),
    events: entityJson(diff.events),
    breaking: diff.breaking,
    breakingChanges: diff.changes.filter((c) => c.breaking).map((c) => `${c.name}: ${c.text}`),
  };
}

/** A diff as `qapi-ts diff` prints it in `format`. */
export function formatDiff(diff: SchemaDiff, format: DiffFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(diffJson(diff), null, 2)}\n`;
    case 'text':
      return textReport(diff);
    case 'markdown':
      return markdownReport(diff);
  }
}

function entityJson(entities: EntityDiff): EntityJson {
  const changed: Record<string, string[]> = {};
  for (const [name, changes] of entities.changed) changed[name] = changes.map((c) => c.text);
  return { added: entities.added, removed: entities.removed, changed };
}

const SECTIONS = [
  ['commands', 'Commands'],
  ['events', 'Events'],
] as const;

function textReport(diff: SchemaDiff): string {
  const lines: string[] = [];
  const mark = (breaking: boolean): string => (breaking ? '! ' : '  ');
  for (const [key, title] of SECTIONS) {
    const entities = diff[key];
    if (entities.added.length > 0) lines.push(`${title} added (${entities.added.length}):`, ...entities.added.map((n) => `  ${n}`));
    if (entities.removed.length > 0) lines.push(`${title} removed (${entities.removed.length}):`, ...entities.removed.map((n) => `! ${n}`));
    if (entities.changed.size > 0) {
      lines.push(`${title} changed (${entities.changed.size}):`);
      for (const [name, changes] of entities.changed) {
        lines.push(`${mark(changes.some((c) => c.breaking))}${name}`, ...changes.map((c) => `${mark(c.breaking)}    ${c.text}`));
      }
    }
  }
  if (lines.length === 0) return '';
  const breaking = countBreaking(diff.changes);
  lines.push(
    '',
    breaking === 0
      ? 'Nothing breaking.'
      : `${breaking} breaking change${breaking === 1 ? '' : 's'} (marked !): a client of the old schema may rely on what they changed.`,
  );
  return `${lines.join('\n')}\n`;
}

function markdownReport(diff: SchemaDiff): string {
  const lines: string[] = [];
  const flag = (breaking: boolean): string => (breaking ? ' **(breaking)**' : '');
  for (const [key, title] of SECTIONS) {
    const entities = diff[key];
    if (entities.added.length > 0) lines.push(`### ${title} added`, '', ...entities.added.map((n) => `- \`${n}\``), '');
    if (entities.removed.length > 0) lines.push(`### ${title} removed`, '', ...entities.removed.map((n) => `- \`${n}\`${flag(true)}`), '');
    if (entities.changed.size > 0) {
      lines.push(`### ${title} changed`, '');
      for (const [name, changes] of entities.changed) {
        lines.push(`- \`${name}\``, ...changes.map((c) => `  - ${codeQuoted(c.text)}${flag(c.breaking)}`));
      }
      lines.push('');
    }
  }
  if (lines.length === 0) return '';
  const breaking = countBreaking(diff.changes);
  lines.push(breaking === 0 ? 'Nothing breaking.' : `${breaking} breaking change${breaking === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}

/** Names in a change's words (`'discard-source'`) as code spans. */
function codeQuoted(text: string): string {
  return text.replace(/'([^']*)'/g, '`$1`');
}

function countBreaking(changes: readonly SchemaChange[]): number {
  return changes.filter((c) => c.breaking).length;
}
