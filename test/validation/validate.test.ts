/** Checking facts: claims, the scenarios facts share, the tolerance a scale affords, and runs that do not depend on workers. */
import { describe, expect, it } from 'vitest';
import { Claims, shownValue } from '../../src/validation/claims.js';
import { BRIEF_TOLERANCE, FACTS, SUITE_TOLERANCE, type Fact } from '../../src/validation/facts.js';
import { shipped, variant } from '../../src/validation/scenarios.js';
import { BRIEF_SCALE, SUITE_SCALE, neededScenarios, toleranceFor, validateModel } from '../../src/validation/validate.js';

describe('claims', () => {
  it('hold when every bound is kept, and say what they measured and expected', () => {
    const r = new Claims().claim('a', 2, '<', 3).between('b', 0.35, 0.1, 0.35).claim('c', 7, '≥', 7).result();
    expect(r).toMatchObject({ pass: true, measured: { a: 2, b: 0.35, c: 7 }, expected: 'a < 3; b 0.1 … 0.35; c ≥ 7' });
  });

  it('fail on one broken bound, on NaN, and refuse a name claimed twice', () => {
    expect(new Claims().claim('a', 2, '<', 3).claim('b', 3, '>', 3).result().pass).toBe(false);
    expect(new Claims().claim('a', Number.NaN, '≤', 1).result().pass).toBe(false);
    expect(new Claims().between('a', 0.05, 0.1, 0.35).result().pass).toBe(false);
    expect(() => new Claims().claim('a', 1, '<', 2).claim('a', 1, '<', 2)).toThrow(/twice/);
  });

  it('show a value with the digits it takes not to read as its bound', () => {
    expect(shownValue({ value: 0.1234567, bounds: [0.5] })).toBe('0.1235');
    expect(shownValue({ value: 0.49999612, bounds: [0.5] })).toBe('0.499996');
    expect(shownValue({ value: 0.5, bounds: [0.5] })).toBe('0.5');
  });
});

describe('scenarios and tolerances', () => {
  it('runs each scenario once however many facts read it, and refuses one name for two scenarios', () => {
    const needs = neededScenarios(FACTS);
    expect([...needs.keys()].filter((n) => n === 'amazon-2026')).toHaveLength(1);
    expect(needs.size).toBe(12);
    const clash: Fact = { ...FACTS[0], id: 'x', scenarios: { 'amazon-2026': variant('amazon-2026', { reviews: { managerLeak: 0 } }) } };
    expect(() => neededScenarios([...FACTS, clash])).toThrow(/fact x calls another scenario "amazon-2026"/);
  });

  it('reads fact 5 every 4 weeks at the brief scale and quarterly below it', () => {
    expect(toleranceFor(BRIEF_SCALE)).toBe(BRIEF_TOLERANCE);
    expect(toleranceFor({ ...BRIEF_SCALE, replicates: 40, employees: 5000 })).toBe(BRIEF_TOLERANCE);
    expect(toleranceFor(SUITE_SCALE)).toBe(SUITE_TOLERANCE);
  });

  it('gives the same verdicts and figures on one worker and on two', async () => {
    const fact: Fact = { ...FACTS[0], scenarios: { 'amazon-2026': shipped('amazon-2026') } };
    const scale = { employees: 200, replicates: 3, seed: 'workers' };
    const [one, two] = await Promise.all([validateModel({ facts: [fact], scale, workers: 1 }), validateModel({ facts: [fact], scale, workers: 2 })]);
    expect(two.results).toEqual(one.results);
  });
});
