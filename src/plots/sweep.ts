/**
 * The charts of a sweep: a heatmap over the first two varied parameters, and lines over each one,
 * for net value and waste share. Pure: the sweep's point summaries in, Vega-Lite specs out.
 *
 * A heatmap cell, or a line's point, is the mean over replicates at that point; where more
 * parameters vary than the chart has axes, it averages the points that share the drawn values (said
 * in the subtitle). A grid draws cells; a random design (lhs), whose points share no values, draws
 * each point as a dot coloured by its value.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DesignSpec } from '../experiment/design.js';
import type { PointSummary } from '../experiment/sweep.js';
import { METRIC_INDEX, type MetricName } from '../model/metrics.js';
import { chartNumber } from './data.js';
import { CONFIG, FORMAT, scenarioColor, title } from './theme.js';

/** The measures the sweep charts draw, with titles and formats. */
export const SWEEP_MEASURES: readonly { metric: MetricName; label: string; format: string; scheme: string }[] = [
  { metric: 'netValuePerEmployeeUSD', label: 'Net value per employee-week (USD)', format: FORMAT.usdCents, scheme: 'viridis' },
  { metric: 'wasteShare', label: 'Waste share of tokens', format: '.3~%', scheme: 'orangered' },
];

/** One row of chart data: a point's values (by parameter path) and the measure's mean and interval. */
function rows(summaries: readonly PointSummary[], spec: DesignSpec, metric: MetricName): Record<string, string | number>[] {
  const m = METRIC_INDEX[metric];
  return summaries.map((p) => {
    const e = p.estimates.weeklyMean[m];
    const row: Record<string, string | number> = { scenario: p.scenario, point: p.point, value: chartNumber(e.mean), lo: chartNumber(e.ci95[0]), hi: chartNumber(e.ci95[1]) };
    spec.parameters.forEach((q, j) => (row[q.path] = p.values[j]));
    return row;
  });
}

/** A field name Vega-Lite reads literally (paths hold dots, which it would read as nesting). */
const field = (path: string) => path.replace(/[.[\]\\]/g, '\\$&');

/** Heatmaps of net value and waste share over the first two varied parameters (one row of panels per scenario). */
export function sweepHeatmapChart(summaries: readonly PointSummary[], spec: DesignSpec): TopLevelSpec {
  const [px, py] = spec.parameters;
  const scenarios = [...new Set(summaries.map((s) => s.scenario))];
  const grid = spec.method === 'grid';
  const axis = (p: DesignSpec['parameters'][number]) => ({
    field: field(p.path),
    type: grid || p.values ? ('ordinal' as const) : ('quantitative' as const),
    title: p.path,
    ...(p.values ? { sort: p.values } : {}),
    axis: { labelAngle: 0, grid: false, ...(p.range ? { labelExpr: "format(datum.value, '.4~g')" } : {}) },
  });
  const panel = (measure: (typeof SWEEP_MEASURES)[number]) => ({
    width: 260,
    height: 220,
    title: measure.label,
    data: { values: rows(summaries, spec, measure.metric) },
    mark: grid ? { type: 'rect' as const } : { type: 'circle' as const, size: 120, opacity: 1 },
    encoding: {
      x: axis(px),
      y: axis(py),
      ...(scenarios.length > 1 ? { row: { field: 'scenario', type: 'nominal' as const, title: null } } : {}),
      color: { aggregate: 'mean' as const, field: 'value', type: 'quantitative' as const, title: null, scale: { scheme: measure.scheme }, legend: { format: measure.format } },
      tooltip: [
        { field: 'scenario', title: 'Scenario' },
        { field: field(px.path), title: px.path },
        { field: field(py.path), title: py.path },
        { aggregate: 'mean' as const, field: 'value', title: measure.label, format: measure.format },
      ],
    },
  });
  const others = spec.parameters.length > 2 ? ` Each cell averages the points of the other ${spec.parameters.length - 2} varied parameter(s).` : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title(`Where is net value highest, and waste lowest?`, `Weekly averages over the run, mean over replicates, at each point of the sweep.${others}`),
    hconcat: SWEEP_MEASURES.map(panel),
    resolve: { scale: { color: 'independent' } },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}

/** Net value and waste share against one varied parameter, a line per scenario with its 95% interval. */
export function sweepLinesChart(summaries: readonly PointSummary[], spec: DesignSpec, parameter: number): TopLevelSpec {
  const p = spec.parameters[parameter];
  const scenarios = [...new Set(summaries.map((s) => s.scenario))];
  const only = spec.parameters.length === 1;
  // A random design's points share no values: joined into a line, they would zig-zag between
  // points that differ in the other parameters, so they are drawn as dots.
  const scattered = spec.method !== 'grid' && p.range !== undefined && !only;
  const x = { field: field(p.path), type: p.values && typeof p.values[0] === 'string' ? ('ordinal' as const) : ('quantitative' as const), title: p.path, ...(p.values ? { sort: p.values } : {}) };
  const panel = (measure: (typeof SWEEP_MEASURES)[number]) => ({
    width: 300,
    height: 200,
    title: measure.label,
    data: { values: rows(summaries, spec, measure.metric) },
    layer: [
      ...(scattered
        ? []
        : [
      {
        mark: { type: 'area' as const, opacity: 0.18 },
        encoding: {
          x,
          y: { aggregate: 'mean' as const, field: 'lo', type: 'quantitative' as const, title: null, axis: { format: measure.format } },
          y2: { aggregate: 'mean' as const, field: 'hi' },
          color: scenarioColor(scenarios),
        },
      },
          ]),
      {
        mark: scattered ? { type: 'point' as const, filled: true, size: 40 } : { type: 'line' as const, point: true, strokeWidth: 2 },
        encoding: {
          x,
          y: { aggregate: 'mean' as const, field: 'value', type: 'quantitative' as const, title: null, axis: { format: measure.format }, scale: { zero: false } },
          color: scenarioColor(scenarios),
          tooltip: [
            { field: 'scenario', title: 'Scenario' },
            { field: field(p.path), title: p.path },
            { aggregate: 'mean' as const, field: 'value', title: measure.label, format: measure.format },
          ],
        },
      },
    ],
  });
  const sub = only
    ? 'Mean over replicates with its 95% interval (band).'
    : scattered
      ? 'Each dot a point of the design (mean over replicates); the other varied parameters differ from dot to dot.'
      : 'Mean over replicates, averaged over the points of the other varied parameters; the band averages their 95% intervals.';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title(`What does ${p.path} do?`, `Weekly averages over the run at each value of ${p.path}. ${sub}`),
    hconcat: SWEEP_MEASURES.map(panel),
    config: CONFIG,
  } as unknown as TopLevelSpec;
}

/** A sweep over scenarios alone (nothing varied): net value and waste share of each, with 95% intervals. */
export function sweepScenariosChart(summaries: readonly PointSummary[], spec: DesignSpec): TopLevelSpec {
  const scenarios = summaries.map((s) => s.scenario);
  const panel = (measure: (typeof SWEEP_MEASURES)[number]) => {
    const y = { field: 'scenario', type: 'nominal' as const, sort: scenarios, title: null };
    const tooltip = [
      { field: 'scenario', title: 'Scenario' },
      { field: 'value', title: measure.label, format: measure.format },
      { field: 'lo', title: '95% CI low', format: measure.format },
      { field: 'hi', title: '95% CI high', format: measure.format },
    ];
    return {
      width: 280,
      height: { step: 22 },
      title: measure.label,
      data: { values: rows(summaries, spec, measure.metric) },
      layer: [
        { mark: { type: 'rule' as const, strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative' as const, title: null, axis: { format: measure.format }, scale: { zero: false } }, x2: { field: 'hi' }, color: scenarioColor(scenarios, false), tooltip } },
        { mark: { type: 'point' as const, filled: true, size: 70 }, encoding: { y, x: { field: 'value', type: 'quantitative' as const }, color: scenarioColor(scenarios, false), tooltip } },
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title('Which policy gives the most net value, and the least waste?', 'Weekly averages over the run: mean over replicates with its 95% interval; every scenario on the same replicate seeds.'),
    hconcat: SWEEP_MEASURES.map(panel),
    config: CONFIG,
  } as unknown as TopLevelSpec;
}

/** Every chart of a sweep's report, with its file name stem. */
export function sweepCharts(summaries: readonly PointSummary[], spec: DesignSpec): { name: string; spec: TopLevelSpec }[] {
  const charts: { name: string; spec: TopLevelSpec }[] = [];
  if (spec.parameters.length === 0) charts.push({ name: 'sweep-scenarios', spec: sweepScenariosChart(summaries, spec) });
  if (spec.parameters.length >= 2) charts.push({ name: 'sweep-heatmap', spec: sweepHeatmapChart(summaries, spec) });
  spec.parameters.forEach((p, j) => charts.push({ name: `sweep-lines-${j + 1}`, spec: sweepLinesChart(summaries, spec, j) }));
  return charts;
}
