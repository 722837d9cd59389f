/** How much of AI use is theatre: strategy shares over time, one small chart per scenario. */
import type { TopLevelSpec } from 'vega-lite';
import { columnar, weeklyMeans, type RunData } from './data.js';
import { CONFIG, FORMAT, title } from './theme.js';

const STRATEGIES = [
  { measure: 'shareAbstain', label: 'abstain', color: '#DDDDDD' },
  { measure: 'shareGenuine', label: 'genuine', color: '#44AA99' },
  { measure: 'sharePadding', label: 'padding', color: '#DDCC77' },
  { measure: 'shareMaxxing', label: 'maxxing', color: '#CC6677' },
] as const;

/** Stacked areas of the four strategies' shares, small multiples per scenario. */
export function strategySharesChart(run: RunData): TopLevelSpec {
  const labels = Object.fromEntries(STRATEGIES.map((s) => [s.measure, s.label]));
  const rows = weeklyMeans(run, STRATEGIES.map((s) => s.measure)).map((p) => ({ scenario: p.scenario, week: p.week, strategy: labels[p.measure], share: p.value, order: STRATEGIES.findIndex((s) => s.measure === p.measure) }));
  const { values, transform } = columnar(rows, ['scenario', 'strategy', 'order'], ['week', 'share']);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title('How much of the AI use is theatre?', 'Share of employees in each strategy, week by week. Padding and maxxing (warm colours) are tokenmaxxing.'),
    data: { values },
    transform,
    facet: { field: 'scenario', type: 'nominal', title: null, sort: [...run.scenarios], header: { labelFontSize: 12, labelFontWeight: 'bold' } },
    columns: 5,
    spec: {
      width: 170,
      height: 120,
      mark: { type: 'area' },
      encoding: {
        x: { field: 'week', type: 'quantitative', title: 'Week' },
        y: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'Share of employees', axis: { format: FORMAT.pct } },
        color: { field: 'strategy', type: 'nominal', title: 'Strategy', sort: STRATEGIES.map((s) => s.label), scale: { domain: STRATEGIES.map((s) => s.label), range: STRATEGIES.map((s) => s.color) } },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'scenario', title: 'Scenario' },
          { field: 'week', title: 'Week' },
          { field: 'strategy', title: 'Strategy' },
          { field: 'share', title: 'Share', format: FORMAT.pct1 },
        ],
      },
    },
    config: CONFIG,
  } as TopLevelSpec;
}
