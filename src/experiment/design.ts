/**
 * An experiment's design: which parameters vary, over what values or ranges, by which method. It
 * comes from `--vary PATH=a,b,c` / `--vary PATH=lo:hi` flags or from a design file (JSON, checked
 * against its own schema like a scenario file, every problem located), and becomes a list of points,
 * each a value per parameter, that sweeps and sensitivity analyses run.
 *
 *   { "method": "grid", "levels": 5,
 *     "parameters": { "mandate.targetShare": { "range": [0.3, 0.9] },
 *                     "leaderboard.visibility": { "values": ["none", "team", "org"] } } }
 *
 * Every value is checked against the scenario schema as a `--set` of it would be, so a design can
 * never give a model a value a scenario file could not. A range needs a numeric parameter; integer
 * parameters are rounded. The methods' maths is in src/stats/designs.ts.
 */
import { z } from 'zod';
import { messages } from '../messages.js';
import { decodeUtf8, parseJsonText } from '../scenarios/json.js';
import { locateInFile, readInputBytes } from '../scenarios/load.js';
import { PARAMETER_LEAVES, parseSettablePath, pathText, type LeafPath } from '../scenarios/paths.js';
import { sortProblems, type Problem } from '../scenarios/problems.js';
import { checkSetArguments, type Override } from '../scenarios/resolve.js';
import { allowedTexts, validate } from '../scenarios/validate.js';
import { grid, lhs, morris, saltelli, type Design, type Parameter } from '../stats/designs.js';

/** The design methods: sweeps take grid and lhs, sensitivity analyses morris and sobol. */
export const DESIGN_METHODS = ['grid', 'lhs', 'morris', 'sobol'] as const;
/** A design method's name. */
export type DesignMethod = (typeof DESIGN_METHODS)[number];

/** A value a parameter takes: a number, or a choice (`"org"`). */
export type DesignValue = number | string;

/** One varied parameter: its path, and a list of values or a numeric range. */
export interface VariedParameter {
  /** The dotted path, as `--set` takes it. */
  path: string;
  /** Where it was given, for problems: `--vary …` or the design file. */
  source: string;
  values?: DesignValue[];
  range?: [number, number];
  /** Does the schema take only integers here? */
  integer: boolean;
}

/** A design as written: method, its sizes, the parameters. */
export interface DesignSpec {
  method: DesignMethod;
  /** grid: values per range (default 5). */
  levels: number;
  /** lhs: points; sobol: base samples N (runs N(k + 2)). */
  samples: number;
  /** morris: trajectories r (runs r(k + 1)). */
  trajectories: number;
  parameters: VariedParameter[];
}

/** Defaults of the sizes. */
export const DESIGN_DEFAULTS = { levels: 5, samples: 16, trajectories: 10 } as const;

const valueSchema = z.union([z.number(), z.string().min(1)]);

/** One parameter of a design file: a list of values, or a numeric range. */
const parameterEntrySchema = z
  .strictObject({
    values: z.array(valueSchema).min(1).max(10_000).optional().describe('The values to take, in order (numbers or choices).'),
    range: z.tuple([z.number(), z.number()]).optional().describe('[lo, hi]: a numeric range.'),
  })
  .refine((e) => (e.values === undefined) !== (e.range === undefined), { message: 'expected exactly one of "values" (a list) or "range" ([lo, hi])' })
  .describe('{ "values": [...] } or { "range": [lo, hi] }');

/** A design file, as it is written. */
export const designFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the design JSON Schema (for editors); ignored.'),
    description: z.string().optional().describe('What the design is for.'),
    method: z.enum(DESIGN_METHODS).optional().describe('grid or lhs (sweep), morris or sobol (sensitivity); the command line may override it.'),
    levels: z.number().int().min(1).max(1000).optional().describe('grid: values taken by each range, evenly spaced from lo to hi (default 5).'),
    samples: z.number().int().min(2).max(1_000_000).optional().describe('lhs: points; sobol: base samples N, runs N(k + 2) (default 16).'),
    trajectories: z.number().int().min(2).max(100_000).optional().describe('morris: trajectories r, runs r(k + 1) (default 10).'),
    parameters: z.record(z.string().min(1), parameterEntrySchema).describe('Parameter path (as for --set) → { "values": [...] } or { "range": [lo, hi] }.'),
  })
  .describe('A tokenmaxx experiment design: which parameters vary, and how.');

/** The JSON Schema of design files (`tokenmaxx schema --design`). */
export function designJsonSchema(): object {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'tokenmaxx design', ...z.toJSONSchema(designFileSchema, { io: 'input' }) };
}

/** The leaf path and whether it takes only integers, of a parameter path a design names. */
function leafOf(path: string, source: string): { leaf: LeafPath; integer: boolean; numeric: boolean } | { problem: Problem } {
  const parsed = parseSettablePath(path, source);
  if ('problem' in parsed) return parsed;
  const leaf = PARAMETER_LEAVES.find((l) => pathText(l.path) === path);
  if (!leaf) return { problem: { source, path: [], message: messages.designNotParameter(path) } };
  const inner = unwrap(leaf.schema);
  const number = inner instanceof z.ZodNumber ? inner : inner instanceof z.ZodUnion ? (inner.options as z.ZodType[]).find((o) => o instanceof z.ZodNumber) : undefined;
  return { leaf: leaf.path, integer: Boolean((number as z.ZodNumber | undefined)?.isInt), numeric: number !== undefined };
}

function unwrap(s: z.ZodType): z.ZodType {
  let inner: z.ZodType = s;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) inner = (inner as z.ZodDefault).unwrap() as z.ZodType;
  return inner;
}

/** Checks one parameter's values or range against the scenario schema, as `--set` would. */
function checkParameter(p: VariedParameter, numeric: boolean): Problem[] {
  const problems: Problem[] = [];
  const values = p.values ?? p.range ?? [];
  if (p.range) {
    if (!numeric) problems.push({ source: p.source, path: [], message: messages.designRangeNotNumeric(p.path) });
    else if (!(p.range[0] <= p.range[1])) problems.push({ source: p.source, path: [], message: messages.designRangeOrder(p.path, p.range) });
  }
  if (p.values && new Set(p.values).size !== p.values.length) problems.push({ source: p.source, path: [], message: messages.designRepeatedValue(p.path) });
  for (const v of values) {
    const { problems: found } = checkSetArguments([{ arg: `${p.path}=${JSON.stringify(v)}`, source: p.source }]);
    problems.push(...found);
  }
  return problems;
}

/**
 * The parameters of `--vary` arguments: `PATH=a,b,c` (values: numbers, or choices) or `PATH=lo:hi`
 * (a numeric range). Every problem of every argument, none thrown.
 */
export function parseVaryArguments(args: readonly string[]): { parameters: VariedParameter[]; problems: Problem[] } {
  const parameters: VariedParameter[] = [];
  const problems: Problem[] = [];
  for (const arg of args) {
    const source = `--vary ${arg}`;
    const eq = arg.indexOf('=');
    if (eq <= 0 || eq === arg.length - 1) {
      problems.push({ source: '--vary', path: [], message: messages.varySyntax(arg) });
      continue;
    }
    const path = arg.slice(0, eq);
    const text = arg.slice(eq + 1);
    const found = leafOf(path, source);
    if ('problem' in found) {
      problems.push(found.problem);
      continue;
    }
    const range = /^\s*(-?[\d.e+-]+)\s*:\s*(-?[\d.e+-]+)\s*$/i.exec(text);
    const p: VariedParameter = range
      ? { path, source, range: [Number(range[1]), Number(range[2])], integer: found.integer }
      : { path, source, values: text.split(',').map(valueOf), integer: found.integer };
    if (p.range && !p.range.every(Number.isFinite)) {
      problems.push({ source, path: [], message: messages.varySyntax(arg) });
      continue;
    }
    if (parameters.some((q) => q.path === path)) problems.push({ source, path: [], message: messages.designRepeatedParameter(path) });
    problems.push(...checkParameter(p, found.numeric));
    parameters.push(p);
  }
  return { parameters, problems };
}

/** A value as a user wrote it in a list: a number if it reads as one, else a choice. */
function valueOf(text: string): DesignValue {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

/** The design file's parameters as the top level is checked (each entry is checked on its own). */
const PARAMETERS_RECORD = z.record(z.string(), z.unknown());
allowedTexts.add(PARAMETERS_RECORD, { allowed: 'an object of parameter path (as for --set) → { "values": [...] } or { "range": [lo, hi] }' });

/** A design file, checked: its spec (with the command line's sizes) or every problem, located in the file. */
export function loadDesignFile(path: string): { spec?: Omit<DesignSpec, 'method'> & { method?: DesignMethod }; problems: Problem[] } {
  // Read as scenario files are: a regular file of bounded size, never a device or a pipe.
  const read = readInputBytes(path);
  if ('problem' in read) return { problems: [read.problem] };
  const decoded = decodeUtf8(read.bytes, path);
  if ('problem' in decoded) return { problems: [decoded.problem] };
  const text = decoded.text;
  const parsed = parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path);
  const file = { source: path, scenarios: {}, text, offsets: parsed.offsets };
  if (parsed.value === undefined || parsed.problems.length > 0) return { problems: sortProblems(parsed.problems) };
  // The top level and each parameter are checked apart, so that one problem hides no other.
  const raw = parsed.value as Record<string, unknown>;
  const rawParameters = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw.parameters : undefined;
  const entries = rawParameters !== null && typeof rawParameters === 'object' && !Array.isArray(rawParameters) ? Object.entries(rawParameters) : [];
  const top = validate(designFileSchema.extend({ parameters: PARAMETERS_RECORD }), parsed.value, path);
  const problems: Problem[] = top.ok ? [] : [...top.problems];
  const parameters: VariedParameter[] = [];
  for (const [name, value] of entries) {
    const at: Problem['path'] = ['parameters', name];
    const checked = validate(parameterEntrySchema, value, path, at);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const entry = checked.value;
    const found = leafOf(name, path);
    if ('problem' in found) {
      problems.push({ ...found.problem, path: at });
      continue;
    }
    const p: VariedParameter = entry.range !== undefined ? { path: name, source: path, range: entry.range, integer: found.integer } : { path: name, source: path, values: entry.values!, integer: found.integer };
    problems.push(...checkParameter(p, found.numeric).map((q) => ({ ...q, source: path, path: at })));
    parameters.push(p);
  }
  if (entries.length === 0 && top.ok) problems.push({ source: path, path: ['parameters'], message: messages.designEmpty() });
  if (!top.ok) return { problems: sortProblems(locateInFile(file, problems)) };
  const d = top.value;
  return {
    spec: { method: d.method, levels: d.levels ?? DESIGN_DEFAULTS.levels, samples: d.samples ?? DESIGN_DEFAULTS.samples, trajectories: d.trajectories ?? DESIGN_DEFAULTS.trajectories, parameters },
    problems: sortProblems(locateInFile(file, problems)),
  };
}

/**
 * The most points a design may have: far above any study on one machine. A sweep keeps each point's
 * summary (~10 KB) until its report is written, so this bounds that memory near 1 GB.
 */
export const MAX_DESIGN_POINTS = 100_000;

/** How many points `spec` makes, computed without making them. */
export function designSize(spec: DesignSpec): number {
  const k = spec.parameters.length;
  if (k === 0) return 1;
  if (spec.method === 'grid') return spec.parameters.reduce((n, p) => n * (p.values ? p.values.length : p.range![0] === p.range![1] ? 1 : spec.levels), 1);
  if (spec.method === 'lhs') return spec.samples;
  if (spec.method === 'morris') return spec.trajectories * (k + 1);
  return spec.samples * (k + 2);
}

/** A problem when the design is too large to run, naming its size and the limit. */
export function designSizeProblems(spec: DesignSpec, source: string): Problem[] {
  const n = designSize(spec);
  return n > MAX_DESIGN_POINTS ? [{ source, path: [], message: messages.designTooLarge(n, MAX_DESIGN_POINTS) }] : [];
}

/** A design's points: each a value per parameter (in `spec.parameters` order), and the numeric design behind them. */
export interface DesignPoints {
  spec: DesignSpec;
  design: Design;
  /** The values each point gives its parameters (choices by name). */
  values: DesignValue[][];
}

/**
 * The points of a design. A values list is a categorical parameter: a grid takes each value; a
 * random design takes value ⌊u·n⌋ of its unit coordinate u, so each value gets an equal share.
 * Ranges map to [lo, hi] (rounded for integer parameters). Seeded where the method is random.
 */
export function designPoints(spec: DesignSpec, seed: string | number): DesignPoints {
  const numeric: Parameter[] = spec.parameters.map((p) =>
    p.range ? { path: p.path, lo: p.range[0], hi: p.range[1], integer: p.integer } : { path: p.path, lo: 0, hi: p.values!.length - 1, levels: p.values!.map((_, k) => k), integer: true },
  );
  // Nothing varied: each scenario is one point, as it is written (a sweep over scenarios).
  if (spec.parameters.length === 0) return { spec, design: { method: spec.method === 'lhs' ? 'lhs' : 'grid', parameters: [], unit: [[]], points: [[]] }, values: [[]] };
  const design =
    spec.method === 'grid'
      ? grid(numeric, spec.levels)
      : spec.method === 'lhs'
        ? lhs(numeric, spec.samples, seed)
        : spec.method === 'morris'
          ? morris(numeric, spec.trajectories, seed)
          : saltelli(numeric, spec.samples);
  const values = design.unit.map((row, i) =>
    spec.parameters.map((p, j) => {
      if (p.range) return design.points[i][j];
      const n = p.values!.length;
      // A grid's point is the value's index; other methods' unit coordinate picks a value.
      const k = spec.method === 'grid' ? design.points[i][j] : Math.min(n - 1, Math.floor(row[j] * n));
      return p.values![k];
    }),
  );
  return { spec, design, values };
}

/** The overrides of one point: a `--set` of each parameter, named after the point. */
export function pointOverrides(spec: DesignSpec, values: readonly DesignValue[], point: number): { overrides: Override[]; problems: Problem[] } {
  return checkSetArguments(spec.parameters.map((p, j) => ({ arg: `${p.path}=${JSON.stringify(values[j])}`, source: `design point ${point} (${p.source})` })));
}
