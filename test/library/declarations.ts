/**
 * Reads the public surface of the package from its emitted declarations (dist/src/index.d.ts and the
 * files it re-exports from), following `export { … } from`, `export *`, local `export { … }` and the
 * imports behind them to each exported name's declaration, and says whether a doc comment stands
 * there. typescript 7 has no compiler API, and tsc's .d.ts output is regular enough to read so: one
 * statement per line, each declaration after its doc comment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where an exported name is declared, and whether a doc comment stands before it. */
export interface Declaration {
  /** The name the entry file exports. */
  exported: string;
  /** The declaring .d.ts file and the name there. */
  file: string;
  name: string;
  documented: boolean;
}

const KINDS = '(?:function\\*?|const|let|var|class|interface|type|enum|const enum|namespace)';
const texts = new Map<string, string>();

function text(file: string): string {
  let t = texts.get(file);
  if (t === undefined) texts.set(file, (t = readFileSync(file, 'utf8')));
  return t;
}

/** The .d.ts file a relative module specifier of `from` names. */
function target(from: string, specifier: string): string {
  const file = resolve(dirname(from), specifier.replace(/\.js$/, '.d.ts'));
  if (!existsSync(file)) throw new Error(`${from}: cannot find ${specifier}`);
  return file;
}

/** Each `{ a, type b, c as d }` list's entries as [name in the module, name exported]. */
function specifiers(list: string): [string, string][] {
  return list
    .split(',')
    .map((s) => s.trim().replace(/^type\s+/, ''))
    .filter((s) => s !== '')
    .map((s) => {
      const [local, , alias] = s.split(/\s+/);
      return [local, alias ?? local];
    });
}

/** Every `export { … } from 'm'` (module set) and `export { … }` (module undefined) of a file. */
function exportLists(file: string): { names: [string, string][]; module?: string }[] {
  return [...text(file).matchAll(/^export (?:type )?\{([^}]*)\}(?: from '([^']+)')?;/gm)].map((m) => ({ names: specifiers(m[1]), module: m[2] }));
}

function starModules(file: string): string[] {
  return [...text(file).matchAll(/^export \* from '([^']+)';/gm)].map((m) => target(file, m[1]));
}

/** Every name a declaration file exports. */
export function exportedNames(file: string): string[] {
  const direct = [...text(file).matchAll(new RegExp(`^export (?:declare )?(?:abstract )?${KINDS} ([A-Za-z_$][\\w$]*)`, 'gm'))].map((m) => m[1]);
  const listed = exportLists(file).flatMap((l) => l.names.map(([, exported]) => exported));
  return [...new Set([...direct, ...listed, ...starModules(file).flatMap(exportedNames)])];
}

/** Whether the text just before `at` is a doc comment (`/** … *\/`, nothing but white space after it). */
function docBefore(t: string, at: number): boolean {
  const before = t.slice(0, at).trimEnd();
  if (!before.endsWith('*/')) return false;
  const open = before.lastIndexOf('/*');
  return open >= 0 && before.startsWith('/**', open) && before.slice(open + 3, -2).trim() !== '';
}

/** Where `name`, as `file` exports it, is declared; undefined when `file` does not export it. */
function declared(file: string, name: string): { file: string; name: string; documented: boolean } | undefined {
  const t = text(file);
  const own = new RegExp(`^(?:export )?(?:declare )?(?:abstract )?${KINDS} ${name.replace(/\$/g, '\\$')}\\b`, 'm');
  for (const list of exportLists(file)) {
    const entry = list.names.find(([, exported]) => exported === name);
    if (!entry) continue;
    if (list.module) return declared(target(file, list.module), entry[0]);
    return local(file, entry[0]);
  }
  const m = own.exec(t);
  if (m && m[0].startsWith('export')) return { file, name, documented: docBefore(t, m.index) };
  for (const star of starModules(file)) {
    const found = declared(star, name);
    if (found) return found;
  }
  return undefined;
}

/** A name a file exports from its own scope: declared in it, or imported into it. */
function local(file: string, name: string): { file: string; name: string; documented: boolean } | undefined {
  const t = text(file);
  const m = new RegExp(`^(?:export )?(?:declare )?(?:abstract )?${KINDS} ${name}\\b`, 'm').exec(t);
  if (m) return { file, name, documented: docBefore(t, m.index) };
  for (const imp of t.matchAll(/^import (?:type )?\{([^}]*)\} from '([^']+)';/gm)) {
    const entry = specifiers(imp[1]).find(([, as]) => as === name);
    if (entry) return declared(target(file, imp[2]), entry[0]);
  }
  return undefined;
}

/** Every name the entry file exports, with where it is declared and whether it is documented there. */
export function declarations(entry: string): Declaration[] {
  return exportedNames(entry).map((exported) => {
    const found = declared(entry, exported);
    if (!found) throw new Error(`${entry}: cannot find the declaration of ${exported}`);
    return { exported, ...found };
  });
}
