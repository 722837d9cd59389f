import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/experiment/summarize.js';
import { timeseriesCsv, summaryJson, TIMESERIES_COLUMNS } from '../../src/experiment/outputs.js';
import { runExperiment } from '../../src/experiment/run.js';
import { METRIC_NAMES } from '../../src/model/metrics.js';
import { preset } from '../helpers.js';

describe('summaries', () => {
  it('estimate: mean, sample sd and a Student-t 95% interval', () => {
    const e = estimate([1, 2, 3, 4]);
    expect(e.mean).toBe(2.5);
    expect(e.sd).toBeCloseTo(1.2909944, 6);
    expect(e.ci95[1] - e.mean).toBeCloseTo(3.182446 * (1.2909944 / 2), 5);
    expect(estimate([7])).toEqual({ mean: 7, sd: 0, ci95: [7, 7], n: 1 });
  });

  it('outputs: tidy CSV rows per scenario × replicate × week, and summaries per metric', () => {
    const results = runExperiment({ scenarios: [preset('baseline', { population: { employees: 100 }, weeks: 5 })], seed: 1, replicates: 2 });
    const csv = timeseriesCsv(results).trimEnd().split('\n');
    expect(csv[0]).toBe(TIMESERIES_COLUMNS.join(','));
    expect(csv.length).toBe(1 + 2 * 5);
    expect(csv[1].split(',').slice(0, 4)).toEqual(['baseline', '0', results[0].replicates[0].seed, '0']);
    const summary = JSON.parse(summaryJson(results)) as { scenarios: Record<string, Record<string, { final: { n: number } }>> };
    expect(Object.keys(summary.scenarios.baseline)).toEqual([...METRIC_NAMES]);
    expect(summary.scenarios.baseline.tokens.final.n).toBe(2);
  });
});
