import { readFileSync, statSync } from 'node:fs';
import { QAPIError } from '../source/error.js';
import { SourceInfo } from '../source/info.js';

/** Reads a schema file's bytes; replaceable so tests and fuzzers can parse from memory. */
export type FileReader = (fname: string) => Uint8Array;

/** QEMU's largest schema file (block-core.json) has 190 KB: anything near this is not a schema. */
export const MAX_SCHEMA_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Only a regular file of sane size is read: /dev/zero would be read until memory runs out,
 * and a FIFO would wait for a writer. A directory is left to readFileSync (EISDIR).
 */
export const readFromDisk: FileReader = (fname) => {
  const stats = statSync(fname);
  if (!stats.isFile() && !stats.isDirectory()) throw new Error('not a regular file');
  if (stats.size > MAX_SCHEMA_FILE_BYTES) throw new Error(`file too large (${stats.size} bytes; the limit is ${MAX_SCHEMA_FILE_BYTES})`);
  return readFileSync(fname);
};

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text as QEMU's parser sees it: UTF-8 decoded, newlines translated (Python's universal
 * newlines: `\r\n` and lone `\r` become `\n`), a final `\n` ensured.
 * Invalid UTF-8 (a crash in QEMU) is a QAPI error at the line where the bad bytes are.
 */
export function decodeSource(bytes: Uint8Array, fname: string, parent: SourceInfo | undefined): string {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw invalidUtf8Error(bytes, fname, parent);
  }
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (!text.endsWith('\n')) text += '\n';
  return text;
}

function invalidUtf8Error(bytes: Uint8Array, fname: string, parent: SourceInfo | undefined): QAPIError {
  const bad = firstInvalidUtf8(bytes);
  let line = 1;
  for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
  return new QAPIError(new SourceInfo(fname, line, parent), 'source is not valid UTF-8');
}

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return bytes.length;
}

function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > b.length) return 0;
  try {
    decoder.decode(b.subarray(i, i + len));
    return len;
  } catch {
    return 0;
  }
}
