import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { buildIntrospection, type IntrospectionOptions } from '../../../../generator/backends/introspect/introspect.js';
import type { SchemaInfo } from '../../../../contracts/schema-info.js';
import { loadSchema } from '../../../../generator/frontend.js';
import type { Schema } from '../../../../generator/schema/model.js';
import { qemuDir } from '../../../support/qemu-dir.js';

/** Checks a schema given as text (includes are not available). */
export function schemaOf(text: string): Schema {
  return loadSchema('inline.json', (fname) => {
    if (fname !== 'inline.json') throw Object.assign(new Error(`no file ${fname}`), { code: 'ENOENT' });
    return Buffer.from(text);
  }).schema;
}

export function introspectText(text: string, options: IntrospectionOptions = {}): SchemaInfo[] {
  return buildIntrospection(schemaOf(text), options);
}

/** QEMU's file at `path` inside a release's reference data (7.2's by default), parsed as JSON. */
export function qemuJson(path: string, release = '7.2'): unknown {
  return JSON.parse(readFileSync(join(qemuDir(release), path), 'utf8'));
}

/** The entry named `name`; fails the test when there is none. */
export function entry(entries: readonly SchemaInfo[], name: string): SchemaInfo {
  const found = entries.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no introspection entry named '${name}'`);
  return found;
}

export function names(entries: readonly SchemaInfo[]): string[] {
  return entries.map((e) => e.name);
}
