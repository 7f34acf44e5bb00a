/**
 * One typed client for several QEMU versions. It is given the generated packages of each
 * version it supports (their command and event maps as types, their validation tables as data),
 * reads the server's greeting, and takes the package of that version. Its type is a union
 * discriminated by `qemu`, so code branches on the version it talks to:
 *
 *   const qmp = await connectQemu({ path }, { '7.2': qemu72, '10.0': qemu100 });
 *   if (qmp.qemu === '10.0') await qmp.execute('block-job-change', { id, type: 'mirror', 'copy-mode': 'write-blocking' });
 *
 * The same call outside the branch does not compile: 7.2 has no `block-job-change`.
 */
import { isJsonObject, type JsonObject } from '../json/value.js';
import { connectQmp } from '../client/client.js';
import type { QmpClientOptions, QmpConnectTarget } from '../client/client.js';
import { TypedQmpClient } from './client.js';
import type { TypedQmpClientOptions, UntypedQmpClient } from './client.js';
import type { CommandMapOf, EventMapOf } from './maps.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import type { SchemaInfoEntry } from '../../drift/schema-info.js';
/** What a generated package has as data: its tables (whose type names its maps), and its introspection data. */
export interface QmpPackageData<C = any, E = any> {
  /** The package's `qmpValidation` (without it, arguments are not checked before sending). */
  readonly validation?: ValidationTables<C, E>;
  /** The package's `qmpSchemaInfo`, for the drift check (`checkDrift`). */
  readonly schemaInfo?: readonly SchemaInfoEntry[];
}

/** A generated package as the versioned client takes it: its maps as types, its data. */
export interface QmpPackage<C extends CommandMapOf<C>, E extends EventMapOf<E>> extends QmpPackageData {
  /** Types only, never set: the package's `QmpCommands` and `QmpEvents`. */
  readonly maps?: { readonly commands: C; readonly events: E };
}

/**
 * A package of one version, for `connectQemu`:
 * `qmpPackage({ validation: qmpValidation, schemaInfo: qmpSchemaInfo })`, its maps inferred
 * from the generated tables (or named: `qmpPackage<QmpCommands, QmpEvents>(...)`).
 */
export function qmpPackage<C extends CommandMapOf<C>, E extends EventMapOf<E>>(data: QmpPackageData<C, E> = {}): QmpPackage<C, E> {
  return { ...data };
}

/** Any package, whatever its maps (`any`: a map type constrains itself, which `object` cannot express). */
type AnyPackage = QmpPackage<any, any>;

/** Packages by QEMU version, `'MAJOR.MINOR'`: `{ '7.2': qemu72, '10.0': qemu100 }`. */
export type QmpPackages = Readonly<Record<string, AnyPackage>>;

type CommandsOf<P> = P extends QmpPackage<infer C, infer _E> ? C : never;
type EventsOf<P> = P extends QmpPackage<infer _C, infer E> ? E : never;

/** The version the server's greeting gives. */
export interface QemuVersion {
  readonly major: number;
  readonly minor: number;
  readonly micro: number;
}

/** The client of one version: the typed client of that package, and which version it is. */
export class VersionedQmpClient<V extends string, C extends CommandMapOf<C>, E extends EventMapOf<E>> extends TypedQmpClient<C, E> {
  /** The key of the package in use (`'10.0'`): compare it to narrow the client's type. */
  readonly qemu: V;
  /** What the server's greeting said (`10.0.2`), which may be newer than the package (`nearestLower`). */
  readonly version: QemuVersion;

  constructor(client: UntypedQmpClient, qemu: V, version: QemuVersion, options: TypedQmpClientOptions<C, E>) {
    super(client, options);
    this.qemu = qemu;
    this.version = version;
  }
}

/** A client for any of the versions of `P`, as a union: narrowed by comparing `qemu`. */
export type QemuClient<P extends QmpPackages> = {
  [V in keyof P & string]: VersionedQmpClient<V, CommandsOf<P[V]>, EventsOf<P[V]>>;
}[keyof P & string];

/** The typed client's options but the package's own data; `checkDrift` checks against the picked package. */
export interface QemuClientOptions extends Omit<TypedQmpClientOptions, 'validation' | 'schemaInfo'> {
  /**
   * When no package is for the server's `MAJOR.MINOR`, take the nearest lower version's (a
   * 10.1 server gets the 10.0 package: what 10.0 has is very likely still there) instead of
   * failing with QmpVersionError. Never a higher version's.
   */
  readonly nearestLower?: boolean;
}

/** No package for the server's version. */
export class QmpVersionError extends Error {
  readonly version: QemuVersion | undefined;
  readonly available: readonly string[];

  constructor(message: string, version: QemuVersion | undefined, available: readonly string[]) {
    super(message);
    this.name = 'QmpVersionError';
    this.version = version;
    this.available = available;
  }
}

/**
 * The client of the package for the server `client` is connected to (its greeting decides).
 * Throws QmpVersionError when none fits. The choice is made once: after a reconnect the server
 * should be the same QEMU (compare `version` with a new greeting if it may not be).
 */
export function qemuClient<P extends QmpPackages>(
  client: UntypedQmpClient & { readonly greeting: JsonObject },
  packages: P,
  options: QemuClientOptions = {},
): QemuClient<P> {
  const version = greetingVersion(client.greeting);
  const key = pickVersion(version, Object.keys(packages), options.nearestLower === true);
  const { nearestLower: _, ...typed } = options;
  const { validation, schemaInfo } = packages[key] ?? {};
  const data = { ...(validation !== undefined && { validation }), ...(schemaInfo !== undefined && { schemaInfo }) };
  return new VersionedQmpClient(client, key, version!, { ...typed, ...data }) as unknown as QemuClient<P>;
}

/** Connects (see connectQmp) and returns `qemuClient` of the connection; closes it when no package fits. */
export async function connectQemu<P extends QmpPackages>(
  target: QmpConnectTarget,
  packages: P,
  options: QemuClientOptions & { readonly client?: QmpClientOptions } = {},
): Promise<QemuClient<P>> {
  const { client: clientOptions, ...rest } = options;
  const client = await connectQmp(target, clientOptions);
  try {
    return qemuClient(client, packages, rest);
  } catch (error) {
    await client.close();
    throw error;
  }
}

function pickVersion(version: QemuVersion | undefined, keys: readonly string[], nearestLower: boolean): string {
  const parsed = keys.map((key) => {
    const match = /^([0-9]+)\.([0-9]+)$/u.exec(key);
    if (!match) throw new TypeError(`QEMU package key '${key}' is not MAJOR.MINOR (e.g. '10.0')`);
    return { key, major: Number(match[1]), minor: Number(match[2]) };
  });
  const available = parsed.map((p) => p.key);
  const list = available.join(', ') || 'none';
  if (version === undefined)
    throw new QmpVersionError(`the QMP greeting gives no QEMU version (packages for: ${list})`, undefined, available);
  const exact = parsed.find((p) => p.major === version.major && p.minor === version.minor);
  if (exact) return exact.key;
  const lower = parsed
    .filter((p) => p.major < version.major || (p.major === version.major && p.minor < version.minor))
    .sort((a, b) => b.major - a.major || b.minor - a.minor)[0];
  if (nearestLower && lower) return lower.key;
  const server = `${version.major}.${version.minor}.${version.micro}`;
  const hint = lower ? `; nearestLower: true would take ${lower.key}'s` : '';
  throw new QmpVersionError(`no package for QEMU ${server} (packages for: ${list})${hint}`, version, available);
}

function greetingVersion(greeting: JsonObject): QemuVersion | undefined {
  const version = greeting['version'];
  const qemu = isJsonObject(version) ? version['qemu'] : undefined;
  if (!isJsonObject(qemu)) return undefined;
  const [major, minor, micro] = [qemu['major'], qemu['minor'], qemu['micro']];
  if (typeof major !== 'number' || typeof minor !== 'number' || typeof micro !== 'number') return undefined;
  return { major, minor, micro };
}
