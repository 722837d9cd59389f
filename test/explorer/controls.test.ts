/**
 * The explorer's controls against the scenario schema, which the page does not carry: every path,
 * bound and choice a control offers is one the schema accepts, and every figure a metric the model
 * measures.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { EXPLORER_FIGURES, POLICY_CONTROLS, RUN_LIMITS, SERIES_METRICS } from '../../src/explorer/controls.js';
import { METRIC_NAMES } from '../../src/model/metrics.js';
import { resolveScenario } from '../../src/scenarios/resolve.js';
import { defaultParameters, leafNumberSchema, parameterLeafSchemas, POLICY_SECTIONS, type WeekParameters } from '../../src/scenarios/schema.js';
import { presets } from '../helpers.js';

const LEAVES = new Map(parameterLeafSchemas().map(({ path, leaf }) => [path, leaf]));
const leafOf = (path: string) => {
  const leaf = LEAVES.get(path);
  if (!leaf) throw new Error(`${path} is not a parameter`);
  return leaf;
};

describe('POLICY_CONTROLS', () => {
  it('every path is a leaf of a policy section (one a schedule and --set PATH@WEEK may change), each named once', () => {
    for (const c of POLICY_CONTROLS) {
      expect(LEAVES.has(c.path), c.path).toBe(true);
      expect(POLICY_SECTIONS as readonly string[], c.path).toContain(c.path.split('.')[0]);
      expect(c.path.split('.'), c.path).toHaveLength(2);
    }
    const paths = POLICY_CONTROLS.map((c) => c.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('a range control is a numeric leaf, its range inside the schema\'s bounds, its step dividing the range', () => {
    for (const c of POLICY_CONTROLS) {
      if (c.kind !== 'range') continue;
      const n = leafNumberSchema(leafOf(c.path));
      expect(n, `${c.path} is numeric`).toBeInstanceOf(z.ZodNumber);
      expect(c.min, c.path).toBeLessThan(c.max);
      expect(c.min, c.path).toBeGreaterThanOrEqual(n!.minValue ?? -Infinity);
      expect(c.max, c.path).toBeLessThanOrEqual(n!.maxValue ?? Infinity);
      expect(c.step, c.path).toBeGreaterThan(0);
      const steps = (c.max - c.min) / c.step;
      expect(Math.abs(steps - Math.round(steps)), `${c.path}: step ${c.step} divides [${c.min}, ${c.max}]`).toBeLessThan(1e-9);
      if (n!.isInt) expect(Number.isInteger(c.min) && Number.isInteger(c.step), `${c.path} takes integers`).toBe(true);
    }
  });

  it('the value of every control in every week of every preset and of the defaults is one the control can show', () => {
    const weeks = [defaultParameters() as unknown as WeekParameters, ...Object.keys(presets.scenarios).flatMap((name) => resolveScenario(presets, name).weekly)];
    for (const week of weeks) {
      for (const c of POLICY_CONTROLS) {
        const [section, leaf] = c.path.split('.');
        const v = (week as unknown as Record<string, Record<string, number | string>>)[section][leaf];
        if (c.kind === 'choice') expect(c.options, c.path).toContain(v);
        else {
          expect(v, c.path).toBeGreaterThanOrEqual(c.min);
          expect(v, c.path).toBeLessThanOrEqual(c.max);
        }
      }
    }
  });

  it('a choice control offers exactly the schema\'s options, in the schema\'s order', () => {
    const choices = POLICY_CONTROLS.filter((c) => c.kind === 'choice');
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) {
      const inner = leafOf(c.path).unwrap();
      expect(inner, `${c.path} is a choice`).toBeInstanceOf(z.ZodEnum);
      expect([...c.options], c.path).toEqual((inner as z.ZodEnum).options);
    }
  });
});

describe('RUN_LIMITS', () => {
  it('employees and weeks are ones the schema accepts, and the run sizes are in increasing order', () => {
    const employees = leafNumberSchema(leafOf('population.employees'))!;
    const weeks = leafNumberSchema(leafOf('weeks'))!;
    const { min, max, step } = RUN_LIMITS.employees;
    expect(min).toBeGreaterThanOrEqual(employees.minValue ?? -Infinity);
    expect(max).toBeLessThanOrEqual(employees.maxValue ?? Infinity);
    expect((max - min) % step).toBe(0);
    expect(min % step).toBe(0);
    for (const w of RUN_LIMITS.weeks) {
      expect(Number.isInteger(w)).toBe(true);
      expect(w).toBeGreaterThanOrEqual(weeks.minValue!);
      expect(w).toBeLessThanOrEqual(weeks.maxValue!);
    }
    expect([...RUN_LIMITS.weeks]).toEqual([...RUN_LIMITS.weeks].sort((a, b) => a - b));
    expect(RUN_LIMITS.replicates.min).toBeGreaterThanOrEqual(1);
  });
});

describe('figures and series', () => {
  it('every figure and every series is a metric the model measures, each named once', () => {
    for (const f of EXPLORER_FIGURES) expect(METRIC_NAMES, f.metric).toContain(f.metric);
    for (const m of SERIES_METRICS) expect(METRIC_NAMES, m).toContain(m);
    expect(new Set(EXPLORER_FIGURES.map((f) => f.metric)).size).toBe(EXPLORER_FIGURES.length);
    expect(new Set(SERIES_METRICS).size).toBe(SERIES_METRICS.length);
  });

  it('the charts\' series include what they draw: spend, output gain, waste and the four strategy shares', () => {
    expect([...SERIES_METRICS].sort()).toEqual(['outputGain', 'shareAbstain', 'shareGenuine', 'shareMaxxing', 'sharePadding', 'spendPerEmployeeUSD', 'wasteShare']);
  });
});
