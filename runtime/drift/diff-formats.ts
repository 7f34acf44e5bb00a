/**
 * The formats of a schema diff, apart from their printers (diff-report.ts) so that the command
 * line can list them without loading the printers for every command.
 */

/** `text` for a terminal, `json` for tools, `markdown` for a changelog. */
export type DiffFormat = 'text' | 'json' | 'markdown';

/** The formats `formatDiff` writes. */
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown'];
