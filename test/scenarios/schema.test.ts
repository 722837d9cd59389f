import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSettablePath } from '../../src/scenarios/paths.js';
import { parameterTableMarkdown } from '../../src/scenarios/parameterTable.js';
import { defaultParameters, leafNumberSchema, parameterLeafSchemas, paramMeta, plausibleRanges, scenarioJsonSchema } from '../../src/scenarios/schema.js';
import { presets } from '../helpers.js';

describe('scenario schema', () => {
  it('the committed scenarios.schema.json is the one `tokenmaxx schema` prints', () => {
    const committed = readFileSync(new URL('../../scenarios.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });

  it('ships the ten presets of the brief, each with a description, naming the schema', () => {
    expect(Object.keys(presets.scenarios).sort()).toEqual([
      'amazon-2026', 'audited', 'baseline', 'guardrails', 'leaderboard-deprecated', 'mandate-only', 'meta-board', 'outcome-leaderboard', 'private-dashboard', 'tokens-in-reviews',
    ]);
    for (const s of Object.values(presets.scenarios)) expect((s.description ?? '').length).toBeGreaterThan(80);
    const raw = JSON.parse(readFileSync(new URL('../../scenarios.json', import.meta.url), 'utf8')) as { $schema: string };
    expect(raw.$schema).toBe('./scenarios.schema.json');
  });

  it('defaults carry the calibration table: 10,000 employees in teams of 8, 52 weeks, 32M tokens, $0.75/Mtok, σ 1.5', () => {
    const d = defaultParameters();
    expect(d.population).toEqual({ employees: 10_000, teamSize: 8 });
    expect(d.weeks).toBe(52);
    expect(d.tokens.medianPerWeek).toBe(32e6);
    expect(d.economics.pricePerMTokUSD).toBe(0.75);
    expect(d.traits.tokenScaleSigma).toBe(1.5);
    expect(d.mandate.targetShare).toBe(0.8);
    expect(d.reviews.officialTokenWeight).toBe(0);
    expect(d.decisions.imitation).toBe(0.15);
  });
});

describe('plausible ranges', () => {
  const declared = parameterLeafSchemas().flatMap(({ path, leaf }) => {
    const plausible = paramMeta.get(leaf)?.plausible;
    return plausible ? [{ path, leaf, plausible }] : [];
  });

  it('every declared range has lo < hi, contains the default and lies within the allowed bounds', () => {
    expect(declared.length).toBeGreaterThan(0);
    for (const { path, leaf, plausible } of declared) {
      const n = leafNumberSchema(leaf);
      const dflt = leaf.def.defaultValue as number;
      expect(n, path).toBeDefined();
      expect(plausible.lo, path).toBeLessThan(plausible.hi);
      expect(dflt, path).toBeGreaterThanOrEqual(plausible.lo);
      expect(dflt, path).toBeLessThanOrEqual(plausible.hi);
      expect(plausible.lo, path).toBeGreaterThanOrEqual(n!.minValue ?? -Infinity);
      expect(plausible.hi, path).toBeLessThanOrEqual(n!.maxValue ?? Infinity);
      expect(plausible.source.trim().length, path).toBeGreaterThan(0);
    }
  });

  it('plausibleRanges() lists exactly the parameters that declare one, in schema order, as --set names them', () => {
    const rows = plausibleRanges();
    expect(rows.map((r) => r.path)).toEqual(declared.map((d) => d.path));
    for (const [i, r] of rows.entries()) {
      const { leaf, plausible } = declared[i];
      expect(r).toEqual({ path: declared[i].path, lo: plausible.lo, hi: plausible.hi, integer: leafNumberSchema(leaf)!.isInt, source: plausible.source });
      expect(parseSettablePath(r.path, 'test')).toEqual({ path: r.path.split('.') });
    }
  });

  it('plausibleRanges() is pure: equal rows, fresh objects, on every call', () => {
    const a = plausibleRanges();
    const b = plausibleRanges();
    expect(a).toEqual(b);
    expect(a[0]).not.toBe(b[0]);
    a[0].lo = -1;
    expect(plausibleRanges()[0].lo).not.toBe(-1);
  });

  it('covers the uncertain parameters the ODD calls tuned or uncertain, from the calibration table where it gives a range', () => {
    const byPath = new Map(plausibleRanges().map((r) => [r.path, r]));
    for (const path of [
      'reviews.rewardValue', 'reviews.lowRatingCost', 'traits.integrityMedian', 'traits.integritySpread', 'tokens.busyworkAgentHours', 'tokens.agentTokensPerHour', 'tokens.padFactor', 'traits.beliefPrior',
      'learning.experimentRate', 'decisions.conformity', 'managers.spread', 'beliefs.weightUncertainty', 'beliefs.credibility', 'mandate.pressureAtTarget',
      'managers.mentionBoost', 'managers.attention', 'guardrails.incidentProbPerAction', 'guardrails.severityMedianUSD', 'guardrails.severitySigma',
      'productivity.maxGain', 'traits.fitMedian', 'traits.careerConcernMedian', 'decisions.temperature',
      'decisions.effortGenuine', 'decisions.effortPadding', 'decisions.effortMaxxing',
    ]) expect(byPath.has(path), path).toBe(true);
    expect(byPath.get('traits.beliefPrior')).toMatchObject({ lo: 0.025, hi: 0.25 });
    expect(byPath.get('guardrails.incidentProbPerAction')).toMatchObject({ lo: 1e-6, hi: 1e-3 });
    expect(byPath.get('economics.pricePerMTokUSD')).toMatchObject({ lo: 0.5, hi: 1.5 });
    expect(byPath.get('traits.initialAdoption')).toMatchObject({ lo: 0.47, hi: 0.9 });
  });

  it('leaves out policy levers, scenario parameters and design choices', () => {
    const paths = new Set(plausibleRanges().map((r) => r.path));
    for (const path of ['weeks', 'population.employees', 'mandate.targetShare', 'reviews.managerLeak', 'reviews.officialTokenWeight', 'audits.rate', 'guardrails.autonomy', 'leaderboard.topShare']) {
      expect(paths.has(path), path).toBe(false);
    }
  });

  it('ranges not taken from a source are said to be assumptions', () => {
    for (const r of plausibleRanges()) {
      if (!/MODEL-BRIEF|Cui|Stack Overflow|derived/.test(r.source)) expect(r.source, r.path).toMatch(/^assumption/);
    }
  });

  it('the parameter table shows each range with its source in the plausible range column', () => {
    const table = parameterTableMarkdown().split('\n');
    const column = table[0].split(' | ').findIndex((c) => c === 'plausible range');
    expect(column).toBeGreaterThan(0);
    const padding = table.find((l) => l.startsWith('| `tokens.padFactor` |'))!;
    expect(padding.split(' | ')[column]).toBe('[0.5, 2]: **assumption**: half to twice the default');
    const weeks = table.find((l) => l.startsWith('| `weeks` |'))!;
    expect(weeks.split(' | ')[column]).toBe('');
  });
});
