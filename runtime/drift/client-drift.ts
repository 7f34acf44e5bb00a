/**
 * The typed client's drift check: the package it was generated from (OLD) against the server
 * it is connected to (NEW). What concerns the code is what `qapi-ts diff` calls breaking (a
 * command or event the server lacks, an argument it does not take or now requires, an enum
 * value it does not know, a type it reads differently) and what the server deprecates.
 */
import type { DecodeIssue } from '../qmp/typed/decode.js';
import { diffSchemaInfo } from './schema-diff.js';
import type { SchemaChange } from './schema-diff.js';
import type { SchemaInfoEntry } from './schema-info.js';

/** The findings of the drift check, as DecodeIssues of kind `schema-drift` (package = OLD, server = NEW). */
export function driftIssues(packageInfo: readonly SchemaInfoEntry[], serverInfo: readonly SchemaInfoEntry[]): DecodeIssue[] {
  return diffSchemaInfo(packageInfo, serverInfo).changes.filter(concernsClient).map(asIssue);
}

function concernsClient(change: SchemaChange): boolean {
  return change.breaking || (change.kind === 'feature-added' && change.detail === 'deprecated');
}

function asIssue(change: SchemaChange): DecodeIssue {
  const where =
    change.part === 'itself'
      ? ''
      : change.path === '' || change.path.startsWith('[')
        ? `${change.part}${change.path}`
        : `${change.part}.${change.path}`;
  return {
    kind: 'schema-drift',
    source: 'schema',
    name: change.name,
    path: where,
    value: change.detail === '' ? undefined : change.detail,
    expected: change.text,
    drift: change,
  };
}
