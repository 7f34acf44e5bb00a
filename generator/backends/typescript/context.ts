/**
 * What every printer shares: the condition policy, the file of each module, the generated
 * names (which must be unique across the index), and how a QAPI type is referenced.
 */
import CodeBlockWriter from 'code-block-writer';
import type { QAPIDoc } from '../../doc/doc.js';
import type { Schema, SchemaDefinition, SchemaModule, SchemaType } from '../../schema/model.js';
import type { SourceInfo } from '../../source/info.js';
import { QAPIError } from '../../source/error.js';
import { JSON_VALUE_NAME, primitiveType, type Int64Representation } from './builtins.js';
import { definedSymbols } from '../../schema/conditions.js';
import type { CommonBackendOptions } from '../backend.js';
import { ConditionPolicy } from './conditions.js';
import { fileHeader, ModuleFile, type FileSettings } from './files/module-file.js';
import { BUILTIN_FILE, moduleFilePaths, type ImportExtension } from './files/module-paths.js';
import { typeName } from './naming.js';

/** The TypeScript back end's options: the common ones (`unmask` for the introspection data), and: */
export interface BackendOptions extends CommonBackendOptions {
  /** Comment lines every file carries in its header, e.g. where a package built from a reply came from. */
  readonly header?: readonly string[];
  /** How the 64-bit integers are typed; default `number`. */
  readonly int64?: Int64Representation;
  /** What imports put after a module's name; default `.js`. */
  readonly importExtension?: ImportExtension;
  /** qapi-ts's version, for the header; default `unknown`. */
  readonly version?: string;
  /** The QEMU release whose dialect the schema was read in, for the header. */
  readonly dialect?: string;
  /** The target the TypeScript is for (`js`: it is compiled on), for the header; default `ts`. */
  readonly target?: 'ts' | 'js';
}

/**
 * The QAPI dialect the front end reads. Until the front end takes a QEMU version, it reads
 * QEMU 7.2's; a caller that selects a version passes it as `dialect`.
 */
const DEFAULT_DIALECT = '7.2';

/** A file printed whole (not declaration by declaration), e.g. the validation tables. */
interface RawFile {
  readonly path: string;
  readonly content: string;
  /** Re-exported from `index.ts`. */
  readonly exported: boolean;
}

export class EmitContext {
  readonly schema: Schema;
  /** Every doc block in parse order (free-form ones included). */
  readonly docs: readonly QAPIDoc[];
  readonly conditions: ConditionPolicy;
  /** The selected symbols for the data back ends; undefined (none selected) keeps everything. */
  readonly definedSymbols: ReadonlySet<string> | undefined;
  readonly unmask: boolean;
  readonly int64: Int64Representation;
  /** The header and import style of every file. */
  readonly fileSettings: FileSettings;
  /** Files printed whole, in the order added. */
  readonly rawFiles: RawFile[] = [];
  /** Builtin-module declarations some file referenced: `any`, `QType`. */
  readonly usedBuiltins = new Set<string>();
  private readonly files = new Map<SchemaModule, ModuleFile>();
  private readonly names = new Map<string, string>();
  private readonly packageFiles = new Map<string, ModuleFile>();

  constructor(schema: Schema, docs: readonly QAPIDoc[], options: BackendOptions) {
    this.schema = schema;
    this.docs = docs;
    this.conditions = new ConditionPolicy(options.defines);
    this.definedSymbols = definedSymbols(options.defines);
    this.unmask = options.unmask ?? false;
    this.int64 = options.int64 ?? 'number';
    const header = [fileHeader(headerInfo(options)), ...(options.header ?? []).map((line) => `// ${line}`)].join('\n');
    this.fileSettings = { header, importExtension: options.importExtension ?? '.js' };
    for (const [module, path] of moduleFilePaths(schema)) this.files.set(module, new ModuleFile(path, module, this.fileSettings));
  }

  /** Every module file, in schema module order (`builtin.ts` first). */
  allFiles(): ModuleFile[] {
    return [...this.files.values()];
  }

  /**
   * A schema-wide file of the package (`qmp-commands.ts`...), created on first use. It belongs
   * to no QAPI module; `description` stands in the header where a module file names its source.
   */
  packageFile(path: string, description: string): ModuleFile {
    let file = this.packageFiles.get(path);
    if (!file)
      this.packageFiles.set(path, (file = new ModuleFile(path, { name: description, isSystem: false, entities: [] }, this.fileSettings)));
    return file;
  }

  /** The schema-wide files, in the order first used. */
  allPackageFiles(): ModuleFile[] {
    return [...this.packageFiles.values()];
  }

  fileOf(module: SchemaModule): ModuleFile {
    const file = this.files.get(module);
    if (!file) throw new Error(`no output file for module '${module.name}'`);
    return file;
  }

  /** Whether a definition is emitted under the selected conditions. */
  keeps(definition: SchemaDefinition): boolean {
    return this.conditions.keeps(definition.if);
  }

  /**
   * Claims a generated name for `owner` (a QAPI name, for the message). Names meet in the
   * index, so `FooValues` of enum `Foo` must not also be a struct's name.
   */
  declare(name: string, owner: string, info: SourceInfo | undefined): void {
    const previous = this.names.get(name);
    if (previous !== undefined) {
      throw new QAPIError(info, `'${owner}' would generate TypeScript name '${name}', already generated for '${previous}'`);
    }
    this.names.set(name, owner);
  }

  /** The TypeScript type expression for `type` as used in `file`, importing what it needs. */
  typeRef(type: SchemaType, file: ModuleFile): string {
    if (!this.conditions.keeps(type.if)) {
      // QEMU's C would not compile either; say so instead of emitting a dangling name.
      throw new QAPIError(type.info, `'${type.name}' is left out under the selected symbols, but a kept definition uses it`);
    }
    switch (type.kind) {
      case 'array':
        return `${this.typeRef(type.elementType, file)}[]`;
      case 'builtin':
        if (type.name !== 'any') return primitiveType(type, this.int64);
        return this.builtinRef(JSON_VALUE_NAME, 'any', file);
      default:
        if (type.module.name === './builtin') return this.builtinRef(typeName(type.name), type.name, file);
        file.importType(this.fileOf(type.module).path, typeName(type.name));
        return typeName(type.name);
    }
  }

  private builtinRef(name: string, qapiName: string, file: ModuleFile): string {
    this.usedBuiltins.add(qapiName);
    file.importType(BUILTIN_FILE, name);
    return name;
  }

  /** A writer in the house format: two-space indent, single quotes. */
  newWriter(): CodeBlockWriter {
    return new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
  }
}

/** The header names the options that shape the output (what `generate --help` calls them). */
function headerInfo(options: BackendOptions): { version: string; dialect: string; options: string } {
  const defines = options.defines.length === 0 ? 'none' : options.defines.join(' ');
  const extension = options.importExtension === '' ? 'none' : (options.importExtension ?? '.js');
  const settings = [
    `target ${options.target ?? 'ts'}`,
    `int64 ${options.int64 ?? 'number'}`,
    `importExtension ${extension}`,
    `defines ${defines}`,
    ...(options.unmask === true ? ['unmask'] : []),
  ];
  return { version: options.version ?? 'unknown', dialect: options.dialect ?? DEFAULT_DIALECT, options: settings.join(', ') };
}
