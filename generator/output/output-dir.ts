/**
 * Bringing an output folder up to date with generated files, safely:
 * - `generate` owns exactly the files its manifest (output-manifest.ts) lists: it rewrites or
 *   removes no other file, and refuses, naming them, when a name it must write is taken by a
 *   file it does not own. Two exceptions, both harmless: a file already holding exactly what
 *   would be written is taken over, and an output written before manifests existed (no
 *   manifest, files starting with qapi-ts's header line, at the names this run writes) is
 *   adopted. An owned file no longer produced is removed only while it still holds what was
 *   written; an edited one is left where it is.
 * - Nothing is reached through a symlink or a folder holding another qapi-ts output below the
 *   output folder (the output folder itself may be a symlink: the user named it).
 * - Every new file is written under a temporary name first, then all are renamed into place;
 *   if a write fails, the temporaries (and folders made for them) are removed and the previous
 *   output is untouched. Failures are `OutputError`s naming the path and the system's reason.
 * - Only files whose content changes are written, so build tools see no spurious changes.
 * `check` plans the same and writes nothing.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { GeneratedFile } from '../backends/backend.js';
import { HEADER } from '../backends/typescript/files/module-file.js';
import { OutputError } from './output-error.js';
import { contentHash, isSafeOutputPath, MANIFEST_FILE, parseManifest, renderManifest, type Manifest } from './output-manifest.js';

export { OutputError } from './output-error.js';
export { MANIFEST_FILE } from './output-manifest.js';

/** What `syncOutput()` did (or, with `check`, would do) to the output folder. */
export interface SyncResult {
  /** Written (check: would be written) because they were missing or different. */
  readonly changed: readonly string[];
  readonly unchanged: readonly string[];
  /** Written by an earlier run, no longer produced: removed (check: would be). */
  readonly removed: readonly string[];
  /** Written by an earlier run, no longer produced, but edited since: left alone, no longer owned. */
  readonly keptEdited: readonly string[];
  /** The manifest was (check: would be) written. */
  readonly manifestChanged: boolean;
}

/** The file-system calls the sync makes; tests inject failures through it. */
export interface OutputFs {
  /** Without following a final symlink; undefined when nothing is there. */
  lstat(path: string): FileKind | undefined;
  /** Following symlinks; undefined when nothing is there. */
  stat(path: string): FileKind | undefined;
  readFile(path: string): string;
  writeFile(path: string, content: string): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  mkdir(path: string): void;
  rmdir(path: string): void;
}

export interface FileKind {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export const nodeOutputFs: OutputFs = {
  lstat: (path) => lstatSync(path, { throwIfNoEntry: false }),
  stat: (path) => statSync(path, { throwIfNoEntry: false }),
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, content) => writeFileSync(path, content),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
  mkdir: (path) => mkdirSync(path),
  rmdir: (path) => rmdirSync(path),
};

/** How `syncOutput()` runs: `check` plans without writing. */
export interface SyncOptions {
  /** Write nothing; only report what is out of date. */
  readonly check: boolean;
  /** @internal The file-system calls (tests inject failures here). */
  readonly fs?: OutputFs;
}

/** Brings the output folder `dir` up to date with `files`, owning only the files its manifest lists (see above); throws an `OutputError` naming the path when it cannot. */
export function syncOutput(dir: string, files: readonly GeneratedFile[], options: SyncOptions): SyncResult {
  const fs = options.fs ?? nodeOutputFs;
  const plan = new Planner(dir, fs).plan(files);
  if (!options.check) apply(dir, plan, fs);
  return {
    changed: plan.writes.map((f) => f.path),
    unchanged: plan.unchanged,
    removed: plan.removals,
    keptEdited: plan.keptEdited,
    manifestChanged: plan.manifest !== undefined,
  };
}

interface Plan {
  readonly writes: GeneratedFile[];
  readonly unchanged: string[];
  readonly removals: string[];
  readonly keptEdited: string[];
  /** The new manifest's text, when it differs from the one on disk. */
  manifest: string | undefined;
}

class Planner {
  readonly #dir: string;
  readonly #fs: OutputFs;
  /** Folders below the output folder already checked (by path relative to it). */
  readonly #checkedDirs = new Set<string>();

  constructor(dir: string, fs: OutputFs) {
    this.#dir = dir;
    this.#fs = fs;
  }

  plan(files: readonly GeneratedFile[]): Plan {
    const root = this.#kind(this.#dir, false);
    if (root !== undefined && !root.isDirectory()) throw new OutputError(this.#dir, 'is not a folder');
    const manifestPath = join(this.#dir, MANIFEST_FILE);
    const manifestText = root === undefined ? undefined : this.#readOwnFile(MANIFEST_FILE, 'the manifest');
    const owned: Manifest = manifestText === undefined ? new Map() : parseManifest(manifestText, manifestPath);
    const plan: Plan = { writes: [], unchanged: [], removals: [], keptEdited: [], manifest: undefined };
    const notOwned: string[] = [];
    for (const file of files) {
      if (!isSafeOutputPath(file.path) || file.path === MANIFEST_FILE) throw new Error(`generate: bad output path '${file.path}'`);
      const current = this.#readOwnFile(file.path, 'a generated file');
      if (current === file.content) plan.unchanged.push(file.path);
      else if (current === undefined || owned.has(file.path) || (manifestText === undefined && current.startsWith(HEADER)))
        plan.writes.push(file);
      else notOwned.push(join(this.#dir, file.path));
    }
    if (notOwned.length > 0) {
      throw new OutputError(
        this.#dir,
        `refusing to overwrite ${notOwned.length === 1 ? 'a file' : `${notOwned.length} files`} qapi-ts generate did not write ` +
          `(not in its ${MANIFEST_FILE}): ${notOwned.join(', ')}; move ${notOwned.length === 1 ? 'it' : 'them'} away or generate into another folder`,
      );
    }
    const produced = new Set(files.map((f) => f.path));
    for (const [path, hash] of owned) {
      if (produced.has(path)) continue;
      const current = this.#readOwnFile(path, 'a generated file', true);
      if (current === undefined) continue;
      if (contentHash(current) === hash) plan.removals.push(path);
      else plan.keptEdited.push(path);
    }
    const manifest = renderManifest(files);
    if (manifest !== manifestText) plan.manifest = manifest;
    return plan;
  }

  /**
   * The content of a regular file at `path` below the output folder, undefined if there is
   * none. Refuses a path through a symlink or through a folder holding another qapi-ts output;
   * with `lenient`, anything but a regular file reads as none (an entry of the old manifest
   * that someone replaced is not ours any more).
   */
  #readOwnFile(path: string, what: string, lenient = false): string | undefined {
    this.#checkParents(path);
    const full = join(this.#dir, path);
    const kind = this.#kind(full);
    if (kind === undefined) return undefined;
    if (!kind.isFile()) {
      if (lenient) return undefined;
      const is = kind.isSymbolicLink() ? 'a symbolic link' : kind.isDirectory() ? 'a folder' : 'not a regular file';
      throw new OutputError(full, `is ${is}, where qapi-ts generate writes ${what}; refusing to touch it`);
    }
    try {
      return this.#fs.readFile(full);
    } catch (err) {
      throw OutputError.fromSystem(full, 'read', err);
    }
  }

  /** What is at `path` (undefined: nothing); `lstat` unless following links is asked for. */
  #kind(path: string, lstat = true): FileKind | undefined {
    try {
      return lstat ? this.#fs.lstat(path) : this.#fs.stat(path);
    } catch (err) {
      throw OutputError.fromSystem(path, 'look at it', err);
    }
  }

  #checkParents(path: string): void {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join('/');
      if (this.#checkedDirs.has(rel)) continue;
      const full = join(this.#dir, rel);
      const kind = this.#kind(full);
      if (kind === undefined) return;
      if (kind.isSymbolicLink())
        throw new OutputError(full, 'is a symbolic link; qapi-ts generate does not write through links below its output folder');
      if (!kind.isDirectory()) throw new OutputError(full, 'is not a folder, where qapi-ts generate needs one');
      if (this.#kind(join(full, MANIFEST_FILE)) !== undefined) {
        throw new OutputError(full, `holds another qapi-ts output (its own ${MANIFEST_FILE}); qapi-ts generate does not write into it`);
      }
      this.#checkedDirs.add(rel);
    }
  }
}

/** Temporaries first, then renames; on a failed write everything made so far is taken back. */
function apply(dir: string, plan: Plan, fs: OutputFs): void {
  const writes = [...plan.writes.map((f) => ({ target: join(dir, f.path), content: f.content }))];
  if (plan.manifest !== undefined) writes.push({ target: join(dir, MANIFEST_FILE), content: plan.manifest });
  const madeDirs: string[] = [];
  const temporaries: { temp: string; target: string }[] = [];
  /** Takes back the temporaries from `first` on and the folders made for them (those still empty). */
  const takeBack = (first: number): void => {
    for (const { temp } of temporaries.slice(first)) attempt(() => fs.unlink(temp));
    for (const made of [...madeDirs].reverse()) attempt(() => fs.rmdir(made));
  };
  try {
    for (const { target, content } of writes) {
      makeParents(fs, dirname(target), madeDirs);
      const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
      temporaries.push({ temp, target });
      try {
        fs.writeFile(temp, content);
      } catch (err) {
        throw OutputError.fromSystem(target, 'write', err);
      }
    }
  } catch (err) {
    takeBack(0);
    throw err;
  }
  // The manifest goes last, so a failure before it leaves the old one, which still covers the old files.
  temporaries.forEach(({ temp, target }, i) => {
    try {
      fs.rename(temp, target);
    } catch (err) {
      takeBack(i);
      throw OutputError.fromSystem(target, 'rename its new content into place', err);
    }
  });
  for (const path of plan.removals) {
    try {
      fs.unlink(join(dir, path));
    } catch (err) {
      throw OutputError.fromSystem(join(dir, path), 'remove it (no longer generated)', err);
    }
  }
}

function makeParents(fs: OutputFs, folder: string, made: string[]): void {
  let exists: boolean;
  try {
    exists = fs.lstat(folder) !== undefined;
  } catch (err) {
    throw OutputError.fromSystem(folder, 'look at it', err);
  }
  if (exists) return;
  makeParents(fs, dirname(folder), made);
  try {
    fs.mkdir(folder);
  } catch (err) {
    throw OutputError.fromSystem(folder, 'create the folder', err);
  }
  made.push(folder);
}

function attempt(action: () => void): void {
  try {
    action();
  } catch {
    // Cleaning up after a failure: the first failure is the one reported.
  }
}
