/**
 * The manifest `qapi-ts generate` keeps in its output folder: the files it wrote there, each
 * with the SHA-256 of what it wrote. It is what makes a file ours: `generate` rewrites or
 * removes only files listed here (and removes one only while it still holds what was written).
 */
import { createHash } from 'node:crypto';
import { MANIFEST_FILE } from './manifest-file.js';
import { OutputError } from './output-error.js';

export { MANIFEST_FILE };

/** Output path (`/`-separated, relative to the folder) -> `sha256:<hex>` of its content. */
export type Manifest = ReadonlyMap<string, string>;

export function contentHash(content: string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** The manifest's text: stable for the same files (no dates, no versions), so `--check` can compare it. */
export function renderManifest(files: readonly { readonly path: string; readonly content: string }[]): string {
  const entries = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listed = Object.fromEntries(entries.map((f) => [f.path, contentHash(f.content)]));
  const manifest = {
    generator: 'qapi-ts',
    note: 'The files `qapi-ts generate` wrote in this folder; it rewrites or removes no other file here.',
    files: listed,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Parses a manifest; anything else (hand-edited into nonsense, a stranger's file) is refused. */
export function parseManifest(text: string, where: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new OutputError(
      where,
      `is not a qapi-ts manifest (${(err as Error).message}); remove it only if this folder holds nothing but qapi-ts output`,
    );
  }
  const files = isRecord(data) && data['generator'] === 'qapi-ts' ? data['files'] : undefined;
  if (!isRecord(files)) throw new OutputError(where, 'is not a qapi-ts manifest (no "generator": "qapi-ts" with a "files" object)');
  const manifest = new Map<string, string>();
  for (const [path, hash] of Object.entries(files)) {
    if (!isSafeOutputPath(path) || typeof hash !== 'string' || !/^sha256:[0-9a-f]{64}$/u.test(hash)) {
      throw new OutputError(where, `lists an entry qapi-ts never writes: ${JSON.stringify(path)}`);
    }
    manifest.set(path, hash);
  }
  return manifest;
}

/** A relative `/`-separated path that stays inside the folder: no `..`, `.`, empty or absolute parts. */
export function isSafeOutputPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
