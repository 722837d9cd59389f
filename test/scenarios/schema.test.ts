import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, defaultParameters } from '../../src/scenarios/schema.js';
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
