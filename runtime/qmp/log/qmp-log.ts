/**
 * QMP logs, the one reader and writer of their format. A log has one entry per line, in
 * wire order, in either of two forms (they may be mixed):
 *
 * - `{"dir": "in" | "out", "msg": {...}}`: `out` is what the client sent, `in` what QEMU sent.
 *   An entry may carry `raw`, the exact text sent, when that is not the plain one-line JSON
 *   object of `msg` (several lines, QEMU's single-quoted strings, not JSON at all); then `msg`
 *   is there only if the text was a JSON object. `qapi-ts record` writes this form.
 * - a plain QMP message per line, as socat or a proxy shows the wire: `execute` and `exec-oob`
 *   are the client's, everything else (greeting, `return`, `error`, events) QEMU's.
 */

export type QmpLogDirection = 'in' | 'out';

/** One QMP message of a log, as a JSON object. */
export type QmpLogMessage = Record<string, unknown>;

/** One line of a QMP log: its number, direction (`out`: the client's, `in`: QEMU's) and message. */
export interface QmpLogEntry {
  /** 1-based line number in the log. */
  readonly line: number;
  readonly dir: QmpLogDirection;
  /** The message, when the entry holds a JSON object. */
  readonly msg: QmpLogMessage | undefined;
  /** The exact text sent, when the entry records it. */
  readonly raw: string | undefined;
  /** The text of `msg` exactly as it stands in the log line (known when `msg` is the line's last member). */
  readonly text: string | undefined;
}

/** A log that cannot be read: `line` is 1-based, undefined when the whole log is at fault. */
export class QmpLogError extends Error {
  readonly line: number | undefined;
  readonly reason: string;

  constructor(line: number | undefined, reason: string) {
    super(line === undefined ? reason : `line ${String(line)}: ${reason}`);
    this.name = 'QmpLogError';
    this.line = line;
    this.reason = reason;
  }
}

/** The members by which a plain line is recognised as a QMP message. */
const CLIENT_KEYS = ['execute', 'exec-oob'];
const SERVER_KEYS = ['QMP', 'return', 'error', 'event'];

function isObject(value: unknown): value is QmpLogMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a whole log; throws QmpLogError at the first line that is neither form. */
export function readQmpLog(text: string): QmpLogEntry[] {
  const entries: QmpLogEntry[] = [];
  text.split('\n').forEach((source, index) => {
    const line = source.trim();
    if (line !== '') entries.push(readLine(line, index + 1));
  });
  return entries;
}

function readLine(line: string, lineNo: number): QmpLogEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new QmpLogError(lineNo, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(value)) throw new QmpLogError(lineNo, 'not a JSON object');
  if (Object.hasOwn(value, 'dir')) return readRecord(value, line, lineNo);
  const dir = plainDirection(value);
  if (dir === undefined) {
    throw new QmpLogError(lineNo, `not a QMP message: no member ${[...CLIENT_KEYS, ...SERVER_KEYS].map((k) => `'${k}'`).join(', ')}`);
  }
  return { line: lineNo, dir, msg: value, raw: undefined, text: line };
}

function plainDirection(msg: QmpLogMessage): QmpLogDirection | undefined {
  if (CLIENT_KEYS.some((key) => Object.hasOwn(msg, key))) return 'out';
  if (SERVER_KEYS.some((key) => Object.hasOwn(msg, key))) return 'in';
  return undefined;
}

function readRecord(record: QmpLogMessage, line: string, lineNo: number): QmpLogEntry {
  const { dir, msg, raw } = record;
  if (dir !== 'in' && dir !== 'out') throw new QmpLogError(lineNo, `"dir" must be "in" or "out", not ${JSON.stringify(dir)}`);
  if (msg !== undefined && !isObject(msg)) throw new QmpLogError(lineNo, '"msg" must be a JSON object');
  if (raw !== undefined && typeof raw !== 'string') throw new QmpLogError(lineNo, '"raw" must be a string');
  if (msg === undefined && raw === undefined) throw new QmpLogError(lineNo, 'a {"dir"} record needs "msg" or "raw"');
  if (msg !== undefined && raw === undefined && dir === 'in' && plainDirection(msg) !== 'in') {
    throw new QmpLogError(lineNo, `not a message QEMU sends: no member ${SERVER_KEYS.map((k) => `'${k}'`).join(', ')}`);
  }
  return { line: lineNo, dir, msg, raw, text: msg === undefined ? undefined : messageText(record, line) };
}

/**
 * The text of the record's `msg` as written, when `msg` is its last member: the first
 * `"msg":` of the line is then the record's own (a JSON string cannot hold an unescaped `"`,
 * and the members before it are strings), and the text runs to the record's closing brace.
 */
function messageText(record: QmpLogMessage, line: string): string | undefined {
  const keys = Object.keys(record);
  if (keys[keys.length - 1] !== 'msg' || keys.slice(0, -1).some((k) => typeof record[k] !== 'string')) return undefined;
  const key = /"msg"\s*:\s*/u.exec(line);
  if (key === null) return undefined;
  return line.slice(key.index + key[0].length, line.lastIndexOf('}')).trimEnd();
}

/**
 * One log line (without the newline) for a message that crossed the wire as `text` (white
 * space around it left out): the text itself as `msg` when it is a one-line JSON object, else
 * `raw` with the exact text and, when the text is a JSON object, `msg` (`parsed` serializes
 * what QEMU's reader made of it, for text that only QEMU's JSON accepts).
 */
export function qmpLogLine(dir: QmpLogDirection, text: string, parsed?: () => string | undefined): string {
  const head = `{"dir": "${dir}", `;
  if (!/[\r\n]/u.test(text) && isJsonObjectText(text)) return `${head}"msg": ${text}}`;
  const raw = `"raw": ${JSON.stringify(text)}`;
  // JSON strings hold no raw line breaks: outside them, line breaks are only white space.
  const oneLine = text.replace(/[\r\n]+/gu, ' ');
  const msg = isJsonObjectText(oneLine) ? oneLine : parsed?.();
  return msg === undefined ? `${head}${raw}}` : `${head}${raw}, "msg": ${msg}}`;
}

function isJsonObjectText(text: string): boolean {
  if (!text.startsWith('{')) return false;
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}
