import type { Dialect } from '../dialect/dialect.js';
import { QEMU_7_2 } from '../dialect/qemu-7.2.js';
import type { QAPIDoc } from '../doc/doc.js';
import { Lexer } from '../lexer/lexer.js';
import { QAPIError, semError } from '../source/error.js';
import { pyAbspath, pyDirname, pyJoin, strerror } from '../source/python.js';
import type { SourceInfo } from '../source/info.js';
import { applyPragma, includeTarget } from './directives.js';
import type { ParseResult, ParsedExpression, Pragmas } from './expression.js';
import { decodeSource, readFromDisk, type FileReader } from './read-source.js';
import { isObject } from './qapi-value.js';
import { parseValue } from './value-parser.js';

/**
 * Parses a schema file in the dialect of one QEMU release (by default 7.2) and, as they appear, the files it includes (QEMU's QAPISchemaParser):
 * every expression and doc block in order, include markers in place, pragmas applied.
 */
export function parseSchema(fname: string, readFile: FileReader = readFromDisk, dialect: Dialect = QEMU_7_2): ParseResult {
  const result: ParseResult = { exprs: [], docs: [], pragmas: newPragmas() };
  new FileParser(result, readFile, dialect).parseFile(fname, undefined);
  return result;
}

/** The pragma state before any pragma: QEMU's defaults. */
export function newPragmas(): Pragmas {
  return {
    docRequired: false,
    commandNameExceptions: [],
    commandReturnsExceptions: [],
    memberNameExceptions: [],
    documentationExceptions: [],
  };
}

/**
 * Files in one chain of includes. Each include recurses, as in QEMU's QAPISchemaParser, which
 * dies of Python's recursion limit at about 330 files; real schemas nest 3 deep.
 */
const MAX_INCLUDE_DEPTH = 300;

class FileParser {
  private readonly out: ParseResult;
  /** Absolute paths of every file parsed so far: each is parsed once. */
  private readonly included = new Set<string>();
  /** pyAbspath per file name, for this parse: every include asks for its whole chain. */
  private readonly absPaths = new Map<string, string>();
  private readonly readFile: FileReader;
  private readonly dialect: Dialect;

  constructor(out: ParseResult, readFile: FileReader, dialect: Dialect) {
    this.out = out;
    this.readFile = readFile;
    this.dialect = dialect;
  }

  parseFile(fname: string, includedFrom: SourceInfo | undefined): void {
    this.included.add(this.abspath(fname));
    const lex = new Lexer(this.readText(fname, includedFrom), fname, includedFrom, this.dialect.strayWord);
    lex.accept();
    let pending: QAPIDoc | undefined;
    while (lex.tok !== 'eof') {
      const info = lex.info;
      if (lex.tok === '#') {
        rejectDanglingDoc(pending);
        const docs = this.dialect.readDocBlock(lex, info);
        for (let i = 0; i < docs.length; i++) this.out.docs.push(docs[i]!);
        pending = docs[docs.length - 1];
        continue;
      }
      this.parseTopLevel(lex, info, fname, pending);
      pending = undefined;
    }
    rejectDanglingDoc(pending);
  }

  private parseTopLevel(lex: Lexer, info: SourceInfo, fname: string, doc: QAPIDoc | undefined): void {
    const expr = parseValue(lex);
    if (!isObject(expr)) throw semError(info, 'top-level expression must be an object');
    if (expr.has('include')) {
      rejectDanglingDoc(doc);
      this.include(includeTarget(expr, info), info, fname);
    } else if (expr.has('pragma')) {
      rejectDanglingDoc(doc);
      applyPragma(expr, info, this.out.pragmas, this.dialect.pragmas);
    } else {
      if (doc && !doc.symbol) throw semError(doc.info, 'definition documentation required');
      const entry: ParsedExpression = { kind: 'definition', expr, info, doc };
      this.out.exprs.push(entry);
    }
  }

  private include(target: string, info: SourceInfo, fname: string): void {
    const path = pyJoin(pyDirname(fname), target);
    this.out.exprs.push({ kind: 'include', path, info });
    const abs = this.abspath(path);
    let depth = 1;
    for (let i: SourceInfo | undefined = info; i; i = i.parent, depth++) {
      if (this.abspath(i.fname) === abs) throw semError(info, `inclusion loop for ${target}`);
    }
    if (this.included.has(abs)) return;
    if (depth > MAX_INCLUDE_DEPTH) throw semError(info, `includes nested too deeply (more than ${MAX_INCLUDE_DEPTH} files)`);
    this.parseFile(path, info);
  }

  private abspath(fname: string): string {
    let abs = this.absPaths.get(fname);
    if (abs === undefined) {
      abs = pyAbspath(fname);
      this.absPaths.set(fname, abs);
    }
    return abs;
  }

  private readText(fname: string, includedFrom: SourceInfo | undefined): string {
    let bytes: Uint8Array;
    try {
      bytes = this.readFile(fname);
    } catch (err) {
      const what = includedFrom ? 'include' : 'schema';
      throw new QAPIError(includedFrom, `can't read ${what} file '${fname}': ${strerror(err)}`);
    }
    return decodeSource(bytes, fname, includedFrom);
  }
}

function rejectDanglingDoc(doc: QAPIDoc | undefined): void {
  if (doc?.symbol) {
    throw semError(doc.info, `documentation for '${doc.symbol}' is not followed by the definition`);
  }
}
