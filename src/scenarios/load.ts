/**
 * Loading a scenario file: read → parse JSON (with line and column on errors) → validate against the
 * schema → check `extends` (unknown names, cycles) → check every expression. All problems are
 * gathered before anything is thrown, and each is located in the file.
 */
import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { messages } from '../messages.js';
import { compileExpression } from './expressions.js';
import { InputError, throwIfAny, type PathSegment, type Problem } from './problems.js';
import { scenarioFileSchema, type ScenarioInput } from './schema.js';
import { schemaAt, suggest, validate } from './validate.js';

/** A validated scenario file. */
export interface LoadedFile {
  /** Where it came from, as the user named it. */
  source: string;
  /** Scenarios by name, as written. */
  scenarios: Record<string, ScenarioInput>;
  /** The file's text, to locate problems found after loading (expression values, schedules). */
  text?: string;
}

/** Reads and validates a scenario file; throws InputError with every problem found. */
export function loadScenarioFile(path: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError([{ source: path, path: [], message: messages.unreadable(describeIoError(e)) }]);
  }
  return parseScenarioText(text, path);
}

function describeIoError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EISDIR') return 'it is a directory';
  if (err.code === 'EACCES') return 'permission denied';
  return err.message;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses strict JSON (no comments, no trailing commas), reporting line and column of each error. */
export function parseJson(text: string, source: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // The parser can report several errors at one offset (a trailing comma gives "property name
  // expected" and "value expected"); one line per place is enough.
  const first = errors.filter((e, i) => errors.findIndex((f) => f.offset === e.offset) === i);
  throwIfAny(first.map((e) => ({ source, path: [], ...lineColumn(text, e.offset), message: messages.invalidJson(describeParseError(e)) })));
  return value;
}

function describeParseError(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Validates the text of a scenario file; `source` names it in problems. */
export function parseScenarioText(text: string, source: string): LoadedFile {
  const raw = parseJson(text, source);
  const problems: Problem[] = [];
  const checked = validate(scenarioFileSchema, raw, source);
  if (!checked.ok) {
    problems.push(...checked.problems);
    // Expressions are still checked, so that every problem is reported at once (not those already
    // reported at the same path, such as an empty string).
    const scenarios = raw !== null && typeof raw === 'object' ? (raw as { scenarios?: unknown }).scenarios : undefined;
    const reported = new Set(checked.problems.map((p) => JSON.stringify(p.path)));
    problems.push(...expressionProblems(scenarios, scenarioFileSchema.shape.scenarios, source, ['scenarios']).filter((p) => !reported.has(JSON.stringify(p.path))));
  } else {
    const scenarios = checked.value.scenarios as Record<string, ScenarioInput>;
    if (Object.keys(scenarios).length === 0) problems.push({ source, path: ['scenarios'], message: messages.noScenarios() });
    problems.push(...extendsProblems(scenarios, source), ...expressionProblems(scenarios, scenarioFileSchema.shape.scenarios, source, ['scenarios']));
  }
  throwIfAny(locate(problems, text));
  return { source, text, scenarios: (checked as { value: { scenarios: Record<string, ScenarioInput> } }).value.scenarios };
}

/** Adds line and column to those problems that come from `file` (not from --set), when its text is known. */
export function locateInFile(file: LoadedFile, problems: readonly Problem[]): Problem[] {
  if (file.text === undefined) return [...problems];
  const text = file.text;
  return problems.map((p) => (p.source === file.source && p.line === undefined ? locate([p], text)[0] : p));
}

/** Adds line and column to problems whose JSON path exists in the text. */
function locate(problems: Problem[], text: string): Problem[] {
  if (problems.length === 0) return problems;
  const tree = parseTree(text);
  if (!tree) return problems;
  return problems.map((p) => {
    const node = nearestNode(tree, p.path);
    return node ? { ...p, ...lineColumn(text, node.offset) } : p;
  });
}

function nearestNode(tree: Node, path: readonly PathSegment[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n) as (string | number)[]);
    if (node) {
      // For an unknown key, point at the key itself rather than its value.
      return n === path.length && node.parent?.type === 'property' ? node.parent : node;
    }
  }
  return undefined;
}

/** `extends` must name a scenario of the file, and must not loop. */
export function extendsProblems(scenarios: Record<string, ScenarioInput>, source: string): Problem[] {
  const names = Object.keys(scenarios).sort();
  const problems: Problem[] = [];
  for (const name of names) {
    const parent = scenarios[name].extends;
    if (parent !== undefined && !(parent in scenarios)) {
      problems.push({ source, path: ['scenarios', name, 'extends'], message: messages.extendsUnknown(parent, names, suggest(parent, names)) });
    }
  }
  const reported = new Set<string>();
  for (const start of names) {
    const chain = [start];
    let cur = scenarios[start].extends;
    while (cur !== undefined && cur in scenarios) {
      if (chain.includes(cur)) {
        const cycle = [...chain.slice(chain.indexOf(cur)), cur];
        const key = [...new Set(cycle)].sort().join();
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({ source, path: ['scenarios', cur, 'extends'], message: messages.extendsCycle(cycle) });
        }
        break;
      }
      chain.push(cur);
      cur = scenarios[cur].extends;
    }
  }
  return problems;
}

/**
 * Every string in an expression position (a number-or-expression parameter of `root`) must compile
 * inside the sandbox. Paths in problems are prefixed with `prefix`.
 */
export function expressionProblems(value: unknown, root: z.ZodType, source: string, prefix: readonly PathSegment[] = []): Problem[] {
  const problems: Problem[] = [];
  const walk = (v: unknown, path: PathSegment[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    else if (typeof v === 'string' && schemaAt(root, path) instanceof z.ZodUnion) {
      const compiled = compileExpression(v);
      if (!compiled.ok) problems.push({ source, path: [...prefix, ...path], message: `${JSON.stringify(v)} ${compiled.problem}` });
    }
  };
  walk(value, []);
  return problems;
}
