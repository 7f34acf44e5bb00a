/**
 * QEMU's JSON writer (qobject/qjson.c) byte for byte: compact form `{"k": v, "k2": v2}` and
 * `[a, b]`, keys in QDict order (qdict-order.ts), pure-ASCII strings, `%.17g` doubles;
 * optionally the pretty form of `-mon pretty=on`. Object members whose value is `undefined`
 * are absent, like unset optional members.
 */
import { QmpDouble } from './value.js';
import { formatNumber } from './serialize-number.js';
import { qdictKeyOrder } from './qdict-order.js';
import { formatString } from './serialize-string.js';

/** How `toQmpJson` writes a value. */
export interface SerializeOptions {
  /** QEMU's pretty mode: a newline and 4 spaces per level before each member and closing bracket. */
  readonly pretty?: boolean;
}

/** Far deeper than any reply (requests nest at most 1024 deep); reaching it means a cycle. */
const MAX_DEPTH = 3000;

/** A value that is not JSON (a function, a cycle, NaN...) was to be sent. */
export class SerializeError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'SerializeError';
  }
}

/** A value as QMP JSON text, written as QEMU writes it. */
export function toQmpJson(value: unknown, options: SerializeOptions = {}): string {
  return write(value, options.pretty === true, 0);
}

/** One message as it goes on the wire: the monitor turns every `\n` into CRLF. */
export function toQmpLine(value: unknown, options: SerializeOptions = {}): string {
  const json = toQmpJson(value, options);
  return `${options.pretty === true ? json.replaceAll('\n', '\r\n') : json}\r\n`;
}

function write(value: unknown, pretty: boolean, depth: number): string {
  if (depth > MAX_DEPTH) throw new SerializeError('value nested too deeply (or cyclic)');
  switch (typeof value) {
    case 'string':
      return formatString(value);
    case 'number':
    case 'bigint':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (value instanceof QmpDouble) return formatNumber(value);
      if (Array.isArray(value)) return writeArray(value, pretty, depth);
      return writeObject(value, pretty, depth);
    default:
      throw new SerializeError(`cannot serialize a value of type ${typeof value}`);
  }
}

function newline(pretty: boolean, depth: number): string {
  return pretty ? `\n${' '.repeat(depth * 4)}` : '';
}

function writeArray(list: readonly unknown[], pretty: boolean, depth: number): string {
  const separator = pretty ? ',' : ', ';
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    if (list[i] === undefined) throw new SerializeError('cannot serialize undefined as a list element');
    out += (i === 0 ? '' : separator) + newline(pretty, depth + 1) + write(list[i], pretty, depth + 1);
  }
  return `${out}${newline(pretty, depth)}]`;
}

function writeObject(object: object, pretty: boolean, depth: number): string {
  const record = object as Record<string, unknown>;
  const keys = qdictKeyOrder(Object.keys(record).filter((key) => record[key] !== undefined));
  const separator = pretty ? ',' : ', ';
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    out += (i === 0 ? '' : separator) + newline(pretty, depth + 1);
    out += `${formatString(key)}: ${write(record[key], pretty, depth + 1)}`;
  }
  return `${out}${newline(pretty, depth)}}`;
}
