/**
 * Resolving a scenario: defaults ← each scenario of its `extends` chain, root first ← `--set`
 * overrides; then, for every week, the schedule entries in force (each `--set PATH@WEEK=VALUE`
 * placed in the schedule so that it holds from its week on: src/scenarios/timedSets.ts) and every
 * expression evaluated at that week and checked against its bounds. The result is a plain table of
 * numbers per week, so the weekly step never evaluates an expression.
 *
 * Every step is a typed patch (src/scenarios/paths.ts) merged into typed parameters; where a value
 * came from (a file and JSON path, or a flag) is found, when a problem needs it, by asking which
 * patch set it last.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { messages } from '../messages.js';
import { compileExpression, type WeekFunction } from './expressions.js';
import type { LoadedFile } from './load.js';
import { expressionProblems } from './load.js';
import {
  EXPRESSION_LEAVES,
  leafValue,
  mergePatch,
  parseSettablePath,
  patchAt,
  patchLeaves,
  pathText,
  settableSchema,
  type LeafPath,
  type ParameterPatch,
  type PolicyPatch,
} from './paths.js';
import { InputError, throwIfAny, type PathSegment, type Problem } from './problems.js';
import { defaultParameters, scenarioSchema, SECTIONS, type Parameters, type WeekParameters } from './schema.js';
import { isTimed, splitTimedPath, timedPathProblem, withTimedChanges } from './timedSets.js';
import { allowedText, validate } from './validate.js';

/**
 * A patch of settings from outside the file (`--set`, `--weeks`, …), already validated: applied
 * before the schedule, or, with a `week` (`--set PATH@WEEK=VALUE`), policy parameters set from that
 * week on whatever the schedule says.
 */
export type Override = { source: string; patch: ParameterPatch; week?: undefined } | { source: string; patch: PolicyPatch; week: number };

/** One scheduled change, as resolved: from `week` on, the policy parameters `set` gives. */
export interface ScheduledPatch {
  week: number;
  set: PolicyPatch;
}

/** One scheduled change as manifest.json records it: each parameter named by its dotted path. */
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
  /** Scheduled changes, by week (entries of the same week in the order written). */
  schedule: ScheduledPatch[];
  /** The parameters in force in each week, every expression evaluated. */
  weekly: WeekParameters[];
}

/** A patch and where it was written: a file or a flag, and the JSON path of the patch in it. */
interface Layer {
  patch: ParameterPatch;
  source: string;
  path: readonly PathSegment[];
}

/** A schedule entry of the scenario's chain, with where it was written. */
interface ScheduleLayer extends Layer {
  week: number;
  patch: PolicyPatch;
}

/** The `extends` chain of a scenario, root ancestor first (the file was checked for cycles). */
function chainOf(file: LoadedFile, name: string): string[] {
  const chain: string[] = [];
  for (let cur: string | undefined = name; cur !== undefined; cur = file.scenarios[cur].extends) chain.unshift(cur);
  return chain;
}

/** Resolves one scenario of a loaded file; throws InputError naming every problem. */
export function resolveScenario(file: LoadedFile, name: string, overrides: readonly Override[] = []): ResolvedScenario {
  const layers: Layer[] = [];
  let description = '';
  let schedule: ScheduleLayer[] = [];
  for (const s of chainOf(file, name)) {
    const { description: text, extends: _parent, schedule: entries, ...patch } = file.scenarios[s];
    layers.push({ patch, source: file.source, path: ['scenarios', s] });
    if (text !== undefined) description = text;
    // A scenario's schedule replaces the one it extends.
    if (entries !== undefined) schedule = entries.map(({ week, ...set }, i) => ({ week, patch: set, source: file.source, path: ['scenarios', s, 'schedule', i] }));
  }
  for (const o of overrides) if (o.week === undefined) layers.push({ patch: o.patch, source: o.source, path: [] });
  const parameters = layers.reduce<Parameters>((p, layer) => mergePatch(p, layer.patch), defaultParameters());

  // Typed number-or-expression like every numeric leaf, but never an expression (the schema says so).
  const weeks = Number(parameters.weeks);
  const problems: Problem[] = [];
  const ordered = schedule.map((entry, i) => ({ entry, i })).sort((a, b) => a.entry.week - b.entry.week || a.i - b.i).map(({ entry }) => entry);
  for (const s of ordered) {
    if (s.week >= weeks) problems.push({ source: s.source, path: [...s.path, 'week'], message: messages.scheduleWeek(s.week, weeks) });
  }
  const timed: ScheduleLayer[] = [];
  for (const o of overrides) {
    if (o.week === undefined) continue;
    if (o.week >= weeks) problems.push({ source: o.source, path: [], message: messages.scheduleWeek(o.week, weeks) });
    timed.push({ week: o.week, patch: o.patch, source: o.source, path: [] });
  }
  const changes = withTimedChanges(ordered, timed);
  const weekly = evaluateWeeks(parameters, weeks, layers, changes, problems);
  throwIfAny(problems);
  return { name, description, parameters, schedule: changes.map((s) => ({ week: s.week, set: s.patch })), weekly };
}

/** Where the value in force at `path` was written: the last layer that sets it. */
function originOf(layers: readonly Layer[], path: LeafPath): { source: string; path: PathSegment[] } {
  for (let k = layers.length - 1; k >= 0; k--) {
    if (leafValue(layers[k].patch, path) !== undefined) return { source: layers[k].source, path: [...layers[k].path, ...path] };
  }
  return { source: 'defaults', path: [...path] };
}

/** The parameters of every week; expression results outside their bounds become problems. */
function evaluateWeeks(base: Parameters, weeks: number, layers: readonly Layer[], schedule: readonly ScheduleLayer[], problems: Problem[]): WeekParameters[] {
  const compiled = new Map<string, WeekFunction>();
  const reported = new Set<string>();
  const inForce = [...layers];
  let current = base;
  let next = 0;
  const weekly: WeekParameters[] = [];
  for (let w = 0; w < weeks; w++) {
    while (next < schedule.length && schedule[next].week <= w) {
      current = mergePatch(current, schedule[next].patch);
      inForce.push(schedule[next]);
      next += 1;
    }
    const numbers = new Map<LeafPath, number>();
    for (const { path, schema } of EXPRESSION_LEAVES) {
      const text = leafValue(current, path);
      if (typeof text !== 'string') continue;
      let fn = compiled.get(text);
      if (!fn) {
        const c = compileExpression(text);
        fn = c.ok ? c.fn : () => Number.NaN;
        compiled.set(text, fn);
      }
      const origin = originOf(inForce, path);
      const where = JSON.stringify(origin.path);
      let v = Number.NaN;
      try {
        v = fn(w);
      } catch (e) {
        // mathjs refused to evaluate it in this week: a problem of the input, located like any other.
        if (!reported.has(where)) {
          reported.add(where);
          problems.push({ ...origin, message: messages.expressionFailed(text, w, e instanceof Error ? e.message : String(e)) });
        }
      }
      if (!inBounds(v, schema) && !reported.has(where)) {
        reported.add(where);
        problems.push({ ...origin, message: messages.expressionValue(text, w, v, allowedText(schema)) });
      }
      numbers.set(path, v);
    }
    weekly.push(evaluated(current, numbers));
  }
  return weekly;
}

/** A week's parameters: `p` with each expression replaced by its number in that week. */
function evaluated(p: Parameters, numbers: ReadonlyMap<LeafPath, number>): WeekParameters {
  const week: Record<string, unknown> = { weeks: p.weeks };
  for (const s of SECTIONS) week[s] = { ...p[s] };
  for (const [path, v] of numbers) (week[path[0]] as Record<string, number>)[path[1]!] = v;
  // Every leaf that held an expression now holds its number; the rest are as the schema typed them.
  return week as WeekParameters;
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

/**
 * Parses `--set PATH=VALUE` and `--set PATH@WEEK=VALUE` arguments (the timed form only from a
 * `--set`, not from another flag): the overrides that are valid, and every problem of the others.
 * Never throws for bad input.
 */
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
    const timed = typeof item === 'string' && isTimed(arg.slice(0, eq)) ? splitTimedPath(arg.slice(0, eq), source) : undefined;
    if (timed) problems.push(...timed.problems);
    const parsed = parseSettablePath(timed ? timed.path : arg.slice(0, eq), source);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    const fixed = timed && timedPathProblem(parsed.path, source);
    if (fixed) {
      problems.push(fixed);
      continue;
    }
    const text = arg.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON: a string (a choice or an expression).
    }
    const patch = patchAt(parsed.path, value);
    const checked = validate(settableSchema, patch, source);
    if (!checked.ok) problems.push(...checked.problems);
    else {
      const bad = expressionProblems(patch, scenarioSchema, source);
      problems.push(...bad);
      // The schema's patch sections are built from its parameter sections, so what it accepts is a
      // ParameterPatch; of policy sections only (timedPathProblem), a PolicyPatch.
      if (bad.length > 0 || (timed && timed.week === undefined)) continue;
      if (timed) overrides.push({ source, patch: checked.value as PolicyPatch, week: timed.week! });
      else overrides.push({ source, patch: checked.value as ParameterPatch });
    }
  }
  return { overrides, problems };
}

/** An override as a run's identity records it: its patch, with its week when it is timed. */
export function overrideRecord(o: Override): unknown {
  return o.week === undefined ? o.patch : { week: o.week, patch: o.patch };
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

/** A scheduled change as manifest.json records it, each parameter named by its dotted path. */
export function scheduledChangeRecord(c: ScheduledPatch): ScheduledChange {
  return { week: c.week, set: Object.fromEntries(patchLeaves(c.set).map(([path, v]) => [pathText(path), v])) };
}

/** What the manifest records of a scenario, and its sha256. */
export function scenarioRecord(s: ResolvedScenario): { name: string; description: string; parameters: Parameters; schedule: ScheduledChange[]; sha256: string } {
  const record = { name: s.name, description: s.description, parameters: s.parameters, schedule: s.schedule.map(scheduledChangeRecord) };
  return { ...record, sha256: createHash('sha256').update(canonicalJson(record)).digest('hex') };
}

export { InputError };
