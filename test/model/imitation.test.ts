import { describe, expect, it } from 'vitest';
import { countTeam, fermi, normPull, peerOf } from '../../src/model/imitation.js';
import type { ReplicateResult } from '../../src/model/simulate.js';
import { Strategy, STRATEGY_COUNT } from '../../src/model/strategies.js';
import { run, scenario, stateFor } from '../helpers.js';

/** Mean over teams of the share of the team on its most common strategy, in the final week. */
function majorityShare(r: ReplicateResult, teamSize: number): number {
  let sum = 0, teams = 0;
  for (let start = 0; start < r.finalStrategies.length; start += teamSize) {
    const counts = new Array(STRATEGY_COUNT).fill(0);
    const members = r.finalStrategies.subarray(start, start + teamSize);
    for (const k of members) counts[k] += 1;
    sum += Math.max(...counts) / members.length;
    teams += 1;
  }
  return sum / teams;
}

describe('imitation', () => {
  it('Fermi rule: 1/2 at equal payoffs, rising with the peer\'s advantage', () => {
    expect(fermi(0, 0.1)).toBe(0.5);
    expect(fermi(0.3, 0.1)).toBeCloseTo(1 / (1 + Math.exp(-3)));
    expect(fermi(-0.3, 0.1)).toBeLessThan(0.05);
  });

  it('a peer is a teammate other than oneself; a team of one has none', () => {
    const { s } = stateFor({ population: { employees: 17, teamSize: 8 } });
    for (let i = 0; i < 16; i++) {
      for (const u of [0.001, 0.3, 0.6, 0.999]) {
        const j = peerOf(s, i, u);
        expect(j).not.toBe(i);
        expect(Math.floor(j / 8)).toBe(Math.floor(i / 8));
      }
    }
    expect(peerOf(s, 16, 0.5)).toBe(-1);
  });
});

describe('team norm', () => {
  it('pulls each strategy by conformity × the share of the other teammates on it last week', () => {
    const { s, t } = stateFor({ population: { employees: 16 }, decisions: { conformity: 0.7 } });
    s.strategy.set([0, 1, 1, 2, 3, 3, 3, 3], 8);
    countTeam(s, t.imitation, 8, 16);
    // Employee 12 (maxxing) sees 3 of 7 others maxxing, 2 on genuine, 1 padding, 1 abstaining.
    expect(normPull(s, t.imitation, 12, Strategy.maxxing, 8)).toBeCloseTo((0.7 * 3) / 7, 12);
    expect(normPull(s, t.imitation, 12, Strategy.genuine, 8)).toBeCloseTo((0.7 * 2) / 7, 12);
    expect(normPull(s, t.imitation, 12, Strategy.abstain, 8)).toBeCloseTo(0.7 / 7, 12);
    expect(normPull(s, t.imitation, 8, Strategy.abstain, 8)).toBe(0);
    const off = stateFor({ population: { employees: 16 }, decisions: { conformity: 0 } });
    expect(normPull(off.s, off.t.imitation, 12, Strategy.maxxing, 8)).toBe(0);
  });

  it('a strong norm makes teams more alike than no norm does', () => {
    const base = { population: { employees: 800 }, weeks: 20, traits: { fitSpread: 2 }, decisions: { imitation: 0 }, mandate: { type: 'weekly-use' as const, pressure: 0 } };
    const alike = (conformity: number) => {
      const rs = run(scenario({ ...base, decisions: { ...base.decisions, conformity } }), ['n1', 'n2']);
      return rs.reduce((a, r) => a + majorityShare(r, 8), 0) / rs.length;
    };
    const none = alike(0);
    const strong = alike(1);
    expect(none).toBeLessThan(0.9);
    expect(strong).toBeGreaterThan(none + 0.2);
  });
});
