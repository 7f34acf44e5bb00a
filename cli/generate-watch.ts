/**
 * `qapi-ts generate --watch`: generate, then regenerate in the same process (the front end
 * and back end stay loaded and warm) whenever the schema or a file it includes changes. One
 * line per run: when, what changed, what was written and how long it took, or the located
 * error; an error never ends the watch. Ends on Ctrl-C (SIGINT) or SIGTERM.
 */
import { watch, type FSWatcher } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readFromDisk, type FileReader } from '../generator/parser/read-source.js';
import { describeWrite, generateInto, resolveSettings, type GenerateSettings } from './generate-run.js';
import type { GenerateFlags } from './generate-run.js';
import { reportUserError, type CliIO } from './io.js';
import { signalled } from './signals.js';

/** Changes arriving this close together (an editor's save, a `git checkout`) make one run. */
const SETTLE_MS = 50;

export async function watchGenerate(schemaArg: string | undefined, flags: GenerateFlags, io: CliIO): Promise<number> {
  let settings: GenerateSettings;
  try {
    settings = resolveSettings(schemaArg, flags);
  } catch (err) {
    const code = reportUserError(io, err);
    if (code === undefined) throw err;
    return code;
  }
  const watcher = new SchemaWatcher(settings, io);
  watcher.run('start');
  io.stdout(`qapi-ts generate: watching ${watcher.describeWatched()} (Ctrl-C to stop)\n`);
  const signal = await signalled();
  watcher.close();
  io.stdout(`qapi-ts generate: ${signal}, stopped watching\n`);
  return 0;
}

class SchemaWatcher {
  readonly #settings: GenerateSettings;
  readonly #io: CliIO;
  /** The files the last run read (the schema and its includes) by absolute path, with what it read. */
  #files = new Map<string, Uint8Array | undefined>();
  /** One watcher per folder holding such a file: editors often replace a file rather than write it. */
  readonly #folders = new Map<string, FSWatcher>();
  readonly #pending = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(settings: GenerateSettings, io: CliIO) {
    this.#settings = settings;
    this.#io = io;
  }

  run(reason: string): void {
    const read = new Map<string, Uint8Array | undefined>([[resolve(this.#settings.schema), undefined]]);
    const readFile: FileReader = (fname) => {
      read.set(resolve(fname), undefined);
      const bytes = readFromDisk(fname);
      read.set(resolve(fname), bytes);
      return bytes;
    };
    const started = performance.now();
    try {
      const result = generateInto(this.#settings, false, readFile);
      const ms = Math.round(performance.now() - started);
      this.#io.stdout(`${clock()} ${reason}: ${describeWrite(result, this.#settings.output)} (${String(ms)} ms)\n`);
    } catch (err) {
      // One write, so the located error arrives whole after its time and cause.
      let text = '';
      const collect: CliIO = { stdout: this.#io.stdout, stderr: (t) => void (text += t) };
      if (reportUserError(collect, err) === undefined) {
        text = `qapi-ts: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`;
      }
      this.#io.stderr(`${clock()} ${reason}: ${text}`);
    }
    // Watch what this run read, also when it failed: fixing any of those files is the next change.
    this.#files = read;
    this.#watchFolders();
  }

  /** `pets.json and 1 file it includes` */
  describeWatched(): string {
    const includes = this.#files.size - 1;
    return `${this.#settings.schema}${includes > 0 ? ` and ${String(includes)} file${includes === 1 ? '' : 's'} it includes` : ''}`;
  }

  close(): void {
    clearTimeout(this.#timer);
    for (const folder of this.#folders.values()) folder.close();
    this.#folders.clear();
  }

  #watchFolders(): void {
    const wanted = new Set([...this.#files.keys()].map((file) => dirname(file)));
    for (const [folder, watcher] of this.#folders) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.#folders.delete(folder);
    }
    for (const folder of wanted) {
      if (this.#folders.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => {
          if (name !== null) this.#changed(resolve(folder, name));
        });
        watcher.on('error', () => {
          watcher.close();
          this.#folders.delete(folder);
        });
        this.#folders.set(folder, watcher);
      } catch {
        // A folder that does not exist (an include of a missing file): nothing to watch there.
      }
    }
  }

  #changed(file: string): void {
    if (!this.#files.has(file)) return;
    this.#pending.add(file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const changed = [...this.#pending].filter((file) => this.#differs(file));
      this.#pending.clear();
      if (changed.length === 0) return;
      this.run(`${changed.map((f) => relative(process.cwd(), f) || f).join(', ')} changed`);
    }, SETTLE_MS);
  }

  /**
   * Whether a file no longer holds what the last run read. Events also come for what changes
   * nothing (the access time a run's own read updates, a save of the same text): no run then.
   */
  #differs(file: string): boolean {
    const before = this.#files.get(file);
    let now: Uint8Array;
    try {
      now = readFromDisk(file);
    } catch {
      return before !== undefined;
    }
    return before === undefined || Buffer.compare(before, now) !== 0;
  }
}

/** `12:03:07`: the local time of a run. */
function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}
