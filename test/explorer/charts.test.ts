/**
 * The explorer's charts, built from series of replicates simulated here: each spec is valid
 * Vega-Lite and renders in Node to SVG with its marks and no NaN (as test/plots/charts.test.ts checks
 * the report's charts), and the waste chart marks the week of the change.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARMS, spendVsOutputSpec, strategySharesSpec, wasteSpec, type ChartLabels } from '../../src/explorer/charts.js';
import { replicateSeries, seriesPoints, type SeriesPoint } from '../../src/explorer/results.js';
import { exploredWeeks, packWeeks, type Exploration } from '../../src/explorer/weekly.js';
import { replicateScalars } from '../../src/experiment/summarize.js';
import { replicateSeed } from '../../src/model/rng.js';
import { simulateReplicate } from '../../src/model/simulate.js';
import { toSvg, toVega } from '../../src/plots/render.js';
import { preset } from '../helpers.js';

const require = createRequire(import.meta.url);
// The package's export map hides its schema file: find it beside the package's main entry.
const vlSchema = JSON.parse(readFileSync(join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json'), 'utf8')) as object;

const WEEKS = 12;
const LABELS: ChartLabels = { base: ARMS.base, explored: ARMS.explored, fromWeek: 4 };

/** Series points of both arms of a small exploration of amazon-2026. */
function points(replicates: number): SeriesPoint[] {
  const packed = packWeeks(preset('amazon-2026').weekly);
  const base: Exploration = { weeks: WEEKS, employees: 200, fromWeek: LABELS.fromWeek, set: [] };
  const arm = (name: string, e: Exploration) => {
    const outcomes = Array.from({ length: replicates }, (_, r) => {
      const result = simulateReplicate(exploredWeeks(packed, e), replicateSeed('charts', r));
      return { scalars: replicateScalars(result), series: replicateSeries(result.values, result.weeks) };
    });
    return seriesPoints(name, outcomes, WEEKS);
  };
  return [...arm(ARMS.base, base), ...arm(ARMS.explored, { ...base, set: [['leaderboard.visibility', 'none']] })];
}

/** Each chart and the marks its SVG must draw (Vega's SVG classes). */
const CHARTS: { name: string; build: (p: readonly SeriesPoint[], l: ChartLabels) => TopLevelSpec; marks: string[] }[] = [
  { name: 'spend-vs-output', build: spendVsOutputSpec, marks: ['mark-line', 'mark-symbol'] },
  { name: 'strategy-shares', build: strategySharesSpec, marks: ['mark-area'] },
  { name: 'waste', build: wasteSpec, marks: ['mark-line', 'mark-area', 'mark-rule'] },
];

/** A spec's view, run: its scenegraph and scales. */
async function view(spec: TopLevelSpec): Promise<vega.View> {
  const v = new vega.View(vega.parse(toVega(spec)), { renderer: 'none' });
  await v.runAsync();
  return v;
}

/** Every scenegraph item of a mark type. */
function items(node: unknown, type: string, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  const n = node as { marktype?: string; items?: unknown[] };
  if (n.marktype === type) out.push(...((n.items ?? []) as Record<string, unknown>[]));
  for (const child of n.items ?? []) items(child, type, out);
  return out;
}

describe('explorer charts', () => {
  let data: SeriesPoint[];
  let single: SeriesPoint[];
  let validate: ReturnType<Ajv['compile']>;
  beforeAll(() => {
    data = points(3);
    single = points(1);
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(vlSchema);
  });

  it.each(CHARTS.map((c) => [c.name, c] as const))('%s validates against Vega-Lite\'s published JSON Schema', (_, c) => {
    for (const p of [data, single]) expect(validate(c.build(p, LABELS)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it.each(CHARTS.map((c) => [c.name, c] as const))('%s renders to SVG with its marks and no NaN, with one replicate too', async (_, c) => {
    for (const p of [data, single]) {
      const svg = await toSvg(toVega(c.build(p, LABELS)));
      expect(svg.startsWith('<svg')).toBe(true);
      for (const mark of c.marks) expect(svg, `${c.name} draws ${mark}`).toContain(mark);
      expect(svg).not.toContain('NaN');
    }
  });

  it('every chart shows both arms, the base first', () => {
    for (const c of CHARTS) {
      const json = JSON.stringify(c.build(data, LABELS));
      expect(json, c.name).toContain(JSON.stringify([ARMS.base, ARMS.explored]));
      const values = (JSON.parse(json) as { data?: { values: { arm: string }[] }; layer?: { data: { values: { arm?: string }[] } }[] });
      const rows = values.data?.values ?? values.layer![0].data.values;
      expect(new Set(rows.map((r) => r.arm)), c.name).toEqual(new Set([ARMS.base, ARMS.explored]));
    }
  });

  it('spend against output has one row per arm and week, each with both numbers', () => {
    const rows = (spendVsOutputSpec(data, LABELS) as { data: { values: { spend?: number; gain?: number }[] } }).data.values;
    expect(rows).toHaveLength(2 * WEEKS);
    for (const r of rows) expect([Number.isFinite(r.spend), Number.isFinite(r.gain)]).toEqual([true, true]);
  });

  it('strategy shares take the four strategies of every week, summing to 1', () => {
    const rows = (strategySharesSpec(data, LABELS) as { data: { values: { arm: string; week: number; share: number }[] } }).data.values;
    expect(rows).toHaveLength(2 * WEEKS * 4);
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(`${r.arm}/${r.week}`, (sums.get(`${r.arm}/${r.week}`) ?? 0) + r.share);
    for (const [key, sum] of sums) expect(sum, key).toBeCloseTo(1, 9);
  });

  it('the waste chart draws one rule, at the week of the change on the week axis, and says so', async () => {
    for (const fromWeek of [0, 4, WEEKS - 1]) {
      const spec = wasteSpec(data, { ...LABELS, fromWeek });
      expect(JSON.stringify(spec)).toContain(`the change from week ${fromWeek}`);
      const v = await view(spec);
      try {
        const rules = items((v.scenegraph() as unknown as { root: unknown }).root, 'rule').filter((i) => (i.mark as { role?: string } | undefined)?.role === 'mark');
        expect(rules).toHaveLength(1);
        expect(rules[0].x).toBeCloseTo((v.scale('x') as (x: number) => number)(fromWeek), 6);
      } finally {
        v.finalize();
      }
    }
  });
});
