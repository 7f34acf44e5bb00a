/**
 * Modules (schema.py `QAPISchemaModule`): one per schema file, named relative to the main file's directory, plus the
 * system module `./builtin` for predefined entities.
 */
import { pyDirname, pyRelpath } from '../source/python.js';
import type { SchemaModule } from './model.js';
import type { Entity } from './entities.js';

export const BUILTIN_MODULE_NAME = './builtin';

export class Module implements SchemaModule {
  readonly name: string;
  readonly entities: Entity[] = [];

  constructor(name: string) {
    this.name = name;
  }

  get isSystem(): boolean {
    return isSystemModule(this.name);
  }
}

/** QEMU treats any name starting `./` as a system module and never relpaths it. */
function isSystemModule(name: string): boolean {
  return name.startsWith('./');
}

/** Modules in creation order, found by the file names entities come from. */
export class ModuleIndex {
  private readonly byName = new Map<string, Module>();
  /** Creation order. */
  private readonly ordered: Module[] = [];
  /** File name -> module name; every entity asks, and relpath is not free. */
  private readonly nameCache = new Map<string, string>();
  private readonly schemaDir: string;

  constructor(mainFile: string) {
    this.schemaDir = pyDirname(mainFile);
  }

  /** The module of a file, created on first sight (creation order is module order). */
  make(fname: string): Module {
    const name = this.moduleName(fname);
    let module = this.byName.get(name);
    if (!module) {
      module = new Module(name);
      this.byName.set(name, module);
      this.ordered.push(module);
    }
    return module;
  }

  /** The module of a file whose module must already exist. */
  byFname(fname: string): Module {
    const module = this.byName.get(this.moduleName(fname));
    if (!module) throw new Error(`internal error: no module for ${fname}`);
    return module;
  }

  lookup(name: string): Module | undefined {
    return this.byName.get(name);
  }

  all(): readonly Module[] {
    return this.ordered;
  }

  private moduleName(fname: string): string {
    let name = this.nameCache.get(fname);
    if (name === undefined) {
      name = isSystemModule(fname) ? fname : pyRelpath(fname, this.schemaDir);
      this.nameCache.set(fname, name);
    }
    return name;
  }
}
