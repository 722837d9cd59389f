/**
 * What the report carries for its explorer: each scenario of the run with its resolved week-by-week
 * parameters (packed), the run seed, and the arguments of the run's command that shape its scenarios.
 * Built in Node when the report is built: each scenario is resolved again from the manifest's record
 * of it (its parameters as written and its schedule), so the explorer starts from what ran.
 */
import { parseScenarioText } from '../scenarios/load.js';
import { formatProblem, InputError } from '../scenarios/problems.js';
import { resolveScenario } from '../scenarios/resolve.js';
import type { RunData } from '../plots/data.js';
import { scenarioArgs, weekChoices, type ExplorerState } from './command.js';
import { packWeeks, type PackedWeeks } from './weekly.js';

/** A scenario as the explorer carries it. */
export interface ExplorerScenario {
  name: string;
  description: string;
  packed: PackedWeeks;
}

/** The explorer's data, embedded in report.html as JSON. */
export interface ExplorerData {
  scenarios: ExplorerScenario[];
  seed: string | number;
  /** Weeks the scenarios were resolved for. */
  maxWeeks: number;
  /** One more than the latest week any scenario schedules a change: the fewest weeks its command may run. */
  minWeeks: number;
  /** `--scenarios FILE` and the `--set`s of the report's command. */
  baseArgs: string[];
  /** What the explorer opens with when the URL does not say. */
  initial: ExplorerState;
}

/** Turns `{ "a.b": v }` into `{ a: { b: v } }`. */
function nested(set: Record<string, number | string>): Record<string, Record<string, number | string>> {
  const out: Record<string, Record<string, number | string>> = {};
  for (const [path, value] of Object.entries(set)) {
    const [section, leaf] = path.split('.');
    (out[section] ??= {})[leaf] = value;
  }
  return out;
}

/**
 * The scenario the explorer opens with: of those that are not the reference, the one that wastes
 * the most (the report's "most theatre"), where a change of policy has the most to show; else the first.
 */
function initialScenario(run: RunData, reference: string): string {
  const waste = (name: string) => run.summary[name].wasteShare.weeklyMean.mean;
  const others = run.scenarios.filter((s) => s !== reference);
  return others.reduce<string | undefined>((best, s) => (best === undefined || waste(s) > waste(best) ? s : best), undefined) ?? run.scenarios[0];
}

/**
 * The explorer's data for a run read by `loadRun`, or why the report cannot carry one: a run folder
 * from elsewhere may hold scenarios that no longer resolve (a name or an expression this version
 * refuses); the rest of the report does not need them. `reference` is the scenario the report
 * compares with.
 */
export function explorerData(run: RunData, reference: string): { data: ExplorerData } | { unavailable: string } {
  const m = run.manifest;
  const scenarios: ExplorerScenario[] = [];
  for (const s of m.scenarios) {
    const { weeks, ...sections } = s.parameters as Record<string, unknown>;
    const text = JSON.stringify({ scenarios: { [s.name]: { ...sections, weeks, schedule: s.schedule.map((c) => ({ week: c.week, ...nested(c.set) })) } } });
    try {
      const resolved = resolveScenario(parseScenarioText(text, 'manifest.json'), s.name);
      scenarios.push({ name: s.name, description: s.description, packed: packWeeks(resolved.weekly) });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { unavailable: `scenario ${JSON.stringify(s.name)} of manifest.json cannot be resolved again by this version: ${e.problems[0] ? formatProblem(e.problems[0]) : e.message}` };
    }
  }
  const maxWeeks = Math.min(...scenarios.map((s) => s.packed.first.weeks));
  const minWeeks = 1 + Math.max(-1, ...m.scenarios.flatMap((s) => s.schedule.map((c) => c.week)));
  const initial: ExplorerState = {
    scenario: initialScenario(run, reference),
    employees: 5000,
    replicates: 5,
    weeks: weekChoices(maxWeeks, minWeeks)[0],
    fromWeek: 0,
    set: [],
  };
  return { data: { scenarios, seed: m.seed, maxWeeks, minWeeks, baseArgs: scenarioArgs(m.command), initial } };
}
