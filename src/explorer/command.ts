/**
 * The explorer's state: what the page shows, the command line that reproduces it, and the URL
 * fragment that reopens it. No Node module here: the page uses it, and tests check it in Node.
 */
import { quoteArg, splitCommand } from '../shell.js';
import { POLICY_CONTROLS, RUN_LIMITS, type PolicyControl } from './controls.js';
import type { LeafValue } from './weekly.js';

/** Everything the explorer runs: a base scenario, the run's size, and the changed policies. */
export interface ExplorerState {
  scenario: string;
  employees: number;
  replicates: number;
  weeks: number;
  /** The week the change takes effect. */
  fromWeek: number;
  /** Changed policy leaves, in control order. */
  set: [string, LeafValue][];
}

/** What the page knows of the report's run, to build commands and check a fragment. */
export interface ExplorerContext {
  scenarios: readonly string[];
  /** The run seed. */
  seed: string | number;
  /** Weeks the report's scenarios were resolved for: the most the explorer can run. */
  maxWeeks: number;
  /**
   * The fewest weeks the command line takes for these scenarios: one more than their latest scheduled
   * week (a change past the end of a run is refused). Absent: 1.
   */
  minWeeks?: number;
  /** The arguments of the report's own command that shape its scenarios: `--scenarios FILE` and its `--set`s. */
  baseArgs: readonly string[];
}

/**
 * The arguments of the report's command that shape its scenarios (`--scenarios`/`-s` and `--set`,
 * in order), from the command line its manifest records, read as the command line's parser reads
 * them: `--set` takes every value up to the next flag (`--set a=1 b=2` sets both), and `-s` may end a
 * group of short flags (`-qs FILE`). Each `--set` value is given back as a `--set` of its own.
 */
export function scenarioArgs(command: string): string[] {
  const args = splitCommand(command);
  const kept: string[] = [];
  const isFlag = (a: string) => a.startsWith('-') && a.length > 1 && !/^-\d/.test(a);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--set' || a.startsWith('--set=')) {
      if (a !== '--set') kept.push('--set', a.slice('--set='.length));
      while (i + 1 < args.length && !isFlag(args[i + 1])) kept.push('--set', args[++i]);
    } else if (a.startsWith('--scenarios=') || a.startsWith('-s=')) {
      kept.push('--scenarios', a.slice(a.indexOf('=') + 1));
    } else if ((a === '--scenarios' || /^-[A-Za-z]*s$/.test(a)) && i + 1 < args.length) {
      kept.push('--scenarios', args[++i]);
    }
  }
  return kept;
}

/** A value as `--set` writes it: a number in JavaScript's shortest form, a choice as it is. */
const valueText = (v: LeafValue) => (typeof v === 'number' ? String(v) : v);

/** The `tokenmaxx run` arguments that give the explored figures (without the change: the base's). */
export function exploredArgs(ctx: ExplorerContext, s: ExplorerState, withChange = true): string[] {
  const args = ['run', s.scenario, ...ctx.baseArgs, '--employees', String(s.employees), '--weeks', String(s.weeks), '--reps', String(s.replicates), '--seed', String(ctx.seed)];
  if (withChange) for (const [path, value] of s.set) args.push('--set', `${path}@${s.fromWeek}=${valueText(value)}`);
  return args;
}

/** The command line, quoted for a POSIX shell. */
export function commandLine(args: readonly string[]): string {
  return ['tokenmaxx', ...args].map(quoteArg).join(' ');
}

/** The state as a URL fragment (without `#`). */
export function stateFragment(s: ExplorerState): string {
  const q = new URLSearchParams();
  q.set('scenario', s.scenario);
  q.set('employees', String(s.employees));
  q.set('reps', String(s.replicates));
  q.set('weeks', String(s.weeks));
  q.set('from', String(s.fromWeek));
  for (const [path, value] of s.set) q.set(path, valueText(value));
  return q.toString();
}

/** A control's value read from text, or undefined if the control cannot take it. */
export function controlValue(c: PolicyControl, text: string): LeafValue | undefined {
  if (c.kind === 'choice') return c.options.includes(text) ? text : undefined;
  if (!/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text.trim())) return undefined;
  const v = Number(text);
  // On the control's grid, as its slider can show it (a slider would snap any other value).
  const steps = (v - c.min) / c.step;
  return Number.isFinite(v) && v >= c.min && v <= c.max && Math.abs(steps - Math.round(steps)) < 1e-9 ? v : undefined;
}

/**
 * The weeks the explorer offers when its scenarios were resolved for `maxWeeks` and schedule changes
 * up to week `minWeeks − 1`: the run sizes that fit, else `maxWeeks` alone.
 */
export function weekChoices(maxWeeks: number, minWeeks = 1): number[] {
  const fit = RUN_LIMITS.weeks.filter((w) => w <= maxWeeks && w >= minWeeks);
  return fit.length > 0 ? fit : [maxWeeks];
}

const integerIn = (text: string | null, min: number, max: number): number | undefined => {
  if (text === null || !/^\d+$/.test(text)) return undefined;
  const v = Number(text);
  return v >= min && v <= max ? v : undefined;
};

/**
 * The state a fragment asks for, starting from `fallback`: every part it gives that the explorer
 * can take, and the names of the parts it cannot (unknown, or out of range), which the page reports.
 */
export function parseFragment(fragment: string, ctx: ExplorerContext, fallback: ExplorerState): { state: ExplorerState; ignored: string[] } {
  const q = new URLSearchParams(fragment.replace(/^#/, ''));
  const ignored: string[] = [];
  const state: ExplorerState = { ...fallback, set: [] };
  const take = <T>(key: string, value: T | undefined, apply: (v: T) => void) => {
    if (!q.has(key)) return;
    if (value === undefined) ignored.push(key);
    else apply(value);
  };
  const scenario = q.get('scenario');
  take('scenario', scenario !== null && ctx.scenarios.includes(scenario) ? scenario : undefined, (v) => (state.scenario = v));
  const { employees, replicates } = RUN_LIMITS;
  const emp = integerIn(q.get('employees'), employees.min, employees.max);
  take('employees', emp !== undefined && emp % employees.step === 0 ? emp : undefined, (v) => (state.employees = v));
  take('reps', integerIn(q.get('reps'), replicates.min, replicates.max), (v) => (state.replicates = v));
  const w = integerIn(q.get('weeks'), 1, ctx.maxWeeks);
  take('weeks', w !== undefined && weekChoices(ctx.maxWeeks, ctx.minWeeks).includes(w) ? w : undefined, (v) => (state.weeks = v));
  take('from', integerIn(q.get('from'), 0, state.weeks - 1), (v) => (state.fromWeek = v));
  // The fallback's week of change may lie beyond the fewer weeks the fragment asks for.
  state.fromWeek = Math.min(state.fromWeek, state.weeks - 1);
  for (const c of POLICY_CONTROLS) {
    const text = q.get(c.path);
    take(c.path, text === null ? undefined : controlValue(c, text), (v) => state.set.push([c.path, v]));
  }
  const known = new Set(['scenario', 'employees', 'reps', 'weeks', 'from', ...POLICY_CONTROLS.map((c) => c.path)]);
  for (const key of q.keys()) if (!known.has(key)) ignored.push(key);
  return { state, ignored };
}
