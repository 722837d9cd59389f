/**
 * A golden test of every preset, and so of every mechanism path the presets take (mandates and
 * quotas, boards with windows and badges, leaks and official weights, audits, guardrails, a
 * schedule): the sha256 of summary.json, distributions.json and timeseries.csv of a small run of each
 * preset, pinned. Any change to the model's numbers, however small, changes a hash; when a change is
 * meant, update the snapshot (`npx vitest run -u test/experiment/golden.test.ts`) and say why in the
 * commit and below.
 *
 * Intended changes:
 *   - the two-pass week: six derived figures became columns (gamingShare … netValuePerEmployeeUSD);
 *     every other number is bit-identical except meanBelief (≤ 8e-7 relative) and
 *     leaderboardOutputRankCorr (≤ 7e-5), whose ranks are now read from double-precision logs
 *     instead of Float32 bin positions (compared week by week for every preset, 300 employees ×
 *     30 weeks × 3 replicates).
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { runOutputs } from '../../src/experiment/pipeline.js';
import { runExperiment } from '../../src/experiment/run.js';
import { parseSetArguments, resolveScenario } from '../../src/scenarios/resolve.js';
import { presets } from '../helpers.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('every preset, pinned', () => {
  const overrides = parseSetArguments(['population.employees=300', 'weeks=30']);
  test.each(Object.keys(presets.scenarios).sort())('%s', (name) => {
    const scenario = resolveScenario(presets, name, overrides);
    const files = runOutputs(runExperiment({ scenarios: [scenario], seed: 'golden', replicates: 2 }), {
      toolVersion: 'golden',
      nodeVersion: 'golden',
      gitCommit: null,
      command: 'golden',
      seed: 'golden',
      replicates: 2,
    });
    expect({
      'summary.json': sha256(files['summary.json']),
      'distributions.json': sha256(files['distributions.json']),
      'timeseries.csv': sha256(files['timeseries.csv']),
    }).toMatchSnapshot();
  });
});
