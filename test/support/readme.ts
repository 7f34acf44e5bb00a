/**
 * The README's code blocks that name a file (```ts src/main.ts): the tests write them into a
 * project and build and run them, so the README shows code that works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './qemu-dir.js';

export function readmeText(): string {
  return readFileSync(join(repoRoot, 'README.md'), 'utf8');
}

/** File name -> content of every fenced block whose info string names a file. */
export function readmeFiles(readme = readmeText()): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/^```\w+ (\S+)\n([\s\S]*?)^```$/gmu)) files.set(match[1]!, match[2]!);
  return files;
}

/** The lines of the console block that follows `command` (the output shown for it). */
export function readmeOutputOf(command: string, readme = readmeText()): string {
  const start = readme.indexOf(`$ ${command}\n`);
  if (start < 0) throw new Error(`README: no console block running \`${command}\``);
  const from = start + command.length + 3;
  return readme.slice(from, readme.indexOf('```', from));
}
