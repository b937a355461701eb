/**
 * The shape of `src/` as a test: every import points down the layer table below (model and sim
 * at the bottom, the site, pages, components and CLI at the top), `src/sim` imports nothing
 * outside itself, `src/model` only zod, nothing below the site touches Astro, and no module
 * imports itself through a cycle. It also reports the longest functions, and fails on a new one
 * over the limit, so a reader can always hold a function in their head.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');

/**
 * Each top-level folder of src/ and its rank: a module may import its own folder and any folder
 * of a lower rank, never one of the same or a higher rank. `null` marks the top: the Astro glue,
 * routes, components and the CLI, which may use each other and everything below, and which
 * nothing below may import.
 */
const RANK: Record<string, number | null> = {
  model: 0,
  sim: 0,
  share: 1,
  parse: 2,
  cfront: 2,
  dump: 2,
  quiz: 3,
  decode: 3,
  knowledge: 3,
  markdown: 4,
  site: null,
  content: null,
  pages: null,
  components: null,
  cli: null,
  '(root)': null,
  styles: null,
};

/** Packages a bottom folder may use; the other folders may use any declared dependency. */
const PACKAGES: Record<string, readonly string[]> = {
  sim: [],
  model: ['zod', 'zod/mini'],
};

/** No function in src/ may be longer than this many lines. */
const LIMIT = 150;

type Module = { file: string; folder: string; imports: string[]; packages: string[] };
type Func = { file: string; name: string; lines: number; line: number };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return /\.(ts|mts|astro)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function folderOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? (parts[0] ?? '(root)') : '(root)';
}

/** The TypeScript of a module: the whole file, or an Astro file's front matter and scripts. */
function scriptOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.astro')) return text;
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  const scripts = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return [front, ...scripts].join('\n');
}

function specifiers(source: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function functionName(node: ts.Node): string {
  if (
    (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node)) &&
    node.name
  ) {
    return node.name.getText();
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return '(anonymous)';
}

function analyse(): { modules: Module[]; functions: Func[] } {
  const modules: Module[] = [];
  const functions: Func[] = [];
  for (const file of walk(SRC)) {
    const source = ts.createSourceFile(file, scriptOf(file), ts.ScriptTarget.Latest, true);
    const imports: string[] = [];
    const packages: string[] = [];
    for (const spec of specifiers(source)) {
      if (spec.startsWith('.')) imports.push(resolve(dirname(file), spec.replace(/\?.*$/, '')));
      else packages.push(spec);
    }
    modules.push({ file, folder: folderOf(file), imports, packages });
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        functions.push({
          file: relative(SRC, file),
          name: functionName(node),
          lines: end - start + 1,
          line: start + 1,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { modules, functions };
}

const { modules, functions } = analyse();
const known = new Set(modules.map((m) => m.file));

/**
 * Vocabulary modules of src/sim that import nothing at all: the model may import these, so a
 * list that both the simulator and the pages' schema use is written once (the parameter roles
 * of a bug check are the simulator's to define, and the model validates pages against them).
 */
const SHARED_VOCABULARY = new Set([
  resolve(SRC, 'sim', 'parameter-roles.ts'),
  resolve(SRC, 'sim', 'irql-names.ts'),
]);

function layerProblem(from: Module, to: string): string | undefined {
  if (!known.has(to)) return undefined; // a stylesheet or an asset: not a module
  if (from.folder === 'model' && SHARED_VOCABULARY.has(to)) {
    const vocab = modules.find((m) => m.file === to);
    return vocab && (vocab.imports.length > 0 || vocab.packages.length > 0)
      ? `${relative(SRC, to)} is shared vocabulary and must import nothing`
      : undefined;
  }
  const target = folderOf(to);
  if (target === from.folder) return undefined;
  const fromRank = RANK[from.folder];
  const toRank = RANK[target];
  if (fromRank === null) return undefined;
  if (toRank === null) return `${target} is at the top: nothing below it may import it`;
  if (toRank === undefined || fromRank === undefined) return 'unknown folder';
  if (fromRank === 0) return `${from.folder} imports nothing outside itself`;
  if (toRank >= fromRank) return `${target} is not below ${from.folder}`;
  return undefined;
}

/** Modules that import themselves through other modules (Tarjan's strongly connected parts). */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const edges = new Map(modules.map((m) => [m.file, m.imports.filter((i) => known.has(i))]));
  const found: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        part.push(relative(SRC, w));
      } while (w !== v);
      if (part.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(part.sort());
    }
  };
  for (const m of modules) if (!index.has(m.file)) connect(m.file);
  return found;
}

describe('the layers of src/', () => {
  it('has a rank for every top-level folder', () => {
    const unknown = [...new Set(modules.map((m) => m.folder))].filter((f) => !(f in RANK));
    expect(unknown, 'add each new folder of src/ to RANK in this test').toEqual([]);
  });

  it('has every import point down the table', () => {
    const wrong = modules.flatMap((m) =>
      m.imports.flatMap((to) => {
        const problem = layerProblem(m, to);
        return problem ? [`${relative(SRC, m.file)} -> ${relative(SRC, to)}: ${problem}`] : [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps the bottom folders free of packages and Astro out of everything below the site', () => {
    const wrong = modules.flatMap((m) =>
      m.packages.flatMap((p) => {
        const allowed = PACKAGES[m.folder];
        const where = `${relative(SRC, m.file)} imports ${p}`;
        if (allowed && !allowed.includes(p)) return [`${where}: ${m.folder} may not`];
        if (RANK[m.folder] !== null && /^astro(:|\/|$)|^@astrojs\//.test(p)) {
          return [`${where}: only the site's glue may use Astro`];
        }
        return [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles()).toEqual([]);
  });

  it('reports the longest functions and keeps every one under the limit', () => {
    const longest = [...functions].sort((a, b) => b.lines - a.lines);
    console.log(
      `longest functions in src/ (limit ${LIMIT} lines):\n${longest
        .slice(0, 8)
        .map((f) => `  ${String(f.lines).padStart(4)}  ${f.file}:${f.line} ${f.name}`)
        .join('\n')}`,
    );
    const over = longest.filter((f) => f.lines > LIMIT).map((f) => `${f.file} ${f.name}`);
    expect(over).toEqual([]);
  });
});
