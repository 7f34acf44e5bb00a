/**
 * The TypeScript back end: a list of small printers, each adding declarations to the
 * per-module files (or writing a schema-wide file of the package), then the files and the
 * index rendered. Each printer sees the same context.
 */
import type { LoadedSchema } from '../../frontend.js';
import type { Schema } from '../../schema/model.js';
import type { Backend, FilesOutput, GeneratedFile } from '../backend.js';
import { generateAlternates } from './alternates.js';
import { generateBuiltins } from './builtin-module.js';
import { generateCommandMap } from './schema-wide/command-map.js';
import { EmitContext, type BackendOptions } from './context.js';
import { generateDataTypes } from './schema-wide/data-types.js';
import { generateEnums } from './enums.js';
import { generateEventMap } from './schema-wide/event-map.js';
import { generateImplicitObjects } from './implicit-objects.js';
import { renderIndex } from './files/index-file.js';
import { generateIntrospectionData } from './schema-wide/introspection-data.js';
import { generateModuleIntros } from './docs/module-intros.js';
import { INDEX_FILE } from './files/module-paths.js';
import { generateStructs } from './structs.js';
import { generateUnions } from './unions.js';
import { generateValidationData } from './schema-wide/validation-data.js';

export type { BackendOptions } from './context.js';
export type { GeneratedFile } from '../backend.js';

/** One printer: reads the schema, adds to the context's files. */
type Printer = (schema: Schema, ctx: EmitContext) => void;

/** In order; `generateBuiltins` is last because it prints only what the others used. */
const PRINTERS: readonly Printer[] = [
  generateModuleIntros,
  generateEnums,
  generateStructs,
  generateUnions,
  generateAlternates,
  generateImplicitObjects,
  generateCommandMap,
  generateEventMap,
  generateIntrospectionData,
  generateValidationData,
  generateDataTypes,
  generateBuiltins,
];

export function generateTypeScript(loaded: LoadedSchema, options: BackendOptions): GeneratedFile[] {
  const ctx = new EmitContext(loaded.schema, loaded.docs, options);
  for (const print of PRINTERS) print(loaded.schema, ctx);
  const moduleFiles = ctx.allFiles().filter((f) => !f.module.isSystem || f.hasDeclarations());
  const rendered = [...moduleFiles, ...ctx.allPackageFiles()].map((file) => ({
    path: file.path,
    content: file.render(file.module.isSystem ? 'built-in types' : file.module.name),
    exported: file.hasDeclarations(),
  }));
  const raw = ctx.rawFiles.map((file) => ({ ...file, content: `${ctx.fileSettings.header}\n${file.content}` }));
  const all = [...rendered, ...raw];
  return [
    ...all.map(({ path, content }) => ({ path, content })),
    {
      path: INDEX_FILE,
      content: renderIndex(
        all.filter((f) => f.exported).map((f) => f.path),
        ctx.fileSettings,
      ),
    },
  ];
}

/** The TypeScript package: one file per QAPI module, the package-wide files, `index.ts`. */
export const typescriptBackend: Backend<BackendOptions, FilesOutput> = {
  name: 'typescript',
  generate: (loaded, options) => ({ kind: 'files', files: generateTypeScript(loaded, options) }),
};
