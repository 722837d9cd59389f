/**
 * Validation of scenario input against the schema, with problems a user can act on: the JSON path,
 * the value found and what is allowed, a did-you-mean for misspelt keys, every problem at once.
 */
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { messages, shown } from '../messages.js';
import type { PathSegment, Problem } from './problems.js';

type AnySchema = z.ZodType;

/** Strips optional/default/prefault wrappers (parameter sections are prefaulted objects). */
function unwrap(s: AnySchema): AnySchema {
  let cur: AnySchema = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodPrefault) cur = (cur as z.ZodOptional).unwrap() as AnySchema;
  return cur;
}

/** The schema that governs the value at `path` below `root`, or undefined if there is none. */
export function schemaAt(root: AnySchema, path: readonly PathSegment[]): AnySchema | undefined {
  let cur: AnySchema | undefined = unwrap(root);
  for (const seg of path) {
    if (!cur) return undefined;
    // Own keys only: "constructor" or "__proto__" name no parameter, whatever Object.prototype holds.
    if (cur instanceof z.ZodObject) cur = Object.hasOwn(cur.shape, String(seg)) ? (cur.shape as Record<string, AnySchema>)[String(seg)] : undefined;
    else if (cur instanceof z.ZodRecord) cur = (cur as z.ZodRecord).valueType as AnySchema;
    else if (cur instanceof z.ZodArray) cur = (cur as z.ZodArray).element as AnySchema;
    else if (cur instanceof z.ZodTuple) cur = ((cur as z.ZodTuple).def.items as AnySchema[])[Number(seg)];
    else return undefined;
    cur = cur ? unwrap(cur) : undefined;
  }
  return cur;
}

/** What a schema allows, in words, where its type alone does not say (a design file's parameters). */
export const allowedTexts = z.registry<{ allowed: string }>();

/** Describes what a leaf schema allows, for messages. */
export function allowedText(schema: AnySchema | undefined): string {
  const s = schema ? unwrap(schema) : undefined;
  if (s instanceof z.ZodUnion) {
    const n = (s.options as AnySchema[]).map(unwrap).find((o) => o instanceof z.ZodNumber) as z.ZodNumber | undefined;
    if (n) return messages.allowedNumber(n.minValue ?? -Infinity, n.maxValue ?? Infinity, n.isInt, true);
  }
  if (s instanceof z.ZodNumber && !Number.isFinite(s.minValue ?? -Infinity) && !Number.isFinite(s.maxValue ?? Infinity) && !s.isInt) return 'a number';
  if (s instanceof z.ZodNumber) return messages.allowedNumber(s.minValue ?? -Infinity, s.maxValue ?? Infinity, s.isInt, false);
  if (s instanceof z.ZodEnum) return messages.allowedChoice(s.options as string[]);
  if (s instanceof z.ZodString) return 'a string';
  if (s instanceof z.ZodArray) return 'a list';
  if (s instanceof z.ZodObject) return `an object with keys ${Object.keys(s.shape).join(', ')}`;
  if (s instanceof z.ZodRecord) return allowedTexts.get(s)?.allowed ?? 'an object of named scenarios';
  return 'a valid value';
}

/** The value at `path` in a parsed JSON document (own properties only), or undefined. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

/** Keys allowed in the object at `path`. */
function allowedKeys(root: AnySchema, path: readonly PathSegment[]): string[] {
  const s = schemaAt(root, path);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Turns one zod issue into problems (an unknown-keys issue names each key). */
function issueProblems(root: AnySchema, input: unknown, issue: z.core.$ZodIssue, source: string): Problem[] {
  const path = issue.path as PathSegment[];
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(root, path);
    return issue.keys.map((key) => ({
      source,
      path: [...path, key],
      message: messages.unknownKey(key, allowed.length ? suggest(key, allowed) : undefined, allowed),
    }));
  }
  if (issue.code === 'invalid_key') {
    const name = String(path[path.length - 1]);
    return [{ source, path, message: messages.badName(name) }];
  }
  const value = valueAt(input, path);
  return [{ source, path, message: messages.wrongValue(shown(value), allowedText(schemaAt(root, path))) }];
}

/** The nearest allowed name to a misspelt one, if it is close enough to be a plausible typo. */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name, candidates as string[]);
  return distance(name.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Validates `input` against `schema`. Returns the parsed value, or every problem found, each with a
 * JSON path relative to `prefix`.
 */
export function validate<S extends AnySchema>(
  schema: S,
  input: unknown,
  source: string,
  prefix: readonly PathSegment[] = [],
): { ok: true; value: z.output<S> } | { ok: false; problems: Problem[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues
    .flatMap((issue) => issueProblems(schema, input, issue, source))
    .map((p) => ({ ...p, path: [...prefix, ...p.path] }));
  return { ok: false, problems: dedupe(problems) };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.path, p.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
