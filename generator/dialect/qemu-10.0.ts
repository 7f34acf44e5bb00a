/**
 * QEMU 10.0 (Debian 13's QEMU). Against 7.2: `"` is an ordinary stray character; pragma
 * documentation-exceptions; one doc per block, read by paragraphs (parser/doc-block-10.0.ts);
 * type-check messages by position; a union branch may be a union; commands and events check
 * their arguments eagerly; messages name the owner of implicit members; docs are checked
 * after all entities; at most 64 feature names; QType has no prefix.
 */
import { TYPE_CHECKS_10_0 } from '../expr/type-checks.js';
import { readDocBlock100 } from '../parser/doc-block-10.0.js';
import { PY_SPACE } from '../source/python.js';
import type { Dialect } from './dialect.js';

export const QEMU_10_0: Dialect = {
  qemu: '10.0',
  strayWord: new RegExp(`[^\\[\\]{}:,${PY_SPACE}']+`, 'uy'),
  pragmas: new Set([
    'doc-required',
    'command-name-exceptions',
    'command-returns-exceptions',
    'member-name-exceptions',
    'documentation-exceptions',
  ]),
  readDocBlock: readDocBlock100,
  typeChecks: TYPE_CHECKS_10_0,
  nestedUnions: true,
  eagerArguments: true,
  describeImplicitOwner: true,
  docsCheckedLast: true,
  maxFeatures: 64,
  qtypePrefix: undefined,
};
