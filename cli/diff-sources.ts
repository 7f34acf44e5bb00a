/**
 * The two sides of `qapi-ts diff`, each read into `query-qmp-schema` data: a live QMP server
 * (`unix:PATH`, `tcp:HOST:PORT`), a generated package (a folder, or its `qmp-introspection`
 * file), a saved reply (the bare array or `{"return": [...]}`), or a schema file, checked in
 * its side's QEMU dialect and evaluated with its side's symbols.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaInfoError, schemaInfoOf } from '../runtime/drift/schema-info.js';
import type { SchemaInfoEntry } from '../runtime/drift/schema-info.js';
import type { SchemaSettings } from './schema-options.js';
import { definedSymbols } from '../generator/schema/conditions.js';
import { UsageError } from './usage-error.js';

/** Why a side could not be read: printed as `qapi-ts diff: <message>`, exit 2. */
export class DiffSourceError extends Error {
  override readonly name: string = 'DiffSourceError';
}

const PACKAGE_FILES = ['qmp-introspection.ts', 'qmp-introspection.js'];

export async function readDiffSide(source: string, settings: SchemaSettings): Promise<readonly SchemaInfoEntry[]> {
  const { parseQmpTarget } = await import('../runtime/qmp/client/connect.js');
  const target = parseQmpTarget(source);
  if (target !== undefined) {
    const { fetchSchemaInfo } = await import('../runtime/drift/fetch-schema.js');
    try {
      return await fetchSchemaInfo(target, { connectTimeout: 10_000 });
    } catch (err) {
      throw new DiffSourceError(`${source}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (/^(unix|tcp):/.test(source)) throw new DiffSourceError(`${source}: a server is unix:PATH or tcp:HOST:PORT`);
  if (!existsSync(source)) throw new DiffSourceError(`${source}: no such file or folder`);
  if (statSync(source).isDirectory()) return packageData(source);
  if (/\.[cm]?[jt]s$/.test(source)) return packageFileData(source);
  const text = readText(source);
  const reply = parsedReply(text, source);
  if (reply !== undefined) return replyData(reply, source);
  return schemaData(source, settings);
}

function packageData(folder: string): readonly SchemaInfoEntry[] {
  const file = PACKAGE_FILES.map((name) => join(folder, name)).find((path) => existsSync(path));
  if (file === undefined) throw new DiffSourceError(`${folder}: not a generated package (no ${PACKAGE_FILES.join(' or ')})`);
  return packageFileData(file);
}

/** The `qmpSchemaInfo` array of a generated file: one JSON object per line between `= [` and `];`. */
function packageFileData(file: string): readonly SchemaInfoEntry[] {
  const text = readText(file);
  const start = /\bqmpSchemaInfo\b[^=]*=\s*\[/.exec(text);
  const end = start === null ? -1 : text.indexOf('\n];', start.index);
  if (start === null || end < 0)
    throw new DiffSourceError(`${file}: no qmpSchemaInfo array (is it a qmp-introspection file written by qapi-ts generate?)`);
  let entries: unknown;
  try {
    entries = JSON.parse(text.slice(start.index + start[0].length - 1, end + 2).replace(/,\s*\]$/, ']'));
  } catch (err) {
    throw new DiffSourceError(
      `${file}: its qmpSchemaInfo array is not the JSON qapi-ts writes: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return replyData(entries, file);
}

function replyData(reply: unknown, where: string): readonly SchemaInfoEntry[] {
  try {
    return schemaInfoOf(reply, where);
  } catch (err) {
    if (err instanceof SchemaInfoError) throw new DiffSourceError(err.message);
    throw err;
  }
}

/** A reply if the text is JSON shaped like one; a schema file is left to the schema reader. */
function parsedReply(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value === 'object' && value !== null && 'error' in value && !Array.isArray(value)) {
    throw new DiffSourceError(`${file}: a QMP error reply, not a query-qmp-schema reply: ${JSON.stringify(value.error)}`);
  }
  return Array.isArray(value) || (typeof value === 'object' && value !== null && 'return' in value) ? value : undefined;
}

async function schemaData(file: string, settings: SchemaSettings): Promise<readonly SchemaInfoEntry[]> {
  const [{ loadSchemaAs }, { buildIntrospection }] = await Promise.all([
    import('./load-schema.js'),
    import('../generator/backends/introspect/introspect.js'),
  ]);
  const { schema } = loadSchemaAs(file, settings.qemu);
  return buildIntrospection(schema, { defined: definedSymbols(settings.defines), unmask: false });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
