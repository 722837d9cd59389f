/**
 * The charts of a sensitivity analysis: a tornado of Morris μ* (with its bootstrap interval, and σ
 * beside it), or bars of Sobol' first-order and total indices with their intervals; one panel per
 * metric, parameters sorted by influence in each.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SensitivityAnalysis } from '../experiment/sensitivity.js';
import { chartNumber } from './data.js';
import { CONFIG, PALETTE, title } from './theme.js';

/** Morris: μ* per parameter as a bar with its 95% bootstrap interval, σ as a dot; a panel per metric. */
export function morrisChart(a: SensitivityAnalysis): TopLevelSpec {
  const panel = (m: SensitivityAnalysis['metrics'][number]) => {
    const values = (m.morris ?? []).map((x) => ({ parameter: x.path, muStar: chartNumber(x.muStar), lo: chartNumber(x.muStarCi[0]), hi: chartNumber(x.muStarCi[1]), mu: chartNumber(x.mu), sigma: chartNumber(x.sigma) }));
    const order = [...values].sort((x, y) => y.muStar - x.muStar).map((v) => v.parameter);
    const y = { field: 'parameter', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 260 } };
    const tooltip = [
      { field: 'parameter', title: 'Parameter' },
      { field: 'muStar', title: 'μ*', format: ',.4~g' },
      { field: 'lo', title: 'μ* 95% CI low', format: ',.4~g' },
      { field: 'hi', title: 'μ* 95% CI high', format: ',.4~g' },
      { field: 'mu', title: 'μ', format: ',.4~g' },
      { field: 'sigma', title: 'σ', format: ',.4~g' },
    ];
    return {
      title: m.metric,
      width: 320,
      height: { step: 18 },
      data: { values },
      layer: [
        { mark: { type: 'bar' as const, color: PALETTE[0], opacity: 0.8 }, encoding: { y, x: { field: 'muStar', type: 'quantitative' as const, title: 'μ* (effect of the whole range)' }, tooltip } },
        { mark: { type: 'rule' as const, color: '#222' }, encoding: { y, x: { field: 'lo', type: 'quantitative' as const }, x2: { field: 'hi' }, tooltip } },
        { mark: { type: 'point' as const, shape: 'diamond', filled: true, color: PALETTE[6], size: 50 }, encoding: { y, x: { field: 'sigma', type: 'quantitative' as const }, tooltip } },
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title('Which assumptions move the answer most?', [
      `Morris elementary effects: μ* (bars, with ${a.resamples}-resample bootstrap 95% intervals) is the mean absolute change in the metric as a parameter moves`,
      'over its range; σ (red diamonds) large against μ* means the effect depends on the other parameters (interactions or non-linearity).',
    ]),
    vconcat: a.metrics.map(panel),
    resolve: { scale: { x: 'independent' } },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}

/** Sobol': S1 and ST per parameter as bars with their 95% bootstrap intervals; a panel per metric. */
export function sobolChart(a: SensitivityAnalysis): TopLevelSpec {
  const indices = ['S1 (first order)', 'ST (total)'];
  const panel = (m: SensitivityAnalysis['metrics'][number]) => {
    const values = (m.sobol ?? []).flatMap((x) => [
      { parameter: x.path, index: indices[0], value: chartNumber(x.s1), lo: chartNumber(x.s1Ci[0]), hi: chartNumber(x.s1Ci[1]) },
      { parameter: x.path, index: indices[1], value: chartNumber(x.st), lo: chartNumber(x.stCi[0]), hi: chartNumber(x.stCi[1]) },
    ]);
    const order = [...(m.sobol ?? [])].sort((x, y) => y.st - x.st).map((x) => x.path);
    const y = { field: 'parameter', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 260 } };
    const yOffset = { field: 'index', type: 'nominal' as const, sort: indices };
    const color = { field: 'index', type: 'nominal' as const, title: 'Index', sort: indices, scale: { domain: indices, range: [PALETTE[1], PALETTE[0]] } };
    const tooltip = [
      { field: 'parameter', title: 'Parameter' },
      { field: 'index', title: 'Index' },
      { field: 'value', title: 'Estimate', format: '.3f' },
      { field: 'lo', title: '95% CI low', format: '.3f' },
      { field: 'hi', title: '95% CI high', format: '.3f' },
    ];
    return {
      title: m.metric,
      width: 320,
      height: { step: 26 },
      data: { values },
      layer: [
        { mark: { type: 'bar' as const }, encoding: { y, yOffset, x: { field: 'value', type: 'quantitative' as const, title: 'Share of the variance' }, color, tooltip } },
        { mark: { type: 'rule' as const, color: '#222' }, encoding: { y, yOffset, x: { field: 'lo', type: 'quantitative' as const }, x2: { field: 'hi' }, tooltip } },
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title('Which assumptions explain the spread of the answer?', [
      `Sobol' indices with ${a.resamples}-resample bootstrap 95% intervals: S1 is the share of the metric's variance due to a parameter alone,`,
      'ST the share it takes part in, interactions included; ST − S1 large means the parameter matters through its interactions.',
    ]),
    vconcat: a.metrics.map(panel),
    config: CONFIG,
  } as unknown as TopLevelSpec;
}

/** The sensitivity chart of an analysis, with its file name stem. */
export function sensitivityCharts(a: SensitivityAnalysis): { name: string; spec: TopLevelSpec }[] {
  return a.method === 'morris' ? [{ name: 'sensitivity-morris', spec: morrisChart(a) }] : [{ name: 'sensitivity-sobol', spec: sobolChart(a) }];
}
