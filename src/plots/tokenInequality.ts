/** Token inequality: Lorenz curves of the final week's tokens, and top-decile token and output ratios. */
import type { TopLevelSpec } from 'vega-lite';
import { chartNumber, type RunData } from './data.js';
import { CONFIG, FORMAT, HIGHLIGHT, HIGHLIGHT_OPACITY, scenarioColor, title } from './theme.js';

/** Lorenz curves per scenario beside the top decile's multiples of median tokens and output. */
export function tokenInequalityChart(run: RunData): TopLevelSpec {
  const shares = run.lorenz.populationShares;
  const curves = run.scenarios.flatMap((scenario) => run.lorenz.scenarios[scenario].tokenLorenz.map((tokens, k) => ({ scenario, population: shares[k], tokens: chartNumber(tokens) })));
  const ratios = run.scenarios.flatMap((scenario) => {
    const s = run.summary[scenario];
    return [
      { scenario, measure: 'tokens', ratio: s.topDecileTokenRatio.weeklyMean.mean },
      { scenario, measure: 'output', ratio: s.topDecileOutputRatio.weeklyMean.mean },
    ];
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title('Who burns the tokens, and do they produce more?', 'Left: share of tokens used by the lowest share of employees in the final week (the diagonal is perfect equality). Right: the top token decile\'s tokens and output as multiples of the median user\'s.'),
    config: CONFIG,
    hconcat: [
      {
        width: 330,
        height: 330,
        layer: [
          { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', color: '#bbb', strokeDash: [4, 4] }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
          {
            data: { values: curves },
            params: [HIGHLIGHT],
            mark: { type: 'line', strokeWidth: 2 },
            encoding: {
              x: { field: 'population', type: 'quantitative', title: 'Share of employees (lowest first)', axis: { format: FORMAT.pct } },
              y: { field: 'tokens', type: 'quantitative', title: 'Share of tokens', axis: { format: FORMAT.pct } },
              color: scenarioColor(run.scenarios),
              opacity: HIGHLIGHT_OPACITY,
              tooltip: [
                { field: 'scenario', title: 'Scenario' },
                { field: 'population', title: 'Lowest share of employees', format: FORMAT.pct },
                { field: 'tokens', title: 'Their share of tokens', format: FORMAT.pct1 },
              ],
            },
          },
        ],
      },
      {
        width: 260,
        height: 330,
        data: { values: ratios },
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          y: { field: 'scenario', type: 'nominal', title: null, sort: [...run.scenarios] },
          x: { field: 'ratio', type: 'quantitative', title: 'Top token decile ÷ median user (log scale, run average)', scale: { type: 'log' }, axis: { format: FORMAT.ratio, values: [1, 2, 5, 10, 20, 50, 100, 200] } },
          color: scenarioColor(run.scenarios),
          shape: { field: 'measure', type: 'nominal', title: 'Multiple of the median user\'s', sort: ['tokens', 'output'], scale: { domain: ['tokens', 'output'], range: ['circle', 'triangle-up'] } },
          opacity: HIGHLIGHT_OPACITY,
          tooltip: [
            { field: 'scenario', title: 'Scenario' },
            { field: 'measure', title: 'Of' },
            { field: 'ratio', title: 'Top decile ÷ median', format: FORMAT.ratio },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
