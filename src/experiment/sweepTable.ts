/**
 * What `tokenmaxx sweep` prints: the points ranked by the --best metric (or net value), top ten, with
 * their 95% intervals, and the best answer with the points tied with it. Pure: summaries in, text out.
 */
import { METRIC_NAMES } from '../model/metrics.js';
import type { PointSummary, SweepResult } from './sweep.js';

const num = (x: number) => (Math.abs(x) >= 1000 ? x.toFixed(0) : Number(x.toPrecision(4)).toString());

/** What `tokenmaxx sweep` prints: the best answer when asked, and the points ranked by it (or by net value), top ten. */
export function sweepTable(result: Pick<SweepResult, 'summaries' | 'best' | 'design'>): string {
  const { spec } = result.design;
  const q = result.best?.question;
  const metric = q?.metric ?? 'netValuePerEmployeeUSD';
  const statistic = q?.statistic ?? 'weeklyMean';
  const m = METRIC_NAMES.indexOf(metric as (typeof METRIC_NAMES)[number]);
  const sign = q?.minimize ? -1 : 1;
  const ranked = [...result.summaries].sort((a, b) => sign * (b.estimates[statistic][m].mean - a.estimates[statistic][m].mean)).slice(0, 10);
  const header = ['scenario', 'point', ...spec.parameters.map((p) => p.path), `${metric} (${statistic})`, '95% CI'];
  const body = ranked.map((p) => {
    const e = p.estimates[statistic][m];
    return [p.scenario, String(p.point), ...p.values.map((v) => (typeof v === 'number' ? num(v) : v)), num(e.mean), `[${num(e.ci95[0])}, ${num(e.ci95[1])}]`];
  });
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((c) => c[j].length)));
  const line = (c: string[]) => c.map((x, j) => (j < 2 + spec.parameters.length ? x.padEnd(widths[j]) : x.padStart(widths[j]))).join('  ');
  const lines = [`${result.summaries.length} points; the top ${ranked.length} by ${metric} (${statistic}), mean over replicates:`, line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  const b = result.best;
  if (b) {
    const where = b.question.where ? ` where ${b.question.where} (${b.eligible} of ${b.points} points)` : '';
    if (!b.best) lines.push('', `Best by ${metric}${where}: no point meets the condition.`);
    else {
      const e = b.best.estimates[statistic][m];
      const label = (p: PointSummary) => (spec.parameters.length === 0 ? p.scenario : `${p.scenario} point ${p.point}`);
      const at = spec.parameters.length === 0 ? '' : ` (${spec.parameters.map((p, j) => `${p.path} = ${b.best!.values[j]}`).join(', ')})`;
      lines.push('', `Best by ${metric} (${statistic}, ${b.question.minimize ? 'lowest' : 'highest'})${where}: ${label(b.best)}${at}, ${num(e.mean)} [${num(e.ci95[0])}, ${num(e.ci95[1])}].`);
      lines.push(b.tied.length === 0 ? 'No other point is statistically tied with it (paired 95% intervals of the differences exclude 0).' : `Tied with it (paired 95% interval of the difference contains 0): ${b.tied.map((t) => label(t.point)).join(', ')}.`);
    }
  }
  return `${lines.join('\n')}\n`;
}

