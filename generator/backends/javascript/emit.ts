/**
 * `generate --target js`: the TypeScript package compiled to ESM JavaScript with a `.d.ts`
 * beside each file, through the TypeScript compiler API that `ts-morph` carries. Each file is
 * compiled on its own (`transpileModule`, `transpileDeclaration`): the generated code declares
 * every exported type it has (isolated declarations), so no program or type checker is
 * needed, and a declaration holds the annotation of a constant, never its data.
 *
 * ts-morph brings the whole compiler (~0.4 s to load), so it is required here, when this
 * target runs, and never on the TypeScript path. It is an optional dependency: a missing one
 * is a MissingDependencyError naming the package.
 */
import { createRequire } from 'node:module';
import type { Backend, FilesOutput, GeneratedFile } from '../backend.js';
import { generateTypeScript, type BackendOptions } from '../typescript/backend.js';
import { MissingDependencyError } from './missing-dependency.js';

type TypeScriptApi = typeof import('ts-morph').ts;

/** The TypeScript package compiled: a `.js` and a `.d.ts` for each file. */
export const javascriptBackend: Backend<BackendOptions, FilesOutput> = {
  name: 'javascript',
  generate: (loaded, options) => ({ kind: 'files', files: emitJavaScript(generateTypeScript(loaded, { ...options, target: 'js' })) }),
};

export function emitJavaScript(files: readonly GeneratedFile[]): GeneratedFile[] {
  const ts = loadCompiler();
  const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true };
  const declarationOptions = { ...compilerOptions, declaration: true, isolatedDeclarations: true };
  const output: GeneratedFile[] = [];
  for (const file of files) {
    const base = file.path.replace(/\.ts$/u, '');
    const [header, code] = splitHeader(file.content);
    const js = ts.transpileModule(code, { compilerOptions, fileName: file.path, reportDiagnostics: true });
    const dts = ts.transpileDeclaration(code, { compilerOptions: declarationOptions, fileName: file.path, reportDiagnostics: true });
    const problems = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])];
    if (problems.length > 0) {
      // The generated TypeScript is ours: a diagnostic here is a bug in qapi-ts, not in the schema.
      const text = problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
      throw new Error(`compiling generated ${file.path} to JavaScript failed:\n${text}`);
    }
    output.push({ path: `${base}.js`, content: header + js.outputText }, { path: `${base}.d.ts`, content: header + dts.outputText });
  }
  return output;
}

/**
 * The file's leading comment lines (the generated header) and the rest. The compiler drops
 * comments attached to what it erases (a leading `import type`), so the header is put back
 * on both outputs by hand.
 */
function splitHeader(content: string): [string, string] {
  let end = 0;
  while (content.startsWith('//', end) || content.startsWith('/* eslint-disable */', end)) end = content.indexOf('\n', end) + 1;
  return [content.slice(0, end), content.slice(end)];
}

/**
 * ts-morph is CommonJS: it is required, at this call, from where this module lies (the CLI's
 * chunks run from code caches, where a dynamic `import()` has no loader).
 */
function loadCompiler(): TypeScriptApi {
  try {
    return (createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph')).ts;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new MissingDependencyError(
      "generating JavaScript (--target js) needs the package 'ts-morph', which is not installed: npm install --save-dev ts-morph",
    );
  }
}
