/**
 * How the explorer writes its figures: shares as percentages, dollars as dollars, differences signed
 * with their paired 95% interval, and the one sentence a screen reader hears after each run.
 */
import type { Estimate } from '../experiment/summarize.js';
import type { ExplorerState } from './command.js';
import type { ExplorerFigure } from './controls.js';
import type { FigureRow } from './results.js';

const MINUS = '−';
/** A signed figure; one that rounds to zero is written ±0 (never −0.0). */
const signed = (x: number, text: (a: number) => string) => {
  const shown = text(Math.abs(x));
  const zero = !/[1-9]/.test(shown);
  return `${zero ? '±' : x > 0 ? '+' : MINUS}${shown}`;
};

/** A value of a figure, without its interval: a minus sign in every format, none for what rounds to zero. */
function plain(f: ExplorerFigure, x: number): string {
  const text = (a: number) => (f.format === 'share' ? `${(100 * a).toFixed(1)}%` : f.format === 'usd' ? `$${a.toFixed(2)}` : a.toPrecision(3));
  const shown = text(Math.abs(x));
  return x < 0 && /[1-9]/.test(shown) ? `${MINUS}${shown}` : shown;
}

/** A difference of a figure: percentage points for shares. */
function diff(f: ExplorerFigure, x: number): string {
  if (f.format === 'share') return signed(x, (a) => `${(100 * a).toFixed(1)} pp`);
  if (f.format === 'usd') return signed(x, (a) => `$${a.toFixed(2)}`);
  return signed(x, (a) => a.toPrecision(3));
}

/** A figure's mean and 95% interval: `12.3% [11.9%, 12.7%]`. */
export function formatValue(f: ExplorerFigure, e: Estimate): string {
  return e.n > 1 ? `${plain(f, e.mean)} [${plain(f, e.ci95[0])}, ${plain(f, e.ci95[1])}]` : plain(f, e.mean);
}

/** A paired difference and its 95% interval, and whether it is better or worse when the interval excludes 0. */
export function formatDifference(f: ExplorerFigure, e: Estimate): string {
  const interval = e.n > 1 ? ` [${diff(f, e.ci95[0])}, ${diff(f, e.ci95[1])}]` : '';
  const clear = e.n > 1 && (e.ci95[0] > 0 || e.ci95[1] < 0);
  const better = f.better === 'higher' ? e.mean > 0 : e.mean < 0;
  return `${diff(f, e.mean)}${interval}${clear ? (better ? ' better' : ' worse') : ''}`;
}

/** The sentence announced after a run: the first three figures, explored against base. */
export function sentence(rows: readonly FigureRow[], s: ExplorerState, seconds: number): string {
  const size = `${s.replicates} × ${s.employees.toLocaleString('en-US')} employees × ${s.weeks} weeks in ${seconds.toFixed(2)} s`;
  if (s.set.length === 0) return `Base ${s.scenario}: ${rows.slice(0, 3).map((r) => `${r.figure.label.toLowerCase()} ${plain(r.figure, r.base.mean)}`).join('; ')}. (${size}; change a policy to compare.)`;
  const parts = rows.slice(0, 3).map((r) => `${r.figure.label.toLowerCase()} ${plain(r.figure, r.explored.mean)} against ${plain(r.figure, r.base.mean)} (${diff(r.figure, r.difference.mean)})`);
  return `Explored: ${parts.join('; ')}. (${size}.)`;
}
