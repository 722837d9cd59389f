/**
 * The charts of a sensitivity analysis: a tornado of Morris μ* (with its bootstrap interval, and σ
 * beside it), or bars of Sobol' first-order and total indices with their intervals; one panel per
 * metric, parameters sorted by influence in each.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SensitivityAnalysis } from '../experiment/sensitivity.js';
import { chartNumber } from './data.js';
import { CONFIG, PALETTE, title } from './theme.js';

/** Parameters drawn per metric: the most influential; sensitivity.csv holds every one. */
export const SHOWN_PARAMETERS = 15;

/** Morris: μ* per parameter as a bar with its 95% bootstrap interval, σ as a dot; a panel per metric. */
export function morrisChart(a: SensitivityAnalysis): TopLevelSpec {
  const panel = (m: SensitivityAnalysis['metrics'][number]) => {
    const top = [...(m.morris ?? [])].sort((x, y) => y.muStar - x.muStar).slice(0, SHOWN_PARAMETERS);
    const values = top.map((x) => ({ parameter: x.path, muStar: chartNumber(x.muStar), lo: chartNumber(x.muStarCi[0]), hi: chartNumber(x.muStarCi[1]), mu: chartNumber(x.mu), sigma: chartNumber(x.sigma) }));
    const order = values.map((v) => v.parameter);
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
      `Morris elementary effects: μ* (bars, with ${a.resamples > 0 ? `${a.resamples}-resample ` : ''}bootstrap 95% intervals) is the mean absolute change in the metric as a parameter moves`,
      'over its range; σ (red diamonds) large against μ* means the effect depends on the other parameters (interactions or non-linearity).',
      `The ${SHOWN_PARAMETERS} most influential parameters per metric; sensitivity.csv holds every one.`,
    ]),
    vconcat: a.metrics.map(panel),
    resolve: { scale: { x: 'independent' } },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}

/** Sobol': ST and S1 per parameter as bars with their 95% bootstrap intervals, side by side; a row per metric. */
export function sobolChart(a: SensitivityAnalysis): TopLevelSpec {
  const row = (m: SensitivityAnalysis['metrics'][number]) => {
    const top = [...(m.sobol ?? [])].sort((x, y) => y.st - x.st).slice(0, SHOWN_PARAMETERS);
    const order = top.map((x) => x.path);
    const y = { field: 'parameter', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 260 } };
    const panel = (name: string, pick: (x: (typeof top)[number]) => { value: number; ci: [number, number] }, color: string, labels: boolean) => {
      const values = top.map((x) => {
        const v = pick(x);
        return { parameter: x.path, value: chartNumber(v.value), lo: chartNumber(v.ci[0]), hi: chartNumber(v.ci[1]) };
      });
      const yy = labels ? y : { ...y, axis: null };
      const tooltip = [
        { field: 'parameter', title: 'Parameter' },
        { field: 'value', title: name, format: '.3f' },
        { field: 'lo', title: '95% CI low', format: '.3f' },
        { field: 'hi', title: '95% CI high', format: '.3f' },
      ];
      return {
        title: { text: labels ? `${m.metric}: ${name}` : name, fontSize: 12 },
        width: 220,
        height: { step: 18 },
        data: { values },
        layer: [
          { mark: { type: 'bar' as const, color }, encoding: { y: yy, x: { field: 'value', type: 'quantitative' as const, title: 'Share of the variance', scale: { domain: [-0.2, 1.2], clamp: true } }, tooltip } },
          { mark: { type: 'rule' as const, color: '#222' }, encoding: { y: yy, x: { field: 'lo', type: 'quantitative' as const }, x2: { field: 'hi' }, tooltip } },
        ],
      };
    };
    return {
      hconcat: [panel('ST (total)', (x) => ({ value: x.st, ci: x.stCi }), PALETTE[0], true), panel('S1 (first order)', (x) => ({ value: x.s1, ci: x.s1Ci }), PALETTE[1], false)],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title('Which assumptions explain the spread of the answer?', [
      `Sobol' indices with ${a.resamples > 0 ? `${a.resamples}-resample ` : ''}bootstrap 95% intervals: ST is the share of the metric's variance a parameter takes part in,`,
      'interactions included; S1 the share due to it alone. ST − S1 large means the parameter matters through its interactions.',
      `The ${SHOWN_PARAMETERS} most influential parameters per metric (axis clipped to −0.2…1.2); sensitivity.csv holds every one.`,
    ]),
    vconcat: a.metrics.map(row),
    config: CONFIG,
  } as unknown as TopLevelSpec;
}

/** The sensitivity chart of an analysis, with its file name stem. */
export function sensitivityCharts(a: SensitivityAnalysis): { name: string; spec: TopLevelSpec }[] {
  return a.method === 'morris' ? [{ name: 'sensitivity-morris', spec: morrisChart(a) }] : [{ name: 'sensitivity-sobol', spec: sobolChart(a) }];
}
