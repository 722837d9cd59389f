import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenarios/load.js';
import { InputError } from '../../src/scenarios/problems.js';
import { mergePatch, parseSettablePath, patchLeaves, PARAMETER_LEAVES, EXPRESSION_LEAVES } from '../../src/scenarios/paths.js';
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

describe('typed patches and paths', () => {
  it('merges a patch into typed parameters, leaving what it does not set', () => {
    const base = defaultParameters();
    const merged = mergePatch(base, { mandate: { pressure: 2 }, weeks: 10 });
    expect(merged.mandate).toEqual({ ...base.mandate, pressure: 2 });
    expect(merged.weeks).toBe(10);
    expect(merged.leaderboard).toBe(base.leaderboard);
    expect(base.mandate.pressure).toBe(0.3);
  });

  it('ignores what is not a parameter (a description or a schedule in a patch)', () => {
    const base = defaultParameters();
    expect(mergePatch(base, { description: 'x', schedule: [] } as never)).toEqual(base);
  });

  it('lists every parameter once, in the schema order, and which may be expressions', () => {
    expect(PARAMETER_LEAVES[0].path).toEqual(['weeks']);
    expect(PARAMETER_LEAVES.map((l) => l.path.join('.'))).toContain('mandate.pressure');
    expect(new Set(PARAMETER_LEAVES.map((l) => l.path.join('.'))).size).toBe(PARAMETER_LEAVES.length);
    const expressions = EXPRESSION_LEAVES.map((l) => l.path.join('.'));
    expect(expressions).toContain('mandate.targetShare');
    expect(expressions).not.toContain('population.employees');
    expect(expressions).not.toContain('mandate.type');
  });

  it('parses a dotted key once into a path checked against the schema', () => {
    expect(parseSettablePath('mandate.pressure', '--set')).toEqual({ path: ['mandate', 'pressure'] });
    expect(parseSettablePath('weeks', '--set')).toEqual({ path: ['weeks'] });
    expect(parseSettablePath('mandate', '--set')).toEqual({ path: ['mandate'] });
    const bad = parseSettablePath('mandate.presure', '--set x');
    expect(bad).toMatchObject({ problem: { source: '--set x', path: ['mandate', 'presure'] } });
    expect('problem' in bad && bad.problem.message).toMatch(/did you mean "pressure"\?\); allowed: type, targetShare/);
    expect(parseSettablePath('constructor', '--set')).toHaveProperty('problem');
    expect(parseSettablePath('weeks.x', '--set')).toMatchObject({ problem: { path: ['weeks', 'x'] } });
  });

  it('records a schedule entry in the manifest by dotted paths', () => {
    const f = file({ s: { weeks: 30, schedule: [{ week: 3, leaderboard: { visibility: 'none', topShare: 0.1 }, audits: { rate: 0.2 } }] } });
    const s = resolveScenario(f, 's');
    expect(s.schedule).toEqual([{ week: 3, set: { leaderboard: { visibility: 'none', topShare: 0.1 }, audits: { rate: 0.2 } } }]);
    expect(scenarioRecord(s).schedule).toEqual([{ week: 3, set: { 'leaderboard.visibility': 'none', 'leaderboard.topShare': 0.1, 'audits.rate': 0.2 } }]);
    expect(patchLeaves(s.schedule[0].set).map(([p]) => p.join('.'))).toEqual(['leaderboard.visibility', 'leaderboard.topShare', 'audits.rate']);
  });

  it('locates a failing expression where it was written last: the file, a --set, a schedule entry', () => {
    const f = file({ s: { weeks: 30, mandate: { targetShare: 't / 10' }, schedule: [{ week: 5, audits: { rate: 't / 20' } }] } });
    const located = (overrides: string[] = []) => {
      try {
        resolveScenario(f, 's', parseSetArguments(overrides));
      } catch (e) {
        if (e instanceof InputError) return e.problems.map((p) => [p.source, p.path.join('.')]);
        throw e;
      }
      return [];
    };
    expect(located()).toEqual([
      ['f.json', 'scenarios.s.mandate.targetShare'],
      ['f.json', 'scenarios.s.schedule.0.audits.rate'],
    ]);
    expect(located(['mandate.targetShare=t/5'])[0]).toEqual(['--set mandate.targetShare=t/5', 'mandate.targetShare']);
  });
});

