// The import graph of the TypeScript sources and the checks the architecture test runs on it.
// The checks are functions of a plain graph (file → imported files), so they can be tried on
// small made-up graphs as well as on the real tree.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** One import: the file it names (a source path relative to the root, or the bare specifier). */
export interface ImportEdge {
  to: string;
  /** 1-based line of the import in the importing file. */
  line: number;
  /** A package (`yaml`, `node:fs`), not a file of this project. */
  bare: boolean;
}

export interface ImportGraph {
  /** Source path ("models/cluster.ts", always with /) → its imports, in file order. */
  files: Map<string, ImportEdge[]>;
  /** `import(...)` calls: modules loaded at run time, which the compiler cannot follow. */
  dynamicImports: string[];
  /** Relative imports that name no source file. */
  unresolved: string[];
}

function tsFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Reads every .ts file under `dirs` of `root`. Counts every way a module names another: import and
 * export-from declarations (type-only included), `import x = require()`, and `import('…')` types;
 * `import(…)` calls are listed apart.
 */
export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const graph: ImportGraph = { files: new Map(), dynamicImports: [], unresolved: [] };
  for (const file of dirs.flatMap((d) => tsFiles(root, d))) {
    const text = readFileSync(join(root, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const edges: ImportEdge[] = [];
    const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const add = (spec: string, node: ts.Node): void => {
      const line = lineOf(node);
      if (!spec.startsWith('.')) {
        edges.push({ to: spec, line, bare: true });
        return;
      }
      const to = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      if (!existsSync(join(root, to))) graph.unresolved.push(`${file}:${line}: ${spec}`);
      edges.push({ to, line, bare: false });
    };
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        add(node.moduleSpecifier.text, node);
      } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
        add(node.moduleReference.expression.text, node);
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        add(node.argument.literal.text, node);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        graph.dynamicImports.push(`${file}:${lineOf(node)}: ${node.getText(source).slice(0, 80)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.files.set(file, edges);
  }
  return graph;
}

/** The top-level folder of a source path ("models/api/store.ts" → "models"). */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/**
 * Imports from one top-level folder into another that `allowed` does not list
 * (`allowed[from]` = the folders `from` may import; imports inside a folder are always fine;
 * folders without an entry are not checked).
 */
export function layerViolations(files: ReadonlyMap<string, readonly ImportEdge[]>, allowed: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [];
  for (const [file, edges] of files) {
    const from = folderOf(file);
    const may = allowed[from];
    if (may === undefined) continue;
    for (const e of edges) {
      if (e.bare) continue;
      const to = folderOf(e.to);
      if (to !== from && !may.includes(to)) out.push(`${file}:${e.line}: ${from}/ must not import ${to}/ (${e.to})`);
    }
  }
  return out;
}

/** True for a file inside some `policy/` folder under models/. */
export function isPolicy(file: string): boolean {
  return file.startsWith('models/') && file.split('/').slice(1, -1).includes('policy');
}

/**
 * Policy modules are pure: they import only other policy modules and the `pure` modules (plain
 * types, constants, pure helpers), and no package. A pure module is held to the same rule, so
 * nothing impure comes in through it.
 */
export function purityViolations(files: ReadonlyMap<string, readonly ImportEdge[]>, pure: readonly string[]): string[] {
  const out: string[] = [];
  for (const [file, edges] of files) {
    if (!isPolicy(file) && !pure.includes(file)) continue;
    const what = isPolicy(file) ? 'a policy module' : 'a module policy code relies on as pure';
    for (const e of edges) {
      if (e.bare) out.push(`${file}:${e.line}: ${what} imports the package "${e.to}"`);
      else if (!isPolicy(e.to) && !pure.includes(e.to)) out.push(`${file}:${e.line}: ${what} imports ${e.to}, which is neither policy nor listed as pure`);
    }
  }
  return out;
}

/** Every import cycle among `files` (bare imports ignored), each as "a → b → … → a", one per strongly connected component. */
export function cycles(files: ReadonlyMap<string, readonly ImportEdge[]>): string[] {
  // Tarjan's strongly connected components, iterative so a deep chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const targets = (f: string): string[] => (files.get(f) ?? []).filter((e) => !e.bare && files.has(e.to)).map((e) => e.to);
  for (const start of [...files.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; out: string[]; i: number }[] = [];
    const open = (node: string): void => {
      index.set(node, next);
      low.set(node, next);
      next++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, out: targets(node), i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (top.i < top.out.length) {
        const w = top.out[top.i++]!;
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const c: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          c.push(w);
        } while (w !== top.node);
        if (c.length > 1 || targets(top.node).includes(top.node)) components.push(c);
      }
    }
  }
  return components.map((c) => describeCycle(c, targets));
}

/** One concrete loop through a component, from its first file in sort order. */
function describeCycle(component: string[], targets: (f: string) => string[]): string {
  const inside = new Set(component);
  const first = [...component].sort()[0]!;
  // Breadth-first from `first` back to itself, inside the component: the shortest loop.
  const prev = new Map<string, string>();
  const queue = [first];
  while (queue.length > 0) {
    const f = queue.shift()!;
    for (const t of targets(f)) {
      if (!inside.has(t)) continue;
      if (t === first) {
        const path = [f];
        while (path[0] !== first) path.unshift(prev.get(path[0]!)!);
        return [...path, first].join(' → ');
      }
      if (!prev.has(t)) {
        prev.set(t, f);
        queue.push(t);
      }
    }
  }
  return component.join(' → ');
}

