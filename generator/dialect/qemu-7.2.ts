/** QEMU 7.2 (Debian 12's QEMU): the dialect qapi-ts was first exact to. */
import { TYPE_CHECKS_7_2 } from '../expr/type-checks.js';
import { STRAY_WORD_7_2 } from '../lexer/lexer.js';
import { parseDocBlock } from '../parser/doc-block-7.2.js';
import type { Dialect } from './dialect.js';

export const QEMU_7_2: Dialect = {
  qemu: '7.2',
  strayWord: STRAY_WORD_7_2,
  pragmas: new Set(['doc-required', 'command-name-exceptions', 'command-returns-exceptions', 'member-name-exceptions']),
  readDocBlock: parseDocBlock,
  typeChecks: TYPE_CHECKS_7_2,
  nestedUnions: false,
  eagerArguments: false,
  describeImplicitOwner: false,
  docsCheckedLast: false,
  maxFeatures: undefined,
  qtypePrefix: 'QTYPE',
};
