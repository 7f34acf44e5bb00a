/** Helpers of the TypeScript back end's tests: generate to a folder, type-check a folder. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generate, type GeneratedFile } from '../../../../generator/generate.js';
import { repoRoot } from '../../../support/qemu-dir.js';

/** The flag set the issue requires the generated code to pass. */
export const STRICT_OPTIONS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  erasableSyntaxOnly: true,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  target: 'es2022',
  types: [] as string[],
  noEmit: true,
} as const;

/** In-memory schema files for `generate({ readFile })`. */
export function memoryReader(files: Record<string, string>): (fname: string) => Uint8Array {
  return (fname) => {
    const text = files[fname];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${fname}`), { code: 'ENOENT' });
    return Buffer.from(text);
  };
}

/** Generates one in-memory schema (`test.json`) and returns its files by path. */
export function generateText(schema: string, defines: readonly string[] = []): Map<string, string> {
  const files = generate({ schema: 'test.json', defines, readFile: memoryReader({ 'test.json': schema }) });
  return new Map(files.map((f) => [f.path, f.content]));
}

export function writeFiles(dir: string, files: readonly GeneratedFile[]): void {
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
}

/** `tsc` on `files` (and what they import) with the project's own tsconfig.json; '' when clean. */
export function typecheckWithProjectOptions(dir: string, files: readonly string[]): string {
  const config = { extends: relative(dir, join(repoRoot, 'tsconfig.json')), compilerOptions: { noEmit: true }, files, include: [] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  return runTsc(dir);
}

function runTsc(dir: string): string {
  const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.trim();
}

/** Runs the project's `tsc` on `dir` with the strict flag set (plus `extra`); returns its output ('' when clean). */
export function typecheck(dir: string, extra: Record<string, unknown> = {}): string {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...STRICT_OPTIONS, ...extra }, include: ['**/*.ts'] }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  return runTsc(dir);
}
