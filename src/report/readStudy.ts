/**
 * Reading a finished sweep or sensitivity folder back for a study report, every byte treated as
 * hostile: the folder is verified against its manifest first (hashes, nothing unlisted, no links),
 * then each file is parsed and checked — design.json and best.json against their schemas,
 * sweep-summary.csv and sensitivity.csv line by line (the header the design implies, every number
 * finite, every point and metric present). Problems are located and thrown at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { STATISTICS, type Statistic } from '../experiment/compare.js';
import type { DesignSpec, DesignValue } from '../experiment/design.js';
import type { MetricSensitivity, SensitivityAnalysis } from '../experiment/sensitivity.js';
import { SENSITIVITY_COLUMNS } from '../experiment/sensitivity.js';
import { summaryColumns, type BestAnswer, type PointSummary } from '../experiment/sweep.js';
import type { Estimate } from '../experiment/summarize.js';
import { messages } from '../messages.js';
import { METRIC_NAMES, type MetricName } from '../model/metrics.js';
import { verifyRun } from '../output/verify.js';
import { parseSettablePath } from '../scenarios/paths.js';
import { toolVersion } from '../paths.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { isReportFile } from '../experiment/destination.js';
import { forEachLineOfText, splitCsvLine } from './lines.js';
import { checkJson, locateInJson, parseRunJson } from './locate.js';
import type { SweepReportInput } from './sweepReport.js';

/** The files every sweep folder (a sensitivity analysis's too) holds. */
export const SWEEP_FOLDER_FILES = ['sweep.csv', 'sweep-summary.csv', 'design.json'] as const;

const valueSchema = z.union([z.number(), z.string()]);
const designFileSchema = z.object({
  method: z.enum(['grid', 'lhs', 'morris', 'sobol']),
  levels: z.number().int().min(1),
  samples: z.number().int().min(1),
  trajectories: z.number().int().min(1),
  seed: z.union([z.string(), z.number()]),
  parameters: z.array(
    z
      .object({ path: z.string().min(1), values: z.array(valueSchema).min(1).optional(), range: z.tuple([z.number(), z.number()]).optional(), integer: z.boolean() })
      .refine((p) => (p.values === undefined) !== (p.range === undefined), { message: 'expected exactly one of values or range' })
      .refine((p) => !('problem' in parseSettablePath(p.path, 'design.json')), { message: 'expected a parameter path as --set takes it' }),
  ),
  points: z.array(z.array(valueSchema)),
});
const manifestSchema = z.object({
  tool: z.literal('tokenmaxx'),
  toolVersion: z.string(),
  command: z.string(),
  experiment: z.literal('sweep'),
  seed: z.union([z.string(), z.number()]),
  replicates: z.number().int().min(1),
  files: z.record(z.string(), z.unknown()),
});
const estimateSchema = z.object({ mean: z.number(), sd: z.number(), ci95: z.tuple([z.number(), z.number()]), n: z.number().int().min(1) });
const bestSchema = z.object({
  question: z.object({ metric: z.enum(METRIC_NAMES as unknown as [MetricName, ...MetricName[]]), statistic: z.enum(STATISTICS), where: z.string().nullable(), minimize: z.boolean() }),
  eligible: z.number().int().min(0),
  points: z.number().int().min(0),
  best: z.object({ scenario: z.string(), point: z.number().int().min(0) }).passthrough().nullable(),
  tied: z.array(z.object({ scenario: z.string(), point: z.number().int().min(0), difference: estimateSchema }).passthrough()),
});

/** A JSON file of the folder, parsed and checked against `schema`; undefined with problems if not. */
function jsonFile<S extends z.ZodType>(dir: string, name: string, schema: S, problems: Problem[]): z.output<S> | undefined {
  const where = join(dir, name);
  const text = readFileSync(where, 'utf8');
  const parsed = parseRunJson(text, where);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const checked = checkJson(schema, parsed.value, where);
  if (checked.ok) return checked.value;
  problems.push(...locateInJson(checked.problems, text));
  return undefined;
}

/** Rows of a CSV file with exactly `columns`, each handed to `row` (which reports its own problems); located problems for the rest. */
function csvRows(dir: string, name: string, columns: readonly string[], row: (cells: string[], at: (message: string) => void) => void, problems: Problem[]): void {
  const where = join(dir, name);
  const header = columns.join(',');
  const before = problems.length;
  forEachLineOfText(readFileSync(where, 'utf8'), (line, n) => {
    const at = (message: string) => problems.push({ source: where, path: [], line: n, column: 1, message });
    if (n === 1) {
      if (line !== header) at(messages.csvHeader(line, header));
      return line === header;
    }
    const cells = splitCsvLine(line);
    if (!cells || cells.length !== columns.length) at(messages.csvCellCount(cells?.length ?? 0, columns.length));
    else row(cells, at);
    return problems.length - before < 20;
  });
}

/** A number cell as tokenmaxx writes them (shortest round trip), or a problem. */
function numberCell(cell: string, column: string, at: (message: string) => void): number {
  const x = Number(cell);
  if (!Number.isFinite(x) || String(x) !== cell) at(messages.csvNumber(column, cell));
  return x;
}

/**
 * A sweep or sensitivity folder, verified and read: what its report shows. `flag` names it in
 * problems. @throws InputError naming every problem
 */
export function readSweepFolder(dir: string, flag: string): SweepReportInput {
  verifyRun(dir, flag, SWEEP_FOLDER_FILES, isReportFile);
  const problems: Problem[] = [];
  const manifest = jsonFile(dir, 'manifest.json', manifestSchema, problems);
  const design = jsonFile(dir, 'design.json', designFileSchema, problems);
  if (manifest && manifest.toolVersion !== toolVersion()) problems.push({ source: join(dir, 'manifest.json'), path: ['toolVersion'], message: messages.runVersion(manifest.toolVersion, toolVersion()) });
  if (!manifest || !design || problems.length > 0) throw new InputError(problems);
  const spec: DesignSpec = { method: design.method, levels: design.levels, samples: design.samples, trajectories: design.trajectories, parameters: design.parameters.map((p) => ({ ...p, source: join(dir, 'design.json') })) };
  const values = design.points as DesignValue[][];

  // sweep-summary.csv: per scenario and point, every metric at both statistics.
  const byKey = new Map<string, PointSummary>();
  const k = spec.parameters.length;
  const columns = summaryColumns(spec);
  csvRows(
    dir,
    'sweep-summary.csv',
    columns,
    (cells, at) => {
      const [scenario, pointText] = cells;
      const point = Number(pointText);
      if (!Number.isInteger(point) || point < 0 || point >= values.length) return at(messages.csvInteger('point', pointText));
      cells.slice(2, 2 + k).forEach((cell, j) => {
        if (cell !== String(values[point][j])) at(messages.csvKey(columns[2 + j], cell, String(values[point][j])));
      });
      const [metric, statistic, n, mean, sd, lo, hi] = cells.slice(2 + k);
      const m = METRIC_NAMES.indexOf(metric as MetricName);
      if (m < 0) return at(messages.unknownMetric(metric, METRIC_NAMES));
      if (!(STATISTICS as readonly string[]).includes(statistic)) return at(messages.csvKey('statistic', statistic, STATISTICS.join(' or ')));
      const key = `${scenario}\u0000${point}`;
      let p = byKey.get(key);
      if (!p) byKey.set(key, (p = { scenario, point, values: values[point], estimates: { final: [], weeklyMean: [] } }));
      const e: Estimate = { n: numberCell(n, 'n', at), mean: numberCell(mean, 'mean', at), sd: numberCell(sd, 'sd', at), ci95: [numberCell(lo, 'ciLow', at), numberCell(hi, 'ciHigh', at)] };
      p.estimates[statistic as Statistic][m] = e;
    },
    problems,
  );
  const summaries = [...byKey.values()];
  for (const p of summaries) {
    for (const s of STATISTICS) if (METRIC_NAMES.some((_, m) => !p.estimates[s][m])) problems.push({ source: join(dir, 'sweep-summary.csv'), path: [], message: messages.studyIncomplete(p.scenario, p.point) });
  }

  const best = manifest.files['best.json'] !== undefined ? readBest(dir, summaries, problems) : undefined;
  const sensitivity = manifest.files['sensitivity.csv'] !== undefined ? readSensitivity(dir, spec, problems) : undefined;
  if (problems.length > 0) throw new InputError(problems);
  return { spec, summaries, best, sensitivity, replicates: manifest.replicates, seed: manifest.seed, command: manifest.command, toolVersion: manifest.toolVersion };
}

function readBest(dir: string, summaries: readonly PointSummary[], problems: Problem[]): BestAnswer | undefined {
  const b = jsonFile(dir, 'best.json', bestSchema, problems);
  if (!b) return undefined;
  const find = (scenario: string, point: number) => summaries.find((p) => p.scenario === scenario && p.point === point);
  const best = b.best ? find(b.best.scenario, b.best.point) : undefined;
  const tied = b.tied.flatMap((t) => {
    const point = find(t.scenario, t.point);
    return point ? [{ point, difference: t.difference }] : [];
  });
  if ((b.best && !best) || tied.length !== b.tied.length) problems.push({ source: join(dir, 'best.json'), path: [], message: messages.studyBestUnknownPoint() });
  return { question: { metric: b.question.metric, statistic: b.question.statistic, where: b.question.where ?? undefined, minimize: b.question.minimize }, eligible: b.eligible, points: b.points, best, tied };
}

function readSensitivity(dir: string, spec: DesignSpec, problems: Problem[]): SensitivityAnalysis | undefined {
  const metrics = new Map<MetricName, MetricSensitivity>();
  let method: 'morris' | 'sobol' | undefined;
  let statistic: Statistic | undefined;
  const paths = spec.parameters.map((p) => p.path);
  csvRows(
    dir,
    'sensitivity.csv',
    SENSITIVITY_COLUMNS,
    (cells, at) => {
      const [metric, stat, m, parameter, index, estimate, lo, hi] = cells;
      if (!(METRIC_NAMES as readonly string[]).includes(metric)) return at(messages.unknownMetric(metric, METRIC_NAMES));
      if (m !== 'morris' && m !== 'sobol') return at(messages.csvKey('method', m, 'morris or sobol'));
      if (!(STATISTICS as readonly string[]).includes(stat)) return at(messages.csvKey('statistic', stat, STATISTICS.join(' or ')));
      if (!paths.includes(parameter)) return at(messages.csvKey('parameter', parameter, 'a parameter of design.json'));
      // One analysis per file: one method and one statistic, as tokenmaxx sensitivity writes them.
      if (method !== undefined && m !== method) return at(messages.csvKey('method', m, method));
      if (statistic !== undefined && stat !== statistic) return at(messages.csvKey('statistic', stat, statistic));
      method = m;
      statistic = stat as Statistic;
      const num = (cell: string, column: string) => (cell === '' ? Number.NaN : numberCell(cell, column, at));
      let entry = metrics.get(metric as MetricName);
      if (!entry) metrics.set(metric as MetricName, (entry = { metric: metric as MetricName, ...(m === 'morris' ? { morris: [] } : { sobol: [] }) }));
      const x = num(estimate, 'estimate');
      const ci: [number, number] = [num(lo, 'ciLow'), num(hi, 'ciHigh')];
      if (m === 'morris') {
        let row = entry.morris!.find((r) => r.path === parameter);
        if (!row) entry.morris!.push((row = { path: parameter, mu: Number.NaN, muStar: Number.NaN, sigma: Number.NaN, muStarCi: [Number.NaN, Number.NaN], muStarConf: Number.NaN }));
        if (index === 'mu') row.mu = x;
        else if (index === 'muStar') [row.muStar, row.muStarCi] = [x, ci];
        else if (index === 'sigma') row.sigma = x;
        else at(messages.csvKey('index', index, 'mu, muStar or sigma'));
      } else {
        let row = entry.sobol!.find((r) => r.path === parameter);
        if (!row) entry.sobol!.push((row = { path: parameter, s1: Number.NaN, s1Ci: [Number.NaN, Number.NaN], s1Conf: Number.NaN, st: Number.NaN, stCi: [Number.NaN, Number.NaN], stConf: Number.NaN }));
        if (index === 'S1') [row.s1, row.s1Ci] = [x, ci];
        else if (index === 'ST') [row.st, row.stCi] = [x, ci];
        else at(messages.csvKey('index', index, 'S1 or ST'));
      }
    },
    problems,
  );
  if (!method || !statistic) return undefined;
  const complete = [...metrics.values()].every((m) =>
    m.morris ? m.morris.length === paths.length && m.morris.every((x) => Number.isFinite(x.muStar)) : m.sobol!.length === paths.length && m.sobol!.every((x) => Number.isFinite(x.st) && Number.isFinite(x.s1)),
  );
  if (!complete) {
    problems.push({ source: join(dir, 'sensitivity.csv'), path: [], message: messages.studySensitivityIncomplete() });
    return undefined;
  }
  return { method, statistic, resamples: 0, metrics: [...metrics.values()] };
}
