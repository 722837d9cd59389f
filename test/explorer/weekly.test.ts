/**
 * The explorer's weekly parameters: a scenario's resolved weeks packed for the report, and the
 * explorer's change applied to them, checked against the scenario resolver (src/scenarios/resolve.ts).
 */
import { describe, expect, it } from 'vitest';
import { exploredWeeks, leafAt, packWeeks, type PackedWeeks } from '../../src/explorer/weekly.js';
import { loadScenarioFile } from '../../src/scenarios/load.js';
import { parseSetArguments, resolveScenario } from '../../src/scenarios/resolve.js';
import type { WeekParameters } from '../../src/scenarios/schema.js';
import { scenario } from '../helpers.js';

const presets = loadScenarioFile(new URL('../../scenarios.json', import.meta.url).pathname);
const NAMES = Object.keys(presets.scenarios).sort();

/** A preset's weekly parameters as `tokenmaxx run NAME --set …` resolves them. */
const resolved = (name: string, sets: string[] = []): WeekParameters[] => resolveScenario(presets, name, parseSetArguments(sets)).weekly;
/** As `--employees N --weeks W` resolve them (each a `--set`, employees first). */
const resolvedAt = (name: string, employees: number, weeks: number) => resolved(name, [`population.employees=${employees}`, `weeks=${weeks}`]);

/** Every leaf of a week as `[dotted path, value]`, sections in order (`weeks` left out). */
function leaves(w: WeekParameters): [string, number | string][] {
  return Object.entries(w).flatMap(([section, v]) => (typeof v === 'object' ? Object.entries(v as Record<string, number | string>).map(([leaf, x]): [string, number | string] => [`${section}.${leaf}`, x]) : []));
}

const valueAt = (w: WeekParameters, path: string) => leaves(w).find(([p]) => p === path)?.[1];

const noChange = (weekly: WeekParameters[]) => ({ weeks: weekly.length, employees: weekly[0].population.employees, fromWeek: 0, set: [] });

describe('packWeeks and exploredWeeks', () => {
  it.each(NAMES)('%s: unpacking with no change, at its own weeks and employees, gives back its resolved weeks exactly', (name) => {
    const weekly = resolved(name);
    expect(exploredWeeks(packWeeks(weekly), noChange(weekly))).toEqual(weekly);
  });

  it.each(NAMES)('%s: so do the weeks resolved with --employees and --weeks as the command line sets them', (name) => {
    const weekly = resolvedAt(name, 1300, 70);
    expect(exploredWeeks(packWeeks(weekly), noChange(weekly))).toEqual(weekly);
  });

  it.each(NAMES)('%s: fewer weeks and other employees equal resolving again with --weeks W --employees N (the first W weeks)', (name) => {
    const packed = packWeeks(resolved(name));
    for (const weeks of [27, 30]) expect(exploredWeeks(packed, { weeks, employees: 2500, fromWeek: 0, set: [] }), `${weeks} weeks`).toEqual(resolvedAt(name, 2500, weeks));
  });

  it('a change from week 0 on a leaf no schedule touches equals the same --set without a week', () => {
    const packed = packWeeks(resolved('amazon-2026'));
    const e = { weeks: 52, employees: 5000, fromWeek: 0, set: [['reviews.managerLeak', 0.15], ['leaderboard.metric', 'output']] as [string, number | string][] };
    expect(exploredWeeks(packed, e)).toEqual(resolved('amazon-2026', ['population.employees=5000', 'weeks=52', 'reviews.managerLeak=0.15', 'leaderboard.metric=output']));
  });

  it('a change leaves the weeks before fromWeek untouched and holds its value from fromWeek on, over the schedule entry at week 26', () => {
    const weekly = resolved('leaderboard-deprecated');
    expect(valueAt(weekly[25], 'leaderboard.visibility')).toBe('org');
    expect(valueAt(weekly[26], 'leaderboard.visibility')).toBe('none');
    const set: [string, number | string][] = [['leaderboard.visibility', 'team'], ['reviews.managerLeak', 0.1]];
    const packed = packWeeks(weekly);
    const before = JSON.stringify(packed);
    const explored = exploredWeeks(packed, { weeks: 52, employees: weekly[0].population.employees, fromWeek: 10, set });
    expect(explored).toHaveLength(52);
    expect(explored.slice(0, 10)).toEqual(weekly.slice(0, 10));
    for (let w = 10; w < 52; w++) {
      const expected = structuredClone(weekly[w]);
      expected.leaderboard.visibility = 'team';
      expected.reviews.managerLeak = 0.1;
      expect(explored[w], `week ${w}`).toEqual(expected);
    }
    // The pack is not changed by exploring it.
    expect(JSON.stringify(packed)).toBe(before);
  });

  it('a change from after the schedule entry leaves the entry in force until then', () => {
    const weekly = resolved('leaderboard-deprecated');
    const explored = exploredWeeks(packWeeks(weekly), { weeks: 52, employees: 3000, fromWeek: 40, set: [['leaderboard.visibility', 'org']] });
    expect(explored.map((w) => w.leaderboard.visibility)).toEqual([...Array(26).fill('org'), ...Array(14).fill('none'), ...Array(12).fill('org')]);
  });
});

describe('leafAt', () => {
  it.each(NAMES)('%s: gives the value of every leaf in force in every week', (name) => {
    const weekly = resolved(name);
    const packed = packWeeks(weekly);
    weekly.forEach((week, w) => {
      for (const [path, value] of leaves(week)) expect(leafAt(packed, path, w), `${path} at week ${w}`).toBe(value);
    });
  });

  it('reads a scheduled change from its week on, and the value before it until then', () => {
    const packed = packWeeks(resolved('leaderboard-deprecated'));
    expect([0, 25, 26, 51].map((w) => leafAt(packed, 'leaderboard.visibility', w))).toEqual(['org', 'org', 'none', 'none']);
  });
});

describe('the pack is small', () => {
  /** Every leaf that differs from the week before, as packWeeks should list it. */
  const differences = (weekly: WeekParameters[]) =>
    weekly.slice(1).flatMap((week, i) => leaves(week).flatMap(([path, v]): [number, string, number | string][] => (Object.is(v, valueAt(weekly[i], path)) ? [] : [[i + 1, path, v]])));

  it.each(NAMES)('%s: lists a change only where a leaf changes, in week order', (name) => {
    const weekly = resolved(name);
    const packed: PackedWeeks = packWeeks(weekly);
    expect(packed.first).toEqual(weekly[0]);
    expect(packed.changes).toEqual(differences(weekly));
    expect(packed.changes.map(([w]) => w)).toEqual(packed.changes.map(([w]) => w).sort((a, b) => a - b));
  });

  it('a scenario without schedules or expressions packs to its first week alone; leaderboard-deprecated adds one change', () => {
    expect(packWeeks(resolved('amazon-2026')).changes).toEqual([]);
    expect(packWeeks(resolved('leaderboard-deprecated')).changes).toEqual([[26, 'leaderboard.visibility', 'none']]);
  });

  it('an expression of the week packs to the weeks where its value changes, and unpacks to the same weeks', () => {
    const s = scenario({ weeks: 20, mandate: { type: 'weekly-use', pressure: '0.1 * min(t, 5)' } });
    const packed = packWeeks(s.weekly);
    expect(packed.changes.map(([w, path]) => [w, path])).toEqual([1, 2, 3, 4, 5].map((w) => [w, 'mandate.pressure']));
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(s.weekly[0]).length + 200);
    expect(exploredWeeks(packed, noChange(s.weekly))).toEqual(s.weekly);
  });
});
