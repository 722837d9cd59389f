/**
 * Problems in a JSON file, located: line and column of the value at a problem's JSON path (or of the
 * nearest enclosing value that exists, for a missing key), and problems made from zod issues that
 * say what was found and what is allowed.
 */
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { messages, shown } from '../messages.js';
import type { PathSegment, Problem } from '../scenarios/problems.js';
import { allowedText, schemaAt, valueAt } from '../scenarios/validate.js';
import { expectedText } from './runFiles.js';

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The deepest nesting of objects and lists read: a run's files nest 6 deep; parsers recurse. */
export const MAX_JSON_DEPTH = 64;

/** Offset of the first bracket nested deeper than `max` (outside strings), or -1. */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i += 1;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth -= 1;
  }
  return -1;
}

/**
 * Parses strict JSON from a run folder: the value, or every syntax error located (one per place).
 * Nesting is capped before any parser recurses; the value comes from JSON.parse, which keeps a
 * `__proto__` key as a plain key.
 */
export function parseRunJson(text: string, source: string): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  const deep = tooDeepAt(text, MAX_JSON_DEPTH);
  if (deep >= 0) return { ok: false, problems: [{ source, path: [], ...lineColumn(text, deep), message: messages.runJsonDepth(MAX_JSON_DEPTH) }] };
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors.filter((e, i) => errors.findIndex((f) => f.offset === e.offset) === i);
  if (first.length > 0) {
    const words = (e: ParseError) => printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return { ok: false, problems: first.map((e) => ({ source, path: [], ...lineColumn(text, e.offset), message: messages.invalidJson(words(e)) })) };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, problems: [{ source, path: [], line: 1, column: 1, message: messages.invalidJson((e as Error).message) }] };
  }
}

/** Adds line and column to problems whose JSON path (or a prefix of it) exists in the text. */
export function locateInJson(problems: readonly Problem[], text: string): Problem[] {
  if (problems.length === 0) return [];
  const tree = parseTree(text);
  if (!tree) return [...problems];
  return problems.map((p) => {
    if (p.line !== undefined) return p;
    const node = nearestNode(tree, p.path);
    return node ? { ...p, ...lineColumn(text, node.offset) } : p;
  });
}

function nearestNode(tree: Node, path: readonly PathSegment[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n) as (string | number)[]);
    if (node) return node;
  }
  return undefined;
}

/** What the schema allows at `path`: its own words where it has them, else what its type says. */
function expectedAt(root: z.ZodType, path: readonly PathSegment[]): string {
  const leaf = schemaAt(root, path);
  if (leaf) return expectedText.get(leaf)?.expected ?? allowedText(leaf);
  // Inside a tuple (which schemaAt does not enter): what the tuple allows.
  for (let n = path.length - 1; n >= 0; n--) {
    const s = schemaAt(root, path.slice(0, n));
    if (s) return expectedText.get(s)?.expected ?? allowedText(s);
  }
  return 'a valid value';
}

/**
 * Checks `value` against `schema`: the parsed value, or every problem found (path, value found and
 * what is allowed), not yet located.
 */
export function checkJson<S extends z.ZodType>(schema: S, value: unknown, source: string): { ok: true; value: z.output<S> } | { ok: false; problems: Problem[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (seen.has(JSON.stringify(path))) continue;
    seen.add(JSON.stringify(path));
    if (issue.code === 'unrecognized_keys') {
      const allowed = Object.keys((schemaAt(schema, path) as z.ZodObject | undefined)?.shape ?? {});
      for (const key of issue.keys) problems.push({ source, path: [...path, key], message: messages.unknownKey(key, undefined, allowed) });
      continue;
    }
    const found = valueAt(value, path);
    const expected = expectedAt(schema, path);
    problems.push({ source, path, message: found === undefined ? messages.runValueMissing(expected) : messages.wrongValue(shown(found), expected) });
  }
  return { ok: false, problems };
}
