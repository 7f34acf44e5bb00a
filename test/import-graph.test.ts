import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/qemu-dir.js';

/** Module -> the modules it imports (static `import` and `export ... from`, type-only too). */
type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** The relative imports of every .ts file under `folder`, as paths from the repository root. */
function importGraph(folder: string): ImportGraph {
  const graph = new Map<string, string[]>();
  const files = readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const path = join(folder, file);
    const source = readFileSync(join(repoRoot, path), 'utf8');
    const imports: string[] = [];
    for (const match of source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gms)) {
      imports.push(relative(repoRoot, join(repoRoot, dirname(path), match[1]!.replace(/\.js$/, '.ts'))));
    }
    graph.set(path, imports);
  }
  return graph;
}

/** Each set of modules that import one another in a circle (Tarjan's strongly connected components). */
function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)!.includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('import cycles', () => {
  it('finds a circle, however long, and nothing else', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', []],
      ['f.ts', ['f.ts']],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['f.ts']]);
  });

  it('reads type-only imports and re-exports as edges', () => {
    const graph = importGraph('generator');
    expect(graph.get('generator/frontend.ts')).toContain('generator/expr/check-exprs.ts');
    expect(graph.get('generator/schema/entities.ts')).toContain('generator/schema/model.ts');
  });

  it('the generator has none', () => {
    expect(findCycles(importGraph('generator'))).toEqual([]);
  });

  it('no source folder has any, across folders included', () => {
    expect(findCycles(sourceGraph())).toEqual([]);
  });
});

/** Every source folder's modules in one graph, so that edges between folders count. */
function sourceGraph(): ImportGraph {
  return new Map(SOURCE_FOLDERS.flatMap((folder) => [...importGraph(folder)]));
}

const SOURCE_FOLDERS = ['generator', 'runtime', 'contracts', 'cli', 'sim'];

describe('the seams between folders', () => {
  const edges = [...sourceGraph()].flatMap(([from, imports]) => imports.map((to) => [from, to] as const));
  const across = (from: string, to: string): string[] =>
    edges.filter(([a, b]) => a.startsWith(`${from}/`) && b.startsWith(`${to}/`)).map(([a, b]) => `${a} -> ${b}`);

  it('sees edges between folders (the command line uses the generator and the runtime)', () => {
    expect(across('cli', 'generator')).not.toEqual([]);
    expect(across('cli', 'runtime')).not.toEqual([]);
  });

  it('the runtime never imports the generator, the command line or the simulation', () => {
    expect([...across('runtime', 'generator'), ...across('runtime', 'cli'), ...across('runtime', 'sim')]).toEqual([]);
  });

  it('the generator never imports the runtime, the command line or the simulation', () => {
    expect([...across('generator', 'runtime'), ...across('generator', 'cli'), ...across('generator', 'sim')]).toEqual([]);
  });

  it('contracts hold types only and import nothing but contracts', () => {
    for (const [file, imports] of importGraph('contracts')) {
      const source = readFileSync(join(repoRoot, file), 'utf8');
      expect(source, file).not.toMatch(/^export\s+(?:const|let|var|function|class|async)\b/m);
      expect(
        imports.filter((i) => !i.startsWith('contracts/')),
        file,
      ).toEqual([]);
    }
  });
});
