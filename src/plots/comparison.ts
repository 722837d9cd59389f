/**
 * The charts of a comparison (`tokenmaxx compare`): what B changes against A, with paired
 * intervals beside the unpaired ones, and who switches strategy. Both read comparison.csv and
 * flows.csv as the report read them; nothing is recomputed.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PRINTED_METRICS } from '../experiment/compare.js';
import { METRIC_INDEX, METRICS } from '../model/metrics.js';
import { STRATEGY_NAMES } from '../model/strategies.js';
import type { ComparisonData } from '../report/comparison.js';
import { chartNumber, type RunData } from './data.js';
import { CONFIG, FORMAT, PALETTE, title } from './theme.js';

/** Does the run hold a comparison? */
export const isComparison = (run: RunData): boolean => run.comparison !== undefined;

function comparisonOf(run: RunData): ComparisonData {
  if (!run.comparison) throw new Error('this run is not a comparison');
  return run.comparison;
}

/**
 * Paired differences B − A of the key metrics (weekly mean over the run), one panel per metric in
 * its own unit, with the 95% paired interval and, under it, the interval the same number of
 * replicates gives on independent seeds: the gap between the two is what common random numbers buy.
 */
export function differencesChart(run: RunData): TopLevelSpec {
  const c = comparisonOf(run);
  const intervals = ['paired seeds', 'independent seeds'];
  const values = PRINTED_METRICS.flatMap((metric) => {
    const r = c.rows.find((row) => row.metric === metric && row.statistic === 'weeklyMean');
    if (!r) return [];
    const unit = METRICS[METRIC_INDEX[metric]].unit;
    const base = { metric: `${metric} (${unit})`, meanA: chartNumber(r.meanA), meanB: chartNumber(r.meanB), difference: chartNumber(r.difference) };
    return [
      { ...base, interval: intervals[0], lo: chartNumber(r.ciLow), hi: chartNumber(r.ciHigh) },
      { ...base, interval: intervals[1], lo: chartNumber(r.independentCiLow), hi: chartNumber(r.independentCiHigh) },
    ];
  });
  const y = { field: 'interval', type: 'nominal' as const, sort: intervals, title: null, axis: { labels: false, ticks: false, domain: false } };
  const color = { field: 'interval', type: 'nominal' as const, title: '95% interval of B − A', sort: intervals, scale: { domain: intervals, range: [PALETTE[0], '#aaaaaa'] }, legend: { orient: 'top' as const, labelLimit: 300, titleLimit: 300 } };
  const tooltip = [
    { field: 'metric', title: 'Metric' },
    { field: 'meanA', title: `${c.a} (A)`, format: ',.4~g' },
    { field: 'meanB', title: `${c.b} (B)`, format: ',.4~g' },
    { field: 'difference', title: 'B − A', format: ',.4~g' },
    { field: 'interval', title: 'Interval from' },
    { field: 'lo', title: '95% CI low', format: ',.4~g' },
    { field: 'hi', title: '95% CI high', format: ',.4~g' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title(`What does ${c.b} change against ${c.a}?`, [
      'B − A of each weekly average over the run, in its own unit, with its 95% interval over paired replicates (dark)',
      'and the interval the same number of replicates gives on independent seeds (grey). Hover for values.',
    ]),
    data: { values },
    facet: { row: { field: 'metric', type: 'nominal', sort: PRINTED_METRICS.map((m) => `${m} (${METRICS[METRIC_INDEX[m]].unit})`), title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12 } } },
    spec: {
      width: 520,
      height: { step: 12 },
      layer: [
        { mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        { mark: { type: 'rule', strokeWidth: 3 }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: null, axis: { format: ',.4~g', tickCount: 6 } }, x2: { field: 'hi' }, color, tooltip } },
        { mark: { type: 'point', filled: true, size: 50, opacity: 1 }, encoding: { y, x: { field: 'difference', type: 'quantitative' }, color, tooltip } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    spacing: 14,
    config: CONFIG,
  } as TopLevelSpec;
}

/**
 * The counterfactual flows: each employee's strategy in the final week under A (rows) and under B
 * (columns), as a share of all employees. Only paired streams make this meaningful: employee i is
 * the same person, with the same draws, in both.
 */
export function flowsChart(run: RunData): TopLevelSpec {
  const c = comparisonOf(run);
  const values = c.flows.map((f) => ({ ...f, share: chartNumber(f.share), shareOfFrom: chartNumber(f.shareOfFrom), employees: chartNumber(f.employees) }));
  const order = [...STRATEGY_NAMES];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title(`Who changes strategy under ${c.b}?`, [
      `Final week: each employee's strategy under ${c.a} (rows) and under ${c.b} (columns),`,
      'as a share of all employees; the diagonal keeps its strategy. Hover for counts.',
    ]),
    width: 360,
    height: 260,
    data: { values },
    encoding: {
      y: { field: 'from', type: 'nominal', sort: order, title: `Under ${c.a} (A)`, axis: { grid: false, ticks: false } },
      x: { field: 'to', type: 'nominal', sort: order, title: `Under ${c.b} (B)`, axis: { labelAngle: 0, orient: 'top', grid: false, ticks: false } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white' },
        encoding: {
          color: { field: 'share', type: 'quantitative', title: 'Share of employees', scale: { range: ['#f7fbff', '#08306b'], domainMin: 0 }, legend: { format: FORMAT.pct } },
          tooltip: [
            { field: 'from', title: 'Under A' },
            { field: 'to', title: 'Under B' },
            { field: 'share', title: 'Share of employees', format: FORMAT.pct1 },
            { field: 'shareOfFrom', title: 'Share of those under A', format: FORMAT.pct1 },
            { field: 'employees', title: 'Employees per replicate', format: ',.1f' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          text: { field: 'share', type: 'quantitative', format: FORMAT.pct1 },
          color: { condition: { test: 'datum.share > 0.25', value: 'white' }, value: '#222' },
        },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}
