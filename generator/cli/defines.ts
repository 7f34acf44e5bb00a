/**
 * The `if` symbol options back ends share: `--define SYMBOL` (repeatable), `--defines-file
 * FILE` and `--all-conditions`, turned into the `defined` set `evaluateIf` takes.
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';

export interface DefineOptions {
  readonly define?: readonly string[];
  readonly definesFile?: string;
  readonly allConditions?: boolean;
}

export function addDefineOptions(command: Command): Command {
  return command
    .option('-D, --define <symbol>', "treat SYMBOL as defined in 'if' conditions (repeatable)", collect)
    .option(
      '--defines-file <file>',
      'read defined symbols from FILE: JSON like {"defined": ["CONFIG_LINUX"]}, as in ' +
        "QEMU data's introspection/conditions.json (other keys are ignored)",
    )
    .addOption(
      new Option('--all-conditions', "keep everything, as if every 'if' condition held")
        .conflicts(['define', 'definesFile']),
    );
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The symbol set the options name: undefined for `--all-conditions`, else the union of
 * `--define`s and the defines file (empty when neither is given: nothing is defined).
 * Throws an Error with a user-facing message when the file is unusable.
 */
export function definedSymbols(options: DefineOptions): ReadonlySet<string> | undefined {
  if (options.allConditions === true) return undefined;
  const fromFile = options.definesFile === undefined ? [] : readDefinesFile(options.definesFile);
  return new Set([...fromFile, ...(options.define ?? [])]);
}

function readDefinesFile(file: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read defines file '${file}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const defined = typeof data === 'object' && data !== null && 'defined' in data ? data.defined : undefined;
  if (!Array.isArray(defined) || !defined.every((s): s is string => typeof s === 'string')) {
    throw new Error(`defines file '${file}' must be a JSON object with a "defined" array of strings`);
  }
  return defined;
}
