import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenarios/load.js';
import { InputError } from '../../src/scenarios/problems.js';
import { canonicalJson, parseSetArguments, resolveScenario, scenarioRecord } from '../../src/scenarios/resolve.js';
import { defaultParameters } from '../../src/scenarios/schema.js';

const file = (scenarios: object) => parseScenarioText(JSON.stringify({ scenarios }), 'f.json');
const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => p.message);
    throw e;
  }
  return [];
};

describe('resolving scenarios', () => {
  it('fills defaults, then applies extends root first, then --set overrides', () => {
    const f = file({ a: { mandate: { type: 'weekly-use', pressure: 0.5 } }, b: { extends: 'a', mandate: { pressure: 0.7 } } });
    const b = resolveScenario(f, 'b', parseSetArguments(['mandate.targetShare=0.9']));
    expect(b.weekly[0].mandate).toMatchObject({ type: 'weekly-use', pressure: 0.7, targetShare: 0.9 });
    expect(b.weekly[0].leaderboard).toEqual(defaultParameters().leaderboard);
  });

  it('applies schedules from their week on, later entries winning, and evaluates expressions per week', () => {
    const f = file({
      s: {
        weeks: 30,
        mandate: { targetShare: '0.5 + 0.01 * t' },
        leaderboard: { visibility: 'org' },
        schedule: [{ week: 20, leaderboard: { visibility: 'none' } }, { week: 10, leaderboard: { visibility: 'team' } }],
      },
    });
    const s = resolveScenario(f, 's');
    expect(s.weekly.map((w) => w.leaderboard.visibility).slice(8, 22)).toEqual([...Array(2).fill('org'), ...Array(10).fill('team'), 'none', 'none']);
    expect(s.weekly[10].mandate.targetShare).toBeCloseTo(0.6);
    expect(s.schedule.map((c) => c.week)).toEqual([10, 20]);
  });

  it('reports an expression that leaves its bounds, naming the week', () => {
    const f = file({ s: { mandate: { targetShare: 't / 10' } } });
    expect(problemsOf(() => resolveScenario(f, 's'))[0]).toMatch(/week 11; allowed: a number in \[0, 1\]/);
  });

  it('reports a schedule entry past the end of the run', () => {
    expect(problemsOf(() => resolveScenario(file({ s: { weeks: 10, schedule: [{ week: 12, audits: { rate: 0.1 } }] } }), 's'))[0]).toContain('past the end');
  });

  it('validates --set like the file', () => {
    expect(problemsOf(() => parseSetArguments(['mandate.targetShare=2']))[0]).toContain('[0, 1]');
    expect(problemsOf(() => parseSetArguments(['leaderboard.visibilty=org']))[0]).toContain('did you mean "visibility"');
    expect(problemsOf(() => parseSetArguments(['nonsense']))[0]).toContain('PATH=VALUE');
    expect(problemsOf(() => parseSetArguments(['audits.rate=import(1)']))[0]).toContain('not allowed');
    expect(parseSetArguments(['leaderboard.visibility=none'])[0].patch).toEqual({ leaderboard: { visibility: 'none' } });
  });

  it('hashes a resolved scenario independently of key order', () => {
    const a = resolveScenario(file({ s: { mandate: { type: 'weekly-use', pressure: 0.5 }, audits: { rate: 0.1 } } }), 's');
    const b = resolveScenario(file({ s: { audits: { rate: 0.1 }, mandate: { pressure: 0.5, type: 'weekly-use' } } }), 's');
    expect(scenarioRecord(a).sha256).toBe(scenarioRecord(b).sha256);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});
