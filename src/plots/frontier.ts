/** The efficiency frontier: spend per employee against output gain, one point per scenario. */
import type { TopLevelSpec } from 'vega-lite';
import { meanCi, type RunData } from './data.js';
import { CONFIG, FORMAT, HIGHLIGHT, HIGHLIGHT_OPACITY, scenarioColor, title } from './theme.js';

/**
 * Labels for the points, skipping any that would sit on an earlier label (closer than 6% of the
 * plotted range on both axes); the legend and tooltips still name every point.
 */
function labelsThatFit(points: { scenario: string; spend: number; gain: number }[]): { scenario: string; spend: number; gain: number; label: string }[] {
  const span = (f: (p: (typeof points)[number]) => number) => Math.max(1e-12, Math.max(...points.map(f)) - Math.min(...points.map(f)));
  const sx = span((p) => p.spend);
  const sy = span((p) => p.gain);
  const kept: typeof points = [];
  for (const p of points) {
    if (kept.every((q) => Math.abs(q.spend - p.spend) / sx > 0.06 || Math.abs(q.gain - p.gain) / sy > 0.06)) kept.push(p);
  }
  return kept.map((p) => ({ scenario: p.scenario, spend: p.spend, gain: p.gain, label: p.scenario }));
}

/** Each scenario's weekly-average spend per employee and output gain, with 95% CI bars; replicates faint behind. */
export function frontierChart(run: RunData): TopLevelSpec {
  const replicates = run.replicates;
  const points = run.scenarios.map((scenario) => {
    const mine = replicates.filter((r) => r.scenario === scenario);
    const spend = meanCi(mine.map((r) => r.spendPerEmployeeUSD));
    const gain = meanCi(mine.map((r) => r.outputGain));
    return { scenario, spend: spend.value, spendLo: spend.lo, spendHi: spend.hi, gain: gain.value, gainLo: gain.lo, gainHi: gain.hi };
  });
  const labelled = labelsThatFit(points);
  const x = { field: 'spend', type: 'quantitative' as const, title: 'Compute spend per employee (USD/week, average over the run)', scale: { zero: false }, axis: { format: FORMAT.usdCents } };
  const y = { field: 'gain', type: 'quantitative' as const, title: 'Output gain per employee (average over the run)', scale: { zero: false }, axis: { format: FORMAT.pct1 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: title('Which policies buy output, not just tokens?', 'Up and to the left is better: more output for less compute. Bars: 95% CI over replicates; faint dots: single replicates.'),
    width: 560,
    height: 380,
    config: CONFIG,
    layer: [
      {
        data: { values: replicates },
        mark: { type: 'point', filled: true, size: 18 },
        encoding: { x: { ...x, field: 'spendPerEmployeeUSD' }, y: { ...y, field: 'outputGain' }, color: scenarioColor(run.scenarios), opacity: { condition: { param: 'pick', value: 0.25 }, value: 0.04 } },
      },
      { data: { values: points }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: { ...x, field: 'spendLo' }, x2: { field: 'spendHi' }, y, color: scenarioColor(run.scenarios), opacity: HIGHLIGHT_OPACITY } },
      { data: { values: points }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'gainLo' }, y2: { field: 'gainHi' }, color: scenarioColor(run.scenarios), opacity: HIGHLIGHT_OPACITY } },
      {
        data: { values: points },
        params: [HIGHLIGHT],
        mark: { type: 'point', filled: true, size: 110, stroke: 'white', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: scenarioColor(run.scenarios),
          opacity: HIGHLIGHT_OPACITY,
          tooltip: [
            { field: 'scenario', title: 'Scenario' },
            { field: 'spend', title: 'Spend per employee-week', format: FORMAT.usdCents },
            { field: 'gain', title: 'Output gain', format: FORMAT.pct1 },
          ],
        },
      },
      { data: { values: labelled }, mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontSize: 11 }, encoding: { x, y, text: { field: 'label' }, opacity: HIGHLIGHT_OPACITY } },
    ],
  } as TopLevelSpec;
}
