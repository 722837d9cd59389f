import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grid, lhs, morris, saltelli, type Parameter } from '../../src/stats/designs.js';
import { sobolPoints } from '../../src/stats/sobolSequence.js';

/** `k` parameters with distinct paths and ranges. */
function box(k: number): Parameter[] {
  return Array.from({ length: k }, (_, j) => ({ path: `group.p${j}`, lo: -j, hi: 2 * j + 1 }));
}

const seeds = fc.oneof(fc.integer(), fc.string());

describe('grid', () => {
  it('lists every combination, the first parameter varying slowest', () => {
    const d = grid([
      { path: 'a', lo: 0, hi: 9, levels: [1, 2] },
      { path: 'b', lo: 0, hi: 1 },
      { path: 'c', lo: 0, hi: 9, levels: [7, 8] },
    ]);
    const expected: number[][] = [];
    for (const a of [1, 2]) for (const b of [0, 0.5, 1]) for (const c of [7, 8]) expected.push([a, b, c]);
    expect(d.points).toEqual(expected);
    expect(d.unit[3]).toEqual([1 / 9, 0.5, 8 / 9]);
  });

  it('has as many runs as the product of the value counts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), (counts) => {
        const d = grid(counts.map((c, j) => ({ path: `p${j}`, lo: 0, hi: 1, levels: Array.from({ length: c }, (_, i) => i / c) })));
        expect(d.points.length).toBe(counts.reduce((p, c) => p * c, 1));
        expect(new Set(d.points.map((r) => r.join())).size).toBe(d.points.length);
      }),
    );
  });

  it('rounds integer parameters and drops repeated values; a count of one is the midpoint', () => {
    expect(grid([{ path: 'n', lo: 0, hi: 2, integer: true }], 5).points).toEqual([[0], [1], [2]]);
    expect(grid([{ path: 'x', lo: 2, hi: 4 }], 1).points).toEqual([[3]]);
  });

  it('rejects bad parameters, naming the design', () => {
    expect(() => grid([{ path: 'a', lo: 1, hi: 0 }])).toThrow(/^grid: .*a/);
    expect(() => lhs([{ path: 'a', lo: 0, hi: 1 }, { path: 'a', lo: 0, hi: 1 }], 4, 1)).toThrow(/^lhs: /);
  });
});

describe('Latin hypercube', () => {
  it('hits each of the k strata of every parameter exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 6 }), seeds, (k, dims, seed) => {
        const params = box(dims);
        const d = lhs(params, k, seed);
        expect(d.unit.length).toBe(k);
        params.forEach((p, j) => {
          const strata = d.unit.map((row) => Math.floor(row[j] * k)).sort((x, y) => x - y);
          expect(strata).toEqual(Array.from({ length: k }, (_, i) => i));
          d.points.forEach((row, i) => expect(row[j]).toBeCloseTo(p.lo + d.unit[i][j] * (p.hi - p.lo), 12));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('same seed, same design; another seed, another design', () => {
    const params = box(4);
    expect(lhs(params, 50, 'alpha')).toEqual(lhs(params, 50, 'alpha'));
    expect(lhs(params, 50, 'alpha').unit).not.toEqual(lhs(params, 50, 'beta').unit);
    expect(lhs(params, 50, 7).unit).not.toEqual(lhs(params, 50, 8).unit);
  });
});

describe('Morris trajectories', () => {
  it('each step moves one parameter by ±Δ, each parameter once per trajectory, on the p-level grid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(2, 4, 6, 8), seeds, (k, r, p, seed) => {
        const d = morris(box(k), r, seed, p);
        expect(d.delta).toBe(p / (2 * (p - 1)));
        expect(d.unit.length).toBe(r * (k + 1));
        for (let t = 0; t < r; t++) {
          const moved: number[] = [];
          for (let s = 1; s <= k; s++) {
            const before = d.unit[t * (k + 1) + s - 1];
            const after = d.unit[t * (k + 1) + s];
            const changed = after.flatMap((u, j) => (u !== before[j] ? [j] : []));
            expect(changed.length).toBe(1);
            expect(Math.abs(Math.abs(after[changed[0]] - before[changed[0]]) - d.delta)).toBeLessThan(1e-12);
            moved.push(changed[0]);
          }
          expect(moved.sort((x, y) => x - y)).toEqual(Array.from({ length: k }, (_, j) => j));
        }
        for (const u of d.unit.flat()) {
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThanOrEqual(1);
          expect(Math.abs(u * (p - 1) - Math.round(u * (p - 1)))).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('visits the levels evenly and moves up and down', () => {
    const d = morris(box(1), 4000, 'levels', 4);
    const counts = [0, 0, 0, 0];
    for (const [u] of d.unit) counts[Math.round(u * 3)] += 1;
    for (const c of counts) expect(c / d.unit.length).toBeGreaterThan(0.22);
    const up = d.unit.filter((_, i) => i % 2 === 1 && d.unit[i][0] > d.unit[i - 1][0]).length;
    expect(up / 4000).toBeGreaterThan(0.45);
    expect(up / 4000).toBeLessThan(0.55);
  });

  it('same seed, same design; another seed, another design; odd levels rejected', () => {
    expect(morris(box(3), 10, 1)).toEqual(morris(box(3), 10, 1));
    expect(morris(box(3), 10, 1).unit).not.toEqual(morris(box(3), 10, 2).unit);
    expect(() => morris(box(3), 10, 1, 5)).toThrow(/^morris: /);
  });
});

describe('Saltelli design', () => {
  it('lays out A, AB_1..AB_k, B per base row from a 2k-dimensional Sobol sequence after the skip', () => {
    const k = 3;
    const n = 8;
    const d = saltelli(box(k), n);
    expect(d.skip).toBe(16);
    expect(d.points.length).toBe(n * (k + 2));
    const base = sobolPoints(n, 2 * k, 16);
    base.forEach((row, j) => {
      const a = row.slice(0, k);
      const b = row.slice(k);
      expect(d.unit[j * (k + 2)]).toEqual(a);
      expect(d.unit[j * (k + 2) + k + 1]).toEqual(b);
      for (let i = 0; i < k; i++) expect(d.unit[j * (k + 2) + 1 + i]).toEqual(a.map((x, c) => (c === i ? b[c] : x)));
    });
    expect(d.points[0][2]).toBeCloseTo(-2 + d.unit[0][2] * 7, 12);
  });

  it('skips the smallest power of two ≥ N (at least 16) unless told', () => {
    expect(saltelli(box(2), 1024).skip).toBe(1024);
    expect(saltelli(box(2), 1000).skip).toBe(1024);
    expect(saltelli(box(2), 4).skip).toBe(16);
    expect(saltelli(box(2), 4, 0).unit[0]).toEqual([0, 0]);
    expect(() => saltelli(box(2), 1 << 20)).toThrow(/2\^20/);
  });
});
