/**
 * QEMU 10.2: QEMU 10.0's dialect with another doc reader (parser/doc-block-10.2.ts: no `=`
 * heading checks, every doc line's format checked). Its schema check also gives a command
 * whose doc lacks `Returns:` a stub section (`QAPIDoc.ensure_returns`), but only in a list
 * test-qapi.py does not print and no check reads, so there is nothing to reproduce.
 */
import { readDocBlock102 } from '../parser/doc-block-10.2.js';
import type { Dialect } from './dialect.js';
import { QEMU_10_0 } from './qemu-10.0.js';

export const QEMU_10_2: Dialect = {
  ...QEMU_10_0,
  qemu: '10.2',
  readDocBlock: readDocBlock102,
};
