/**
 * The explorer's charts, as Vega-Lite specs with their data inline: spend against output, the
 * strategy shares, and the waste, each with the base beside the explored policy. Built in the page
 * after every run; a test checks them against the Vega-Lite schema and renders them in Node.
 */
import type { TopLevelSpec } from 'vega-lite';
import { STRATEGY_NAMES } from '../model/strategies.js';
import { CONFIG, FORMAT, PALETTE } from '../plots/theme.js';
import type { SeriesPoint } from './results.js';

/** The two arms' names as the charts show them. */
export const ARMS = { base: 'base', explored: 'explored' } as const;

const armColor = (base: string, explored: string) => ({
  field: 'arm',
  type: 'nominal' as const,
  title: null,
  sort: [base, explored],
  scale: { domain: [base, explored], range: [PALETTE[9], PALETTE[0]] },
  legend: { orient: 'top' as const },
});

const WIDTH = 400;
const HEIGHT = 260;

/** A chart's labels: the two arms' names, and the week the change takes effect. */
export interface ChartLabels {
  base: string;
  explored: string;
  fromWeek: number;
}

/** Weekly compute spend per employee against output gain, week by week, one line per arm. */
export function spendVsOutputSpec(points: readonly SeriesPoint[], l: ChartLabels): TopLevelSpec {
  const byWeek = new Map<string, { arm: string; week: number; spend?: number; gain?: number }>();
  for (const p of points) {
    if (p.metric !== 'spendPerEmployeeUSD' && p.metric !== 'outputGain') continue;
    const key = `${p.arm}/${p.week}`;
    const row = byWeek.get(key) ?? { arm: p.arm, week: p.week };
    if (p.metric === 'spendPerEmployeeUSD') row.spend = p.mean;
    else row.gain = p.mean;
    byWeek.set(key, row);
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'What the spend buys', subtitle: 'Compute spend per employee-week against output gain, one point a week (mean of replicates)' },
    width: WIDTH,
    height: HEIGHT,
    data: { values: [...byWeek.values()] },
    mark: { type: 'line', point: { size: 18 }, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'spend', type: 'quantitative', title: 'Compute spend per employee-week', axis: { format: FORMAT.usdCents }, scale: { zero: false } },
      y: { field: 'gain', type: 'quantitative', title: 'Output gain', axis: { format: FORMAT.pct }, scale: { zero: false } },
      order: { field: 'week', type: 'quantitative' },
      color: armColor(l.base, l.explored),
      tooltip: [
        { field: 'arm', title: 'policy' },
        { field: 'week', title: 'week' },
        { field: 'spend', title: 'spend $/employee-week', format: FORMAT.usdCents },
        { field: 'gain', title: 'output gain', format: FORMAT.pct1 },
      ],
    },
    config: CONFIG,
  };
}

/** The share of employees on each strategy, week by week, the base beside the explored policy. */
export function strategySharesSpec(points: readonly SeriesPoint[], l: ChartLabels): TopLevelSpec {
  const metricOf = { shareAbstain: 'abstain', shareGenuine: 'genuine', sharePadding: 'padding', shareMaxxing: 'maxxing' } as Record<string, string>;
  const values = points.filter((p) => metricOf[p.metric]).map((p) => ({ arm: p.arm, week: p.week, strategy: metricOf[p.metric], share: p.mean }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Who does what', subtitle: 'Share of employees on each strategy, week by week (mean of replicates)' },
    data: { values },
    facet: { column: { field: 'arm', type: 'nominal', title: null, sort: [l.base, l.explored] } },
    spec: {
      width: WIDTH / 2 - 20,
      height: HEIGHT - 40,
      mark: { type: 'area' },
      encoding: {
        x: { field: 'week', type: 'quantitative', title: 'Week' },
        y: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'Share of employees', axis: { format: FORMAT.pct } },
        color: {
          field: 'strategy',
          type: 'nominal',
          title: 'Strategy',
          sort: [...STRATEGY_NAMES],
          scale: { domain: [...STRATEGY_NAMES], range: ['#DDDDDD', '#44AA99', '#DDCC77', '#CC6677'] },
        },
        order: { field: 'strategy', sort: 'ascending' },
        tooltip: [
          { field: 'week', title: 'week' },
          { field: 'strategy', title: 'strategy' },
          { field: 'share', title: 'share', format: FORMAT.pct1 },
        ],
      },
    },
    config: CONFIG,
  };
}

/** The share of tokens that bought no output, week by week, with 95% bands over replicates and the week of the change. */
export function wasteSpec(points: readonly SeriesPoint[], l: ChartLabels): TopLevelSpec {
  // A share's t-interval can pass 0 or 1 with few replicates; the band stops where a share must.
  const values = points.filter((p) => p.metric === 'wasteShare').map((p) => ({ arm: p.arm, week: p.week, waste: p.mean, lo: Math.max(0, p.lo), hi: Math.min(1, p.hi) }));
  const shared = armColor(l.base, l.explored);
  // The legend shows the lines, not the faint bands drawn with them.
  const color = { ...shared, legend: { ...shared.legend, symbolType: 'stroke', symbolStrokeWidth: 2, symbolOpacity: 1 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'The waste', subtitle: `Share of tokens that bought no output, week by week (mean and 95% interval of replicates); the change from week ${l.fromWeek}` },
    width: WIDTH,
    height: HEIGHT,
    // The line first, so the legend shows lines; the band drawn over it is faint.
    layer: [
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'week', type: 'quantitative', title: 'Week' },
          y: { field: 'waste', type: 'quantitative', title: 'Wasted share of tokens', axis: { format: FORMAT.pct } },
          color,
          tooltip: [
            { field: 'arm', title: 'policy' },
            { field: 'week', title: 'week' },
            { field: 'waste', title: 'waste share', format: FORMAT.pct1 },
          ],
        },
      },
      {
        data: { values },
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x: { field: 'week', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
      },
      { data: { values: [{ week: l.fromWeek }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#777' }, encoding: { x: { field: 'week', type: 'quantitative' } } },
    ],
    config: CONFIG,
  };
}
