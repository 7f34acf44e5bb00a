/**
 * The entity table: creation order, the one namespace shared by types, commands and events,
 * and the modules. This is the object `buildSchema` returns (as the `Schema` interface).
 */
import type { Dialect } from '../dialect/dialect.js';
import { QAPIError, semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { describeEntity } from './describe.js';
import { isType, type DefinitionEntity, type Entity, type TypeEntity } from './entities.js';
import type { Schema } from './model.js';
import { type Module, ModuleIndex } from './modules.js';

export class SchemaRegistry implements Schema {
  readonly fname: string;
  readonly entities: Entity[] = [];
  readonly moduleIndex: ModuleIndex;
  /** The QEMU release whose rules the check phase applies. */
  readonly dialect: Dialect;
  /** Messages name the owner of an implicit type's members (the dialect's switch, read once). */
  readonly namesOwner: boolean;
  private readonly byName = new Map<string, DefinitionEntity>();

  constructor(mainFile: string, dialect: Dialect) {
    this.fname = mainFile;
    this.moduleIndex = new ModuleIndex(mainFile);
    this.dialect = dialect;
    this.namesOwner = dialect.describeImplicitOwner;
  }

  get modules(): readonly Module[] {
    return this.moduleIndex.all();
  }

  /** Adds an entity; a name already taken is QEMU's "already defined" error. */
  define(ent: Entity): void {
    this.entities.push(ent);
    if (ent.kind === 'include') return;
    const other = this.byName.get(ent.name);
    if (other) throw redefinitionError(ent, other);
    this.byName.set(ent.name, ent);
  }

  lookupEntity(name: string): DefinitionEntity | undefined {
    return this.byName.get(name);
  }

  lookupType(name: string): TypeEntity | undefined {
    const ent = this.byName.get(name);
    return isType(ent) ? ent : undefined;
  }

  lookupModule(name: string): Module | undefined {
    return this.moduleIndex.lookup(name);
  }

  /** The type `name`, or `<what> uses unknown type '<name>'` (a caller whose `what` costs looks the type up first). */
  resolveType(name: string, info: SourceInfo | undefined, what: string): TypeEntity {
    const typ = this.lookupType(name);
    if (typ) return typ;
    throw semError(info, `${what} uses unknown type '${name}'`);
  }
}

function redefinitionError(ent: DefinitionEntity, other: DefinitionEntity): QAPIError {
  if (!other.info) return semError(ent.info, `${describeEntity(other)} is already defined`);
  const where = new QAPIError(other.info, 'previous definition').render();
  return semError(ent.info, `'${ent.name}' is already defined\n${where}`);
}
