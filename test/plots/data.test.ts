import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/experiment/summarize.js';
import { METRIC_INDEX, METRIC_NAMES } from '../../src/model/metrics.js';
import { chartNumber, MEASURES, momentsCi, RunAccumulator, weeklyMeans } from '../../src/plots/data.js';

/** A row of metric values: employees 100, every other metric a value of the replicate and week. */
function row(replicate: number, week: number): Float64Array {
  const v = new Float64Array(METRIC_NAMES.length).map((_, m) => Math.sin(1 + m + 7 * replicate + 3 * week) * 10 ** ((m % 5) - 2));
  v[METRIC_INDEX.employees] = 100;
  v[METRIC_INDEX.output] = 120 + replicate;
  return v;
}

function accumulate(replicates: number, weeks: number): ReturnType<RunAccumulator['result']> {
  const acc = new RunAccumulator([{ name: 'a', weeks }, { name: 'b', weeks }], replicates);
  for (let s = 0; s < 2; s++) for (let r = 0; r < replicates; r++) for (let w = 0; w < weeks; w++) acc.add(s, r, w, row(r + s, w));
  return acc.result();
}

describe('RunAccumulator', () => {
  it('gives the mean and 95% t-interval of estimate() over replicates, for every metric, derived figures included (read, never recomputed)', () => {
    const agg = accumulate(7, 4);
    const run = { scenarios: ['a', 'b'], ...agg };
    const points = weeklyMeans(run, MEASURES);
    expect(points).toHaveLength(2 * 4 * MEASURES.length);
    expect(points.slice(0, 2).map((p) => [p.scenario, p.week, p.measure])).toEqual([['a', 0, MEASURES[0]], ['a', 0, MEASURES[1]]]);
    for (const p of points) {
      const s = p.scenario === 'a' ? 0 : 1;
      const xs = Array.from({ length: 7 }, (_, r) => row(r + s, p.week)[METRIC_INDEX[p.measure as keyof typeof METRIC_INDEX]]);
      const e = estimate(xs);
      expect(Math.abs(p.value - chartNumber(e.mean))).toBeLessThanOrEqual(Math.abs(e.mean) * 1e-4 + 1e-15);
      expect(Math.abs(p.hi - chartNumber(e.ci95[1]))).toBeLessThanOrEqual(Math.abs(e.ci95[1]) * 1e-4 + 1e-15);
      expect(Math.abs(p.lo - chartNumber(e.ci95[0]))).toBeLessThanOrEqual(Math.abs(e.ci95[0]) * 1e-4 + 1e-15);
    }
  });

  it('keeps per-replicate run averages of the frontier measures, and the header figures', () => {
    const agg = accumulate(3, 5);
    expect(agg.weeks).toBe(5);
    expect(agg.employees).toBe(100);
    expect(agg.replicates.map((r) => [r.scenario, r.replicate])).toEqual([['a', 0], ['a', 1], ['a', 2], ['b', 0], ['b', 1], ['b', 2]]);
    const gain = Array.from({ length: 5 }, (_, w) => row(1, w)[METRIC_INDEX.outputGain]).reduce((a, x) => a + x, 0) / 5;
    expect(agg.replicates[1].outputGain).toBe(chartNumber(gain));
  });

  it('is byte-deterministic, and a single replicate gives a point interval', () => {
    expect(JSON.stringify(weeklyMeans({ scenarios: ['a', 'b'], ...accumulate(4, 3) }, MEASURES))).toBe(JSON.stringify(weeklyMeans({ scenarios: ['a', 'b'], ...accumulate(4, 3) }, MEASURES)));
    expect(momentsCi(1, 2.5, 0)).toEqual({ value: 2.5, lo: 2.5, hi: 2.5 });
  });
});
