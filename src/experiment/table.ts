/**
 * The tables `tokenmaxx run` prints: the key metrics of each scenario in its final week, as means over
 * replicates with the 95% CI half-width where it matters; and, with posterior draws, the headline
 * figures as intervals (src/experiment/headline.ts). Every column is a metric of summary.json,
 * derived figures included: nothing is recomputed here. Pure: summaries in, text out.
 */
import { messages } from '../messages.js';
import type { MetricName } from '../model/metrics.js';
import { HEADLINE_FIGURES, type HeadlineEstimate, type HeadlineFigure, type HeadlineWindow, type RunHeadline } from './headline.js';
import type { ScenarioSummary } from './summarize.js';

/** A column: a metric of summary.json (derived figures included) and how to print it. */
interface Column {
  heading: string;
  metric: MetricName;
  format: (x: number) => string;
  /** Print the 95% CI half-width too. */
  ci?: boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const usd = (x: number) => `$${x.toFixed(2)}`;
const fixed = (d: number) => (x: number) => x.toFixed(d);

const COLUMNS: Column[] = [
  { heading: 'adoption', metric: 'adoptionRate', format: pct },
  { heading: 'gaming', metric: 'gamingShare', format: pct },
  { heading: 'waste', metric: 'wasteShare', format: pct, ci: true },
  { heading: 'spend $/emp-wk', metric: 'spendPerEmployeeUSD', format: usd },
  { heading: 'output gain', metric: 'outputGain', format: pct, ci: true },
  { heading: 'output/Mtok', metric: 'outputPerMTok', format: fixed(4) },
  { heading: 'belief', metric: 'meanBelief', format: fixed(2) },
  { heading: 'incidents/1k out', metric: 'incidentsPer1kOutput', format: fixed(1) },
  { heading: 'net $/emp-wk', metric: 'netValuePerEmployeeUSD', format: fixed(0) },
];

/** The table of key metrics, one row per scenario, columns aligned. */
export function keyMetricsTable(summaries: readonly { name: string; summary: ScenarioSummary }[], weeks: number): string {
  const header = ['scenario', ...COLUMNS.map((c) => c.heading)];
  const rows = summaries.map(({ name, summary }) => [
    name,
    ...COLUMNS.map((c) => {
      const e = summary[c.metric].final;
      const text = c.format(e.mean);
      if (!c.ci || e.n < 2) return text;
      return `${text} ±${c.format((e.ci95[1] - e.ci95[0]) / 2).replace('$', '')}`;
    }),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [`Final week (week ${weeks}), mean over replicates (± half-width of the 95% CI):`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** How each headline figure is printed, here and in the report: a share in %, a ratio with ×, differences signed. */
export const FIGURE_FORMATS: Record<HeadlineFigure, { label: string; format: (x: number) => string }> = {
  wasteShare: { label: 'waste share', format: pct },
  spendRatio: { label: 'spend ratio', format: (x) => `${x.toFixed(2)}×` },
  outputDifference: { label: 'output difference', format: (x) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)} pp` },
  netValueGap: { label: 'net value gap $/emp-wk', format: (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(0)}` },
};

/** A headline estimate in a cell: mean [replicate CI] {posterior interval} and the wider one, or — when the run cannot say. */
function headlineCell(e: HeadlineEstimate | null, format: (x: number) => string): string {
  if (!e) return '—';
  const ci = e.replicateCI ? ` [${format(e.replicateCI[0])}, ${format(e.replicateCI[1])}]` : '';
  const pi = e.posteriorInterval ? ` {${format(e.posteriorInterval[0])}, ${format(e.posteriorInterval[1])}}` : '';
  return `${format(e.mean)}${ci}${pi}${e.dominant ? ` ${e.dominant}` : ''}`;
}

/**
 * The headline table `tokenmaxx run --posterior` prints after the key metrics: per scenario and
 * figure, year 1 and steady state, each with both intervals and the one that dominates; then the notes.
 */
export function headlineTable(h: RunHeadline): string {
  const window = (w: HeadlineWindow | null, name: string) => (w ? `${name} (weeks ${w.firstWeek}–${w.lastWeek})` : name);
  const header = ['scenario', 'figure', window(h.windows.yearOne, 'year 1'), window(h.windows.steadyState, 'steady state')];
  const rows = Object.entries(h.scenarios).flatMap(([name, figures]) =>
    // The reference's own ratio is 1 and its differences 0 on every seed: only its waste share is shown.
    HEADLINE_FIGURES.filter((f) => name !== h.reference || f === 'wasteShare').map((f, k) => [k === 0 ? name : '', FIGURE_FORMATS[f].label, headlineCell(figures[f].yearOne, FIGURE_FORMATS[f].format), headlineCell(figures[f].steadyState, FIGURE_FORMATS[f].format)]),
  );
  const widths = header.map((c, j) => Math.max(c.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  const lines = [messages.headlineHeading(h.reference, h.draws, h.replicatesPerDraw), line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...h.notes.map((n) => `Note: ${n}.`)];
  return `\n${lines.join('\n')}\n`;
}
