import { describe, expect, it } from 'vitest';
import { fermi, peerOf } from '../../src/model/imitation.js';
import { stateFor } from '../helpers.js';

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
