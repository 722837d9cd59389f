import { describe, expect, it } from 'vitest';
import { incidentRate, runIncidents } from '../../src/model/guardrails.js';
import { stateFor, weekParams } from '../helpers.js';

describe('guardrails and incidents', () => {
  it('the incident rate follows unattended actions: autonomy scales productive actions, busywork always runs unattended', () => {
    const high = weekParams({ guardrails: { autonomy: 1 } });
    const low = weekParams({ guardrails: { autonomy: 0.1 } });
    expect(incidentRate(low, 1e8, 1e8)).toBeCloseTo(0.1 * incidentRate(high, 1e8, 1e8));
    expect(incidentRate(low, 2e8, 1e8) - incidentRate(low, 1e8, 1e8)).toBeCloseTo(incidentRate(high, 1e8, 1e8));
  });

  it('draws about as many incidents as expected, with log-normal costs', () => {
    const { s, p } = stateFor({ population: { employees: 20_000 }, guardrails: { incidentProbPerAction: 1e-3 } });
    s.tokens.fill(1e8);
    s.productive.fill(5e7);
    const expected = s.n * incidentRate(p, 1e8, 5e7);
    const out = runIncidents(s, p, 5);
    expect(Math.abs(out.incidents - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const meanCost = p.guardrails.severityMedianUSD * Math.exp(0.5 * p.guardrails.severitySigma ** 2);
    expect(out.costUSD / out.incidents / meanCost).toBeGreaterThan(0.7);
    expect(out.costUSD / out.incidents / meanCost).toBeLessThan(1.3);
  });

  it('no tokens, no incidents', () => {
    const { s, p } = stateFor({ population: { employees: 1000 }, guardrails: { incidentProbPerAction: 1 } });
    s.tokens.fill(0);
    expect(runIncidents(s, p, 0)).toEqual({ incidents: 0, costUSD: 0 });
  });
});
