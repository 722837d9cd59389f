/**
 * Resolving a scenario: defaults ← each scenario of its `extends` chain, root first ← `--set`
 * overrides; then, for every week, the schedule entries in force and every expression evaluated at
 * that week and checked against its bounds. The result is a plain table of numbers per week, so the
 * weekly step never evaluates an expression.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { messages } from '../messages.js';
import { compileExpression, type WeekFunction } from './expressions.js';
import type { LoadedFile } from './load.js';
import { expressionProblems } from './load.js';
import { InputError, throwIfAny, type PathSegment, type Problem } from './problems.js';
import { defaultParameters, parametersSchema, scenarioSchema, type Parameters, type ScenarioInput, type WeekParameters } from './schema.js';
import { allowedText, schemaAt, suggest, validate } from './validate.js';

/** A patch of settings from outside the file (`--set`, `--weeks`, …), already validated. */
export interface Override {
  source: string;
  patch: ScenarioInput;
}

/** One scheduled change, as resolved: from `week` on, these parameters take these values. */
export interface ScheduledChange {
  week: number;
  set: Record<string, number | string>;
}

/** A scenario ready to simulate. */
export interface ResolvedScenario {
  name: string;
  description: string;
  /** Parameters in force at week 0 before any schedule, as written (expressions kept). */
  parameters: Parameters;
  schedule: ScheduledChange[];
  /** The parameters in force in each week, every expression evaluated. */
  weekly: WeekParameters[];
}

interface Setting {
  value: number | string;
  source: string;
  path: readonly PathSegment[];
}

type Flat = Map<string, Setting>;

/** Flattens `{ mandate: { type: 'none' } }` into `mandate.type → setting`. */
function flatten(obj: Record<string, unknown>, source: string, prefix: readonly PathSegment[], into: Flat, skip: readonly string[] = []): void {
  for (const [section, value] of Object.entries(obj)) {
    if (skip.includes(section)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) into.set(`${section}.${key}`, { value: v as number | string, source, path: [...prefix, section, key] });
    } else if (typeof value === 'number' || typeof value === 'string') {
      into.set(section, { value, source, path: [...prefix, section] });
    }
  }
}

function unflatten(values: Iterable<[string, number | string]>): Record<string, unknown> {
  const out: Record<string, Record<string, unknown> | number | string> = {};
  for (const [key, value] of values) {
    const [section, leaf] = key.split('.');
    if (leaf === undefined) out[section] = value;
    else ((out[section] ??= {}) as Record<string, unknown>)[leaf] = value;
  }
  return out;
}

const NOT_PARAMETERS = ['description', 'extends', 'schedule'];

/** The `extends` chain of a scenario, root ancestor first (the file was checked for cycles). */
function chainOf(file: LoadedFile, name: string): string[] {
  const chain: string[] = [];
  for (let cur: string | undefined = name; cur !== undefined; cur = file.scenarios[cur].extends) chain.unshift(cur);
  return chain;
}

/** Resolves one scenario of a loaded file; throws InputError naming every problem. */
export function resolveScenario(file: LoadedFile, name: string, overrides: readonly Override[] = []): ResolvedScenario {
  const flat: Flat = new Map();
  flatten(defaultParameters() as unknown as Record<string, unknown>, 'defaults', [], flat);
  let description = '';
  let schedule: { entry: Record<string, unknown>; source: string; path: PathSegment[] }[] = [];
  for (const s of chainOf(file, name)) {
    const scenario = file.scenarios[s];
    flatten(scenario as Record<string, unknown>, file.source, ['scenarios', s], flat, NOT_PARAMETERS);
    if (scenario.description !== undefined) description = scenario.description;
    if (scenario.schedule !== undefined) {
      schedule = scenario.schedule.map((entry, i) => ({ entry: entry as Record<string, unknown>, source: file.source, path: ['scenarios', s, 'schedule', i] }));
    }
  }
  for (const o of overrides) flatten(o.patch as Record<string, unknown>, o.source, [], flat, NOT_PARAMETERS);

  const weeks = Number(flat.get('weeks')!.value);
  const problems: Problem[] = [];
  const ordered = schedule
    .map((s, i) => ({ ...s, i, week: Number(s.entry.week) }))
    .sort((a, b) => a.week - b.week || a.i - b.i);
  for (const s of ordered) {
    if (s.week >= weeks) problems.push({ source: s.source, path: [...s.path, 'week'], message: messages.scheduleWeek(s.week, weeks) });
  }
  const weekly = evaluateWeeks(flat, ordered, weeks, problems);
  throwIfAny(problems);

  return {
    name,
    description,
    parameters: unflatten([...flat].map(([k, s]) => [k, s.value])) as unknown as Parameters,
    schedule: ordered.map((s) => {
      const changes: Flat = new Map();
      flatten(s.entry, s.source, s.path, changes, ['week']);
      return { week: s.week, set: Object.fromEntries([...changes].map(([k, c]) => [k, c.value])) };
    }),
    weekly,
  };
}

/** The parameters of every week; expression results outside their bounds become problems. */
function evaluateWeeks(base: Flat, schedule: readonly { entry: Record<string, unknown>; source: string; path: PathSegment[]; week: number }[], weeks: number, problems: Problem[]): WeekParameters[] {
  const compiled = new Map<string, WeekFunction>();
  const reported = new Set<string>();
  const weekly: WeekParameters[] = [];
  const current: Flat = new Map(base);
  let next = 0;
  for (let w = 0; w < weeks; w++) {
    while (next < schedule.length && schedule[next].week <= w) {
      flatten(schedule[next].entry, schedule[next].source, schedule[next].path, current, ['week']);
      next += 1;
    }
    const values: [string, number | string][] = [];
    for (const [key, setting] of current) {
      const leaf = schemaAt(parametersSchema, key.split('.'));
      const isExpression = typeof setting.value === 'string' && leaf instanceof z.ZodUnion;
      if (!isExpression) {
        values.push([key, setting.value]);
        continue;
      }
      const text = setting.value as string;
      let fn = compiled.get(text);
      if (!fn) {
        const c = compileExpression(text);
        fn = c.ok ? c.fn : () => Number.NaN;
        compiled.set(text, fn);
      }
      const where = JSON.stringify(setting.path);
      let v = Number.NaN;
      try {
        v = fn(w);
      } catch (e) {
        // mathjs refused to evaluate it in this week: a problem of the input, located like any other.
        if (!reported.has(where)) {
          reported.add(where);
          problems.push({ source: setting.source, path: setting.path, message: messages.expressionFailed(text, w, e instanceof Error ? e.message : String(e)) });
        }
      }
      if (!inBounds(v, leaf) && !reported.has(where)) {
        reported.add(where);
        problems.push({ source: setting.source, path: setting.path, message: messages.expressionValue(text, w, v, allowedText(leaf)) });
      }
      values.push([key, v]);
    }
    weekly.push(unflatten(values) as unknown as WeekParameters);
  }
  return weekly;
}

function inBounds(v: number, leaf: z.ZodType): boolean {
  const n = (leaf as z.ZodUnion).options.find((o) => o instanceof z.ZodNumber) as z.ZodNumber;
  return Number.isFinite(v) && v >= (n.minValue ?? -Infinity) && v <= (n.maxValue ?? Infinity) && (!n.isInt || Number.isInteger(v));
}

/** A `--set` argument, or a PATH=VALUE from another flag (`--weeks`) with the flag to name in problems. */
export type SetArgument = string | { arg: string; source: string };

/** Parses `--set PATH=VALUE` arguments into a validated override. VALUE is JSON if it parses, else a string. Throws InputError naming every problem. */
export function parseSetArguments(args: readonly SetArgument[]): Override[] {
  const { overrides, problems } = checkSetArguments(args);
  throwIfAny(problems);
  return overrides;
}

/** What `--set` may change: every parameter, not a scenario's description, extends or schedule. */
const settableSchema = scenarioSchema.omit({ description: true, extends: true, schedule: true });

/** The first segment of a `--set` path that names no key of the schema (own keys only), as a problem. */
function setPathProblem(path: readonly string[], source: string): Problem | undefined {
  for (let i = 0; i < path.length; i++) {
    if (schemaAt(settableSchema, path.slice(0, i + 1)) !== undefined) continue;
    const parent = schemaAt(settableSchema, path.slice(0, i));
    const allowed = parent instanceof z.ZodObject ? Object.keys(parent.shape) : [];
    return { source, path: path.slice(0, i + 1), message: messages.unknownKey(path[i], suggest(path[i], allowed), allowed) };
  }
  return undefined;
}

/** Parses `--set PATH=VALUE` arguments: the overrides that are valid, and every problem of the others. Never throws for bad input. */
export function checkSetArguments(args: readonly SetArgument[]): { overrides: Override[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const overrides: Override[] = [];
  for (const item of args) {
    const arg = typeof item === 'string' ? item : item.arg;
    const source = typeof item === 'string' ? `--set ${arg}` : item.source;
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      problems.push({ source: typeof item === 'string' ? '--set' : source, path: [], message: messages.setSyntax(arg) });
      continue;
    }
    const path = arg.slice(0, eq).split('.');
    const pathProblem = setPathProblem(path, source);
    if (pathProblem) {
      problems.push(pathProblem);
      continue;
    }
    const text = arg.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON: a string (a choice or an expression).
    }
    // Every segment is a key of the schema (checked above), so plain assignment builds own properties.
    const patch: Record<string, unknown> = {};
    let cur = patch;
    path.forEach((seg, i) => {
      cur[seg] = i === path.length - 1 ? value : {};
      cur = cur[seg] as Record<string, unknown>;
    });
    const checked = validate(settableSchema, patch, source);
    if (!checked.ok) problems.push(...checked.problems);
    else {
      const bad = expressionProblems(patch, scenarioSchema, source);
      problems.push(...bad);
      if (bad.length === 0) overrides.push({ source, patch: checked.value as ScenarioInput });
    }
  }
  return { overrides, problems };
}

/** Serialises a value as JSON with object keys sorted at every level (stable across key order). */
export function canonicalJson(value: unknown, indent?: number): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, indent);
}

/** What the manifest records of a scenario, and its sha256. */
export function scenarioRecord(s: ResolvedScenario): { name: string; description: string; parameters: Parameters; schedule: ScheduledChange[]; sha256: string } {
  const record = { name: s.name, description: s.description, parameters: s.parameters, schedule: s.schedule };
  return { ...record, sha256: createHash('sha256').update(canonicalJson(record)).digest('hex') };
}

export { InputError };
