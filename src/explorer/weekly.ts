/**
 * A scenario's resolved week-by-week parameters as the report carries them, and the explorer's
 * change applied to them.
 *
 * The report does not carry the scenario loader or mathjs: it carries each scenario's weekly
 * parameters, every expression evaluated and every schedule applied (src/scenarios/resolve.ts),
 * packed as week 0 in full and then only the leaves that change, week by week. The explorer's change
 * is what `--set PATH@WEEK=VALUE` does on the command line: from week WEEK on, each changed leaf holds
 * its new value whatever the schedule says; before it, the scenario is untouched. Shared by the
 * report's build (Node) and the page (browser): no Node module here.
 */
import type { WeekParameters } from '../scenarios/schema.js';

/** A leaf's dotted path (`reviews.managerLeak`) and its value in a week. */
export type LeafValue = number | string;

/** Weekly parameters packed: week 0 in full, then `[week, path, value]` for each leaf that changes. */
export interface PackedWeeks {
  first: WeekParameters;
  changes: [number, string, LeafValue][];
}

/** The parameter sections of a week (`weeks` is the one top-level leaf). */
type Sections = Record<string, Record<string, LeafValue>>;

const sectionsOf = (w: WeekParameters): Sections => w as unknown as Sections;

/** Packs `weekly` (every week has the same leaves). */
export function packWeeks(weekly: readonly WeekParameters[]): PackedWeeks {
  const changes: [number, string, LeafValue][] = [];
  for (let w = 1; w < weekly.length; w++) {
    const before = sectionsOf(weekly[w - 1]);
    const now = sectionsOf(weekly[w]);
    for (const section of Object.keys(now)) {
      if (typeof now[section] !== 'object') continue;
      for (const leaf of Object.keys(now[section])) {
        if (!Object.is(now[section][leaf], before[section][leaf])) changes.push([w, `${section}.${leaf}`, now[section][leaf]]);
      }
    }
  }
  return { first: weekly[0], changes };
}

/** What the explorer runs instead of a scenario as written. */
export interface Exploration {
  /** Weeks simulated: the first `weeks` of the scenario's. */
  weeks: number;
  /** Employees (`--employees`). */
  employees: number;
  /** The week the change takes effect (from 0). */
  fromWeek: number;
  /** The changed policy leaves and their values, by dotted path, in the order they are set. */
  set: readonly [string, LeafValue][];
}

/**
 * The weekly parameters of `packed` as `tokenmaxx run … --weeks W --employees N --set PATH@WEEK=VALUE…`
 * resolves them: the first `weeks` weeks, each with `weeks` and the employees set, and from
 * `fromWeek` on each changed leaf at its value.
 */
export function exploredWeeks(packed: PackedWeeks, e: Exploration): WeekParameters[] {
  const current = structuredClone(sectionsOf(packed.first));
  const weekly: WeekParameters[] = [];
  let next = 0;
  for (let w = 0; w < e.weeks; w++) {
    while (next < packed.changes.length && packed.changes[next][0] <= w) {
      const [, path, value] = packed.changes[next++];
      const [section, leaf] = path.split('.');
      current[section][leaf] = value;
    }
    const week = structuredClone(current);
    (week as Record<string, unknown>).weeks = e.weeks;
    week.population.employees = e.employees;
    if (w >= e.fromWeek) {
      for (const [path, value] of e.set) {
        const [section, leaf] = path.split('.');
        week[section][leaf] = value;
      }
    }
    weekly.push(week as unknown as WeekParameters);
  }
  return weekly;
}

/** A leaf's value in week `week` of `packed`. */
export function leafAt(packed: PackedWeeks, path: string, week: number): LeafValue {
  const [section, leaf] = path.split('.');
  let value = sectionsOf(packed.first)[section][leaf];
  for (const [w, p, v] of packed.changes) {
    if (w > week) break;
    if (p === path) value = v;
  }
  return value;
}

/**
 * Does `path` hold `value` in every week from `fromWeek` to `weeks − 1` of `packed`? Then setting it
 * from `fromWeek` on changes nothing; otherwise it does, even if the value is the one in force at
 * `fromWeek` (a later scheduled change would be overridden).
 */
export function holdsFrom(packed: PackedWeeks, path: string, value: LeafValue, fromWeek: number, weeks: number): boolean {
  if (leafAt(packed, path, fromWeek) !== value) return false;
  return !packed.changes.some(([w, p, v]) => p === path && w > fromWeek && w < weeks && v !== value);
}
