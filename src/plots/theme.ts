/**
 * What every chart shares: one colour per scenario (a colour-blind-safe palette, Paul Tol's "muted"
 * plus grey), number formats, the legend-bound highlight, and the base config.
 */
import type { TopLevelSpec } from 'vega-lite';

/** Paul Tol's colour-blind-safe "muted" scheme (9) and a neutral grey for a tenth scenario. */
export const PALETTE = ['#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499', '#888888'];

/** d3-format strings: money with SI suffixes ($1.2M), shares as percentages. */
export const FORMAT = { usd: '$,.3~s', usdCents: '$,.2f', pct: '.0%', pct1: '.1%', num: ',.3~s', ratio: '.2~f' } as const;

/** The colour encoding of scenarios: the same scenario has the same colour in every chart. */
export function scenarioColor(scenarios: readonly string[], legend = true) {
  const range = scenarios.map((_, k) => PALETTE[k % PALETTE.length]);
  return {
    field: 'scenario',
    type: 'nominal' as const,
    title: 'Scenario',
    sort: [...scenarios],
    scale: { domain: [...scenarios], range },
    ...(legend ? { legend: { symbolOpacity: 1 } } : { legend: null }),
  };
}

/** A point selection bound to the legend: click a scenario to highlight it, shift-click for more. */
export const HIGHLIGHT = { name: 'pick', select: { type: 'point' as const, fields: ['scenario'] }, bind: 'legend' as const };

/** Opacity that dims the scenarios not picked in the legend. */
export const HIGHLIGHT_OPACITY = { condition: { param: 'pick', value: 1 }, value: 0.15 };

/** Opacity of confidence bands, dimmed with their scenario. */
export const BAND_OPACITY = { condition: { param: 'pick', value: 0.18 }, value: 0.03 };

/** Base config for every chart. */
export const CONFIG: NonNullable<TopLevelSpec['config']> = {
  font: 'Helvetica, Arial, sans-serif',
  title: { fontSize: 15, anchor: 'start', subtitleColor: '#555', subtitleFontSize: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'right' },
  view: { stroke: null },
};

/** A chart's title: the question it answers, and a subtitle saying how to read it. */
export function title<S extends string | string[]>(question: string, subtitle: S) {
  return { text: question, subtitle };
}
