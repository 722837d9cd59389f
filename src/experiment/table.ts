/**
 * The table `tokenmaxx run` prints: the key metrics of each scenario in its final week, as means over
 * replicates with the 95% CI half-width where it matters. Every column is a metric of summary.json,
 * derived figures included: nothing is recomputed here. Pure: summaries in, text out.
 */
import type { MetricName } from '../model/metrics.js';
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
