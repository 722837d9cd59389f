/**
 * `--set PATH@WEEK=VALUE`: a policy parameter set from a week on, whatever the scenario's schedule
 * says. The property the report relies on: with it, a scenario's weekly parameters are those without
 * it before WEEK, and those with the parameter replaced by VALUE from WEEK on — for every preset,
 * every policy parameter, any value it may take and any week of the run.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { presetsPath } from '../../src/paths.js';
import { loadScenarioFile, parseScenarioText } from '../../src/scenarios/load.js';
import { PARAMETER_LEAVES, patchLeaves, type LeafPath } from '../../src/scenarios/paths.js';
import { formatProblem, InputError } from '../../src/scenarios/problems.js';
import { checkSetArguments, parseSetArguments, resolveScenario, scenarioRecord } from '../../src/scenarios/resolve.js';
import { POLICY_SECTIONS, type WeekParameters } from '../../src/scenarios/schema.js';

const presets = loadScenarioFile(presetsPath());
const NAMES = Object.keys(presets.scenarios).sort();
const file = (scenarios: object) => parseScenarioText(JSON.stringify({ scenarios }), 'f.json');

/** Every policy parameter, with the values it may take: numbers within its bounds, or its choices. */
const POLICY_LEAVES = PARAMETER_LEAVES.filter(({ path }) => (POLICY_SECTIONS as readonly string[]).includes(path[0])).map(({ path, schema }) => ({ path, value: valuesOf(schema) }));

function valuesOf(schema: z.ZodType): fc.Arbitrary<number | string> {
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...(schema.options as string[]));
  const n = (schema instanceof z.ZodUnion ? schema.options.find((o) => o instanceof z.ZodNumber) : schema) as z.ZodNumber;
  const [min, max] = [n.minValue ?? -1e9, n.maxValue ?? 1e9];
  if (n.isInt) return fc.integer({ min, max });
  // -0 is written "0" on a command line: it is 0.
  return fc.double({ min, max, noNaN: true }).map((v) => (v === 0 ? 0 : v));
}

/** A timed change of one of `leaves`: a policy parameter, a value it may take, and a week of a 52-week run. */
const changeOf = (leaves: typeof POLICY_LEAVES) =>
  fc.constantFrom(...leaves).chain(({ path, value }) => fc.record({ path: fc.constant(path), value, week: fc.integer({ min: 0, max: 51 }) }));
const change = changeOf(POLICY_LEAVES);
type Change = { path: LeafPath; value: number | string; week: number };

/** The presets with a schedule, and the parameters their schedules change (leaderboard-deprecated's board at week 26). */
const SCHEDULED = NAMES.filter((n) => (presets.scenarios[n].schedule ?? []).length > 0);
const SCHEDULED_LEAVES = POLICY_LEAVES.filter(({ path }) =>
  SCHEDULED.some((n) => presets.scenarios[n].schedule!.some((e) => patchLeaves(e).some(([p]) => p.join('.') === path.join('.')))),
);
/** A preset and a change: any of either, or (a third of the time) a scheduled preset and a parameter its schedule changes. */
const presetAndChange = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...NAMES), change), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom(...SCHEDULED), changeOf(SCHEDULED_LEAVES)), weight: 1 },
);

const argOf = (c: Change) => `${c.path.join('.')}@${c.week}=${JSON.stringify(c.value)}`;

/** `weekly` with the parameter at `c.path` replaced by `c.value` from `c.week` on: the invariant. */
function replaced(weekly: readonly WeekParameters[], c: Change): WeekParameters[] {
  return weekly.map((w, t) => {
    if (t < c.week) return w;
    const [section, key] = c.path as [keyof WeekParameters, string];
    return { ...w, [section]: { ...(w[section] as object), [key]: c.value } };
  });
}

const problemsOf = (args: string[]): string[] => checkSetArguments(args).problems.map(formatProblem);

describe('--set PATH@WEEK=VALUE', () => {
  it('gives the weekly parameters without it before WEEK, and with PATH replaced by VALUE from WEEK on, for every preset', () => {
    // leaderboard-deprecated's schedule changes the board at week 26: a change timed before it still holds after it.
    expect(presets.scenarios['leaderboard-deprecated'].schedule).toEqual([{ week: 26, leaderboard: { visibility: 'none' } }]);
    expect(SCHEDULED_LEAVES.map((l) => l.path.join('.'))).toEqual(['leaderboard.visibility']);
    fc.assert(
      fc.property(presetAndChange, ([name, c]) => {
        const without = resolveScenario(presets, name).weekly;
        const timed = resolveScenario(presets, name, parseSetArguments([argOf(c)])).weekly;
        expect(timed).toEqual(replaced(without, c));
      }),
      { numRuns: 300, seed: 20260301 },
    );
  });

  it('applies several timed changes in order, each over the ones before it, after the untimed --set', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), change, change, (name, a, b) => {
        const base = resolveScenario(presets, name, parseSetArguments(['reviews.managerLeak=0.3'])).weekly;
        const timed = resolveScenario(presets, name, parseSetArguments([argOf(a), 'reviews.managerLeak=0.3', argOf(b)])).weekly;
        expect(timed).toEqual(replaced(replaced(base, a), b));
      }),
      { numRuns: 200, seed: 20260302 },
    );
  });

  it('holds over a later schedule entry of the same parameter, and a later --set of it wins from its week on', () => {
    const f = file({ s: { weeks: 20, leaderboard: { visibility: 'org' }, schedule: [{ week: 5, leaderboard: { visibility: 'team' } }, { week: 12, leaderboard: { visibility: 'self', topShare: 0.2 } }] } });
    const visibility = (args: string[]) => resolveScenario(f, 's', parseSetArguments(args)).weekly.map((w) => w.leaderboard.visibility).join(' ');
    const runs = (...xs: [string, number][]) => xs.flatMap(([v, n]) => Array(n).fill(v)).join(' ');
    expect(visibility([])).toBe(runs(['org', 5], ['team', 7], ['self', 8]));
    expect(visibility(['leaderboard.visibility@3=none'])).toBe(runs(['org', 3], ['none', 17]));
    expect(visibility(['leaderboard.visibility@5=none'])).toBe(runs(['org', 5], ['none', 15]));
    expect(visibility(['leaderboard.visibility@8=none', 'leaderboard.visibility@14=org'])).toBe(runs(['org', 5], ['team', 3], ['none', 6], ['org', 6]));
    // The later one on the command line wins from its own week on, even when the earlier one names a later week.
    expect(visibility(['leaderboard.visibility@14=org', 'leaderboard.visibility@8=none'])).toBe(runs(['org', 5], ['team', 3], ['none', 12]));
    // An untimed --set is a layer before the schedule, as before.
    expect(visibility(['leaderboard.visibility=none'])).toBe(runs(['none', 5], ['team', 7], ['self', 8]));
    // The entry's other parameter still changes at week 12.
    expect(resolveScenario(f, 's', parseSetArguments(['leaderboard.visibility@3=none'])).weekly[12].leaderboard.topShare).toBe(0.2);
  });

  it('takes an expression of t, evaluated in the weeks it is in force and located at the --set', () => {
    const f = file({ s: { weeks: 20 } });
    const s = resolveScenario(f, 's', parseSetArguments(['mandate.targetShare@10=t/20']));
    expect(s.weekly.map((w) => w.mandate.targetShare).slice(8, 12)).toEqual([0.8, 0.8, 0.5, 0.55]);
    const e = (() => {
      try {
        resolveScenario(f, 's', parseSetArguments(['mandate.targetShare@10=t/10']));
      } catch (err) {
        return err;
      }
    })() as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.problems.map(formatProblem)).toEqual(['--set mandate.targetShare@10=t/10: $.mandate.targetShare: expression "t/10" gives 1.1 in week 11; allowed: a number in [0, 1] or an expression of t']);
  });

  it('is recorded in the scenario record as schedule entries: at its week, and again after each later entry of the same parameter', () => {
    const s = resolveScenario(presets, 'leaderboard-deprecated', parseSetArguments(['leaderboard.visibility@10=org', 'reviews.managerLeak@26=0']));
    expect(scenarioRecord(s).schedule).toEqual([
      { week: 10, set: { 'leaderboard.visibility': 'org' } },
      { week: 26, set: { 'leaderboard.visibility': 'none' } },
      { week: 26, set: { 'leaderboard.visibility': 'org' } },
      { week: 26, set: { 'reviews.managerLeak': 0 } },
    ]);
    expect(s.parameters).toEqual(resolveScenario(presets, 'leaderboard-deprecated').parameters);
    // An untimed --set records no schedule entry, as before.
    expect(scenarioRecord(resolveScenario(presets, 'baseline', parseSetArguments(['reviews.managerLeak=0']))).schedule).toEqual([]);
  });

  it('reports every problem of bad forms at once', () => {
    expect(problemsOf(['a@=1', 'reviews.managerLeak@x=1', 'reviews.managerLeak@1.5=1', 'reviews.managerLeak@-1=1', 'reviews.managerLeak@521=0', 'reviews.managerLeak@3=11', 'mandate.x@3=1', 'reviews.managerLeak@2=0'])).toEqual([
      '--set a@=1: the week in PATH@WEEK=VALUE is ""; expected a whole number from 0 to 520 (weeks count from 0), e.g. --set reviews.managerLeak@26=0',
      '--set a@=1: $.a: unknown key "a"; allowed: weeks, population, traits, tokens, productivity, learning, decisions, mandate, leaderboard, managers, reviews, beliefs, audits, guardrails, economics',
      '--set reviews.managerLeak@x=1: the week in PATH@WEEK=VALUE is "x"; expected a whole number from 0 to 520 (weeks count from 0), e.g. --set reviews.managerLeak@26=0',
      '--set reviews.managerLeak@1.5=1: the week in PATH@WEEK=VALUE is "1.5"; expected a whole number from 0 to 520 (weeks count from 0), e.g. --set reviews.managerLeak@26=0',
      '--set reviews.managerLeak@-1=1: the week in PATH@WEEK=VALUE is "-1"; expected a whole number from 0 to 520 (weeks count from 0), e.g. --set reviews.managerLeak@26=0',
      '--set reviews.managerLeak@521=0: the week in PATH@WEEK=VALUE is "521"; expected a whole number from 0 to 520 (weeks count from 0), e.g. --set reviews.managerLeak@26=0',
      '--set reviews.managerLeak@3=11: $.reviews.managerLeak: 11 is not allowed; expected a number in [0, 10] or an expression of t',
      '--set mandate.x@3=1: $.mandate.x: unknown key "x"; allowed: type, targetShare, quotaTokensPerWeek, pressure, pressureAtTarget, escalation',
    ]);
    expect(checkSetArguments(['reviews.managerLeak@2=0']).overrides).toEqual([{ source: '--set reviews.managerLeak@2=0', patch: { reviews: { managerLeak: 0 } }, week: 2 }]);
  });

  it('refuses to time weeks and the initial sections, saying what may be timed', () => {
    const may = 'PATH@WEEK=VALUE may name a parameter of tokens, productivity, learning, decisions, mandate, leaderboard, managers, reviews, beliefs, audits, guardrails, economics';
    expect(problemsOf(['population.employees@3=100', 'traits.initialAdoption@0=0.9', 'weeks@2=10', 'traits@1={}'])).toEqual([
      `--set population.employees@3=100: population.employees is fixed for the whole run and cannot change from a week on; ${may}`,
      `--set traits.initialAdoption@0=0.9: traits.initialAdoption is fixed for the whole run and cannot change from a week on; ${may}`,
      `--set weeks@2=10: weeks is fixed for the whole run and cannot change from a week on; ${may}`,
      `--set traits@1={}: traits is fixed for the whole run and cannot change from a week on; ${may}`,
    ]);
    // A whole policy section may be timed.
    expect(checkSetArguments(['audits@4={"rate":0.1}']).problems).toEqual([]);
  });

  it('refuses a week at or past the end of the run, as a schedule entry', () => {
    const f = file({ s: { weeks: 20 } });
    expect(() => resolveScenario(f, 's', parseSetArguments(['reviews.managerLeak@20=0']))).toThrow(
      '--set reviews.managerLeak@20=0: week 20 is past the end of the run (weeks 0–19); the change would never apply',
    );
    expect(resolveScenario(f, 's', parseSetArguments(['reviews.managerLeak@19=1'])).weekly[19].reviews.managerLeak).toBe(1);
  });

  it('is the timed form only on --set: another flag standing for a --set reads PATH as it is', () => {
    const { problems } = checkSetArguments([{ arg: 'reviews.managerLeak@3=0', source: 'design' }]);
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^design: \$\.reviews\["managerLeak@3"\]: unknown key "managerLeak@3" \(did you mean "managerLeak"\?\)/)]);
  });
});
