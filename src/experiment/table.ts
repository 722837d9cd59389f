/**
 * The table `tokenmaxx run` prints: the key metrics of each scenario in its final week, as means over
 * replicates with the 95% CI half-width where it matters. Pure: summaries in, text out.
 */
import type { ScenarioSummary } from './summarize.js';

interface Column {
  heading: string;
  value: (s: ScenarioSummary) => number;
  format: (x: number) => string;
  ci?: boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const usd = (x: number) => `$${x.toFixed(2)}`;
const fixed = (d: number) => (x: number) => x.toFixed(d);

const COLUMNS: Column[] = [
  { heading: 'adoption', value: (s) => s.adoptionRate.final.mean, format: pct },
  { heading: 'gaming', value: (s) => s.sharePadding.final.mean + s.shareMaxxing.final.mean, format: pct },
  { heading: 'waste', value: (s) => s.wasteShare.final.mean, format: pct, ci: true },
  { heading: 'spend $/emp-wk', value: (s) => s.computeSpendUSD.final.mean / s.employees.final.mean, format: usd },
  { heading: 'output gain', value: (s) => s.outputGain.final.mean, format: pct, ci: true },
  { heading: 'output/Mtok', value: (s) => s.outputPerMTok.final.mean, format: fixed(4) },
  { heading: 'belief', value: (s) => s.meanBelief.final.mean, format: fixed(2) },
  { heading: 'incidents/1k out', value: (s) => (1000 * s.incidents.final.mean) / s.output.final.mean, format: fixed(1) },
  { heading: 'net $/emp-wk', value: (s) => s.netValueUSD.final.mean / s.employees.final.mean, format: (x) => x.toFixed(0) },
];

const ciOf: Record<string, (s: ScenarioSummary) => [number, number]> = {
  waste: (s) => s.wasteShare.final.ci95,
  'output gain': (s) => s.outputGain.final.ci95,
};

/** The table of key metrics, one row per scenario, columns aligned. */
export function keyMetricsTable(summaries: readonly { name: string; summary: ScenarioSummary }[], weeks: number): string {
  const header = ['scenario', ...COLUMNS.map((c) => c.heading)];
  const rows = summaries.map(({ name, summary }) => [
    name,
    ...COLUMNS.map((c) => {
      const text = c.format(c.value(summary));
      if (!c.ci || summary.employees.final.n < 2) return text;
      const [lo, hi] = ciOf[c.heading](summary);
      return `${text} ±${c.format((hi - lo) / 2).replace('$', '')}`;
    }),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [`Final week (week ${weeks}), mean over replicates (± half-width of the 95% CI):`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
