/**
 * The shared shape of the time-series charts: one line per scenario (with its 95% CI band) for each
 * measure, panels stacked, the scenario legend bound to a highlight.
 */
import type { TopLevelSpec } from 'vega-lite';
import { columnar, weeklyMeans, type Measure, type RunData, type WeeklyPoint } from './data.js';
import { BAND_OPACITY, CONFIG, HIGHLIGHT, HIGHLIGHT_OPACITY, scenarioColor } from './theme.js';

/** One panel: a measure, its axis title and number format. */
export interface Panel {
  measure: Measure;
  axisTitle: string;
  format: string;
}

/** Extra layers drawn in every panel (e.g. review weeks). */
export type ExtraLayer = Record<string, unknown>;

/** Stacked panels of weekly means per scenario, with bands and a legend-bound highlight. */
export function linePanels(run: RunData, t: { text: string; subtitle: string | string[] }, panels: readonly Panel[], extra: ExtraLayer[] = [], data?: WeeklyPoint[]): TopLevelSpec {
  const rows = data ?? weeklyMeans(run, panels.map((p) => p.measure));
  const { values, transform } = columnar(rows, ['scenario', 'measure'], ['week', 'value', 'lo', 'hi']);
  const panel = (p: Panel, k: number) => ({
    width: 560,
    height: panels.length > 2 ? 150 : 200,
    transform: [{ filter: { field: 'measure', equal: p.measure } }],
    layer: [
      ...extra,
      { mark: { type: 'area' }, encoding: { y: { field: 'lo', type: 'quantitative', title: p.axisTitle, axis: { format: p.format } }, y2: { field: 'hi' }, color: scenarioColor(run.scenarios), opacity: BAND_OPACITY } },
      {
        mark: { type: 'line', strokeWidth: 2 },
        params: k === 0 ? [HIGHLIGHT] : [],
        encoding: {
          y: { field: 'value', type: 'quantitative', title: p.axisTitle, axis: { format: p.format } },
          color: scenarioColor(run.scenarios),
          opacity: HIGHLIGHT_OPACITY,
          tooltip: [
            { field: 'scenario', title: 'Scenario' },
            { field: 'week', title: 'Week' },
            { field: 'value', title: p.axisTitle, format: p.format },
          ],
        },
      },
    ],
    encoding: { x: { field: 'week', type: 'quantitative', title: 'Week' } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: t,
    data: { values },
    transform,
    vconcat: panels.map(panel),
    config: CONFIG,
  } as unknown as TopLevelSpec; // Checked against Vega-Lite's JSON Schema in test/plots.
}
