import { describe, expect, it } from 'vitest';
import { incidentRate, incidents, type IncidentTally } from '../../src/model/guardrails.js';
import { stateFor, weekParams } from '../helpers.js';

describe('guardrails and incidents', () => {
  it('the incident rate follows unattended actions: autonomy scales productive actions, busywork always runs unattended', () => {
    const high = weekParams({ guardrails: { autonomy: 1 } });
    const low = weekParams({ guardrails: { autonomy: 0.1 } });
    expect(incidentRate(low, 1e8, 1e8)).toBeCloseTo(0.1 * incidentRate(high, 1e8, 1e8));
    expect(incidentRate(low, 2e8, 1e8) - incidentRate(low, 1e8, 1e8)).toBeCloseTo(incidentRate(high, 1e8, 1e8));
  });

  function drawAll(input: Parameters<typeof stateFor>[0], tokens: number, productive: number) {
    const { s, p, t } = stateFor(input);
    s.tokens.fill(tokens);
    s.productive.fill(productive);
    const tally: IncidentTally = { incidents: 0, incidentCostUSD: 0 };
    for (let i = 0; i < s.n; i++) incidents(s, t.guardrails, i, tally);
    return { s, p, tally };
  }

  it('draws about as many incidents as expected, with log-normal costs', () => {
    const { s, p, tally } = drawAll({ population: { employees: 20_000 }, guardrails: { incidentProbPerAction: 1e-3 } }, 1e8, 5e7);
    const expected = s.n * incidentRate(p, 1e8, 5e7);
    expect(Math.abs(tally.incidents - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const meanCost = p.guardrails.severityMedianUSD * Math.exp(0.5 * p.guardrails.severitySigma ** 2);
    expect(tally.incidentCostUSD / tally.incidents / meanCost).toBeGreaterThan(0.7);
    expect(tally.incidentCostUSD / tally.incidents / meanCost).toBeLessThan(1.3);
  });

  it('no tokens, no incidents', () => {
    expect(drawAll({ population: { employees: 1000 }, guardrails: { incidentProbPerAction: 1 } }, 0, 0).tally).toEqual({ incidents: 0, incidentCostUSD: 0 });
  });
});
