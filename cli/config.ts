/**
 * `qapi.config.json5`: the defaults of `qapi-ts generate`, so that a bare `qapi-ts generate`
 * regenerates a project's package. Paths in it are relative to the file itself.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import JSON5 from 'json5';
import { INT64_REPRESENTATIONS, type Int64Representation } from '../generator/backends/typescript/builtins.js';
import type { QemuVersion } from '../generator/dialect/dialect.js';
import { QEMU_VERSIONS, isQemuVersion } from '../generator/dialect/versions.js';
import { UsageError } from './usage-error.js';

export { CONFIG_FILE } from './config-file.js';

export interface GenerateConfig {
  readonly schema?: string;
  readonly output?: string;
  readonly defines?: readonly string[];
  readonly unmask?: boolean;
  /** The QEMU release whose QAPI dialect the schema is written in. */
  readonly qemu?: QemuVersion;
  /** `qapi-ts generate --int64`. */
  readonly int64?: Int64Representation;
  /** `qapi-ts generate --target`. */
  readonly target?: 'ts' | 'js';
  /** `qapi-ts generate --import-extension`. */
  readonly importExtension?: '.js' | '.ts' | 'none';
}

/** A config file that cannot be used: reported as `qapi-ts: <message>`, exit 1. */
export class ConfigError extends UsageError {
  override readonly name = 'ConfigError';
}

const KEYS = new Set(['schema', 'output', 'defines', 'unmask', 'qemu', 'int64', 'target', 'importExtension']);
/** The keys whose value is one of a few words, and those words. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  int64: INT64_REPRESENTATIONS,
  target: ['ts', 'js'],
  importExtension: ['.js', '.ts', 'none'],
};

/** Reads and checks a config file; undefined when it does not exist and is not `required`. */
export function loadConfig(path: string, required: boolean): GenerateConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read config ${path}: ${(err as Error).message}`);
  }
  return resolvePaths(checkConfig(parse(text, path), path), dirname(path));
}

function parse(text: string, path: string): unknown {
  try {
    return JSON5.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: ${(err as Error).message}`);
  }
}

function checkConfig(value: unknown, path: string): GenerateConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${path}: expected an object with keys ${[...KEYS].join(', ')}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.has(key)) throw new ConfigError(`${path}: unknown key '${key}' (known: ${[...KEYS].join(', ')})`);
  }
  const { schema, output, defines, unmask, qemu, int64, target, importExtension } = record;
  if (schema !== undefined && typeof schema !== 'string') throw new ConfigError(`${path}: 'schema' must be a string`);
  if (output !== undefined && typeof output !== 'string') throw new ConfigError(`${path}: 'output' must be a string`);
  if (defines !== undefined && !(Array.isArray(defines) && defines.every((d) => typeof d === 'string'))) {
    throw new ConfigError(`${path}: 'defines' must be a list of strings`);
  }
  if (unmask !== undefined && typeof unmask !== 'boolean') throw new ConfigError(`${path}: 'unmask' must be true or false`);
  if (qemu !== undefined && !(typeof qemu === 'string' && isQemuVersion(qemu))) {
    throw new ConfigError(`${path}: 'qemu' must be one of ${QEMU_VERSIONS.map((v) => `'${v}'`).join(', ')}`);
  }
  for (const [key, choices] of Object.entries(CHOICES)) {
    const value = record[key];
    if (value !== undefined && !choices.includes(value as string)) {
      throw new ConfigError(`${path}: '${key}' must be one of ${choices.map((c) => `'${c}'`).join(', ')}`);
    }
  }
  return {
    ...(qemu !== undefined && { qemu }),
    ...(int64 !== undefined && { int64: int64 as Int64Representation }),
    ...(target !== undefined && { target: target as 'ts' | 'js' }),
    ...(importExtension !== undefined && { importExtension: importExtension as '.js' | '.ts' | 'none' }),
    ...(schema !== undefined && { schema }),
    ...(output !== undefined && { output }),
    ...(defines !== undefined && { defines: defines as string[] }),
    ...(unmask !== undefined && { unmask }),
  };
}

function resolvePaths(config: GenerateConfig, dir: string): GenerateConfig {
  return {
    ...config,
    ...(config.schema !== undefined && { schema: resolve(dir, config.schema) }),
    ...(config.output !== undefined && { output: resolve(dir, config.output) }),
  };
}
