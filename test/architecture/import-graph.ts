import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import in a source file: what it names, and whether it only runs when called. */
export interface ImportEdge {
  from: string;
  /** A path relative to the source root for our own files; the package name for a package. */
  to: string;
  kind: 'file' | 'package' | 'builtin';
  /** `import type` / `export type`: erased when compiled, but still a dependency of the design. */
  typeOnly: boolean;
  /** `import('...')`: loaded only when that code runs. */
  lazy: boolean;
}

// Static imports and re-exports, across lines; side-effect imports; dynamic imports.
const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import in every .ts file under `root`, keyed by file path relative to `root`. */
export function importGraph(root: string): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of sourceFiles(root)) {
    const from = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const edges: ImportEdge[] = [];
    const add = (specifier: string, typeOnly: boolean, lazy: boolean) => {
      if (specifier.startsWith('.')) {
        edges.push({ from, to: relative(root, resolve(dirname(file), specifier)), kind: 'file', typeOnly, lazy });
      } else if (specifier.startsWith('node:')) {
        edges.push({ from, to: specifier, kind: 'builtin', typeOnly, lazy });
      } else {
        const parts = specifier.split('/');
        const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
        edges.push({ from, to: name, kind: 'package', typeOnly, lazy });
      }
    };
    for (const m of text.matchAll(STATIC)) add(m[2] as string, Boolean(m[1]), false);
    for (const m of text.matchAll(DYNAMIC)) add(m[1] as string, false, true);
    graph.set(from, edges);
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Groups of files that import one another in a circle (strongly connected components of two or more, or a self-import). */
export function cycles(graph: ReadonlyMap<string, readonly ImportEdge[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const neighbours = (file: string) =>
    (graph.get(file) ?? []).filter((e) => e.kind === 'file' && graph.has(e.to)).map((e) => e.to);
  // Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { file: string; edges: string[]; i: number }[] = [];
    const open = (file: string) => {
      index.set(file, next);
      low.set(file, next);
      next++;
      stack.push(file);
      onStack.add(file);
      work.push({ file, edges: neighbours(file), i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++] as string;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.file, Math.min(low.get(frame.file) ?? 0, index.get(to) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.file, Math.min(low.get(parent.file) ?? 0, low.get(frame.file) ?? 0));
      if (low.get(frame.file) === index.get(frame.file)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.file);
        const selfImport = neighbours(frame.file).includes(frame.file);
        if (component.length > 1 || selfImport) found.push(component.sort());
      }
    }
  }
  return found;
}

/**
 * The packages a file loads when it is imported: its own and its imports' static, non-type
 * imports, followed through our files (lazy `import()` calls are left until they run).
 */
export function packagesLoadedBy(graph: ReadonlyMap<string, readonly ImportEdge[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const edge of graph.get(file) ?? []) {
      if (edge.typeOnly || edge.lazy) continue;
      if (edge.kind === 'file') visit(edge.to);
      else if (edge.kind === 'package') packages.add(edge.to);
    }
  };
  visit(start);
  return packages;
}
