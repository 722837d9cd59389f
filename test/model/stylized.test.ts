/**
 * The stylized facts of the model brief (§8), each as a test: the definitions of
 * src/validation/facts.ts (the same `npm run validate-model` checks at the brief's scale), on the
 * shipped presets at the suite's scale (5,000 employees, 52 weeks, 8 replicates, in this thread),
 * read with that scale's tolerance.
 */
import { describe, expect, it } from 'vitest';
import { replicateSeeds } from '../../src/experiment/run.js';
import { FACTS, type Fact } from '../../src/validation/facts.js';
import { resolveNeed } from '../../src/validation/scenarios.js';
import { seriesOf, type ScenarioRuns, type Series } from '../../src/validation/series.js';
import { SUITE_SCALE, toleranceFor } from '../../src/validation/validate.js';
import { shownValue } from '../../src/validation/claims.js';
import { run } from '../helpers.js';

const SEEDS = replicateSeeds(SUITE_SCALE.seed, SUITE_SCALE.replicates);
const TOLERANCE = toleranceFor(SUITE_SCALE);
/** Each scenario is simulated once, by the first fact that reads it. */
const cache = new Map<string, ScenarioRuns>();

function seriesFor(fact: Fact): Series {
  for (const [name, need] of Object.entries(fact.scenarios)) {
    if (cache.has(name)) continue;
    const s = resolveNeed(need, SUITE_SCALE.employees);
    cache.set(name, { weekly: s.weekly, results: run(s, SEEDS) });
  }
  return seriesOf(new Map(Object.keys(fact.scenarios).map((name) => [name, cache.get(name)!])));
}

describe('stylized facts (MODEL-BRIEF §8) at 5,000 employees × 52 weeks × 8 replicates', () => {
  it('reads fact 5 in quarterly windows at this scale', () => {
    expect(TOLERANCE.reviewWindowWeeks).toBe(13);
  });

  for (const fact of FACTS) {
    it(`${fact.id}. ${fact.title}`, () => {
      const r = fact.check(seriesFor(fact), TOLERANCE);
      const all = r.claims.map((c) => `${c.name} = ${shownValue(c)} (expected ${c.expected})`).join('\n');
      expect(r.claims.filter((c) => !c.pass), `measured:\n${all}`).toEqual([]);
      expect(r.pass).toBe(true);
    });
  }
});
