/**
 * What `tokenmaxx calibrate` prints: the final tolerance, each target against the posterior, and each
 * held-out fact's verdict.
 */
import { messages } from '../messages.js';
import type { CalibrateResult } from './pipeline.js';
import { PASS_SHARE, untransformed, type CalibrationTarget } from './targets.js';

const fmt = (x: number) => (!Number.isFinite(x) ? String(x) : Math.abs(x) >= 1e4 ? x.toExponential(2) : Number(x.toPrecision(3)).toString());

/** Pads a table's columns: those in `left` left-aligned (words), the others right-aligned (numbers). */
function table(header: readonly string[], body: readonly string[][], left: readonly number[] = [0]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
  const line = (r: readonly string[]) => r.map((c, j) => (left.includes(j) ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

/**
 * What `tokenmaxx calibrate` prints: the final tolerance, each target (observed against the
 * posterior's mean and 95% interval, in the metric's own units) and each held-out fact (the share
 * of draws it holds in, and whether it passes).
 */
export function calibrationTable(result: Pick<CalibrateResult, 'posterior' | 'stopped' | 'targets' | 'validation'>): string {
  const gens = result.posterior.generations;
  const last = gens[gens.length - 1];
  const natural = (x: number, t: CalibrationTarget) => fmt(untransformed(x, t.transform));
  const targets = table(
    ['target', 'observed', 'posterior mean', '95% interval', 'miss / scale'],
    result.targets.map((r) => [r.target.name, natural(r.target.observed, r.target), natural(r.mean, r.target), `[${natural(r.low, r.target)}, ${natural(r.high, r.target)}]`, fmt((r.mean - r.target.observed) / r.target.scale)]),
  );
  // One line per measure; a fact's name and verdict on its first.
  const facts = table(
    ['held-out fact', 'holds in', 'verdict', 'measure', 'median', '95% of draws'],
    result.validation.flatMap((r) =>
      r.measures.map((m, j) => [j === 0 ? r.fact.name : '', j === 0 ? `${r.holds}/${r.draws}` : '', j === 0 ? (r.passes ? 'pass' : 'fail') : '', m.name, fmt(m.median), `[${fmt(m.low)}, ${fmt(m.high)}]`]),
    ),
    [0, 2, 3],
  );
  const lines = [
    messages.calibrateSummary(gens.length, fmt(last.tolerance), result.posterior.particles.length, result.stopped),
    '',
    ...targets,
    '',
    ...facts,
    messages.calibratePassRule(Math.round(PASS_SHARE * 100)),
  ];
  return `${lines.join('\n')}\n`;
}
