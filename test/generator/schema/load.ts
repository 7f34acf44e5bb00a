/** Test helper: load schemas from in-memory files, as QEMU's harness would see them. */
import { dumpSchema } from '../../../generator/backends/dump/dump.js';
import { loadSchema, type LoadedSchema } from '../../../generator/frontend.js';
import { QAPIError } from '../../../generator/source/error.js';

export type Files = Readonly<Record<string, string>>;

function reader(files: Files): (fname: string) => Uint8Array {
  return (fname) => {
    const text = files[fname];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${fname}`), { code: 'ENOENT' });
    return new TextEncoder().encode(text);
  };
}

/** A schema given as one main file's text, or as several files (main first). */
function asFiles(schema: string | Files): [Files, string] {
  if (typeof schema === 'string') return [{ 'main.json': schema }, 'main.json'];
  const main = Object.keys(schema)[0];
  if (main === undefined) throw new Error('no files');
  return [schema, main];
}

export function load(schema: string | Files): LoadedSchema {
  const [files, main] = asFiles(schema);
  return loadSchema(main, reader(files));
}

/** The rendered error (as in a .err file, without the final newline), or '' on success. */
export function errorOf(schema: string | Files): string {
  try {
    load(schema);
    return '';
  } catch (err) {
    if (err instanceof QAPIError) return err.render();
    throw err;
  }
}

/** The dump without the fixed builtin-module block. */
export function dumpOf(schema: string | Files): string {
  const { schema: checked, docs } = load(schema);
  const text = dumpSchema(checked, docs);
  return text.slice(text.indexOf('\nmodule ', 1) + 1);
}
