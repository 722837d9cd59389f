/**
 * `--set PATH@WEEK=VALUE`: a policy parameter set from week WEEK on (weeks count from 0), whatever
 * the scenario's own schedule says. Here the PATH@WEEK part is parsed and checked (WEEK a whole
 * number 0–520, PATH a policy parameter or section), and the change is placed in a scenario's
 * schedule: one entry at WEEK after the entries of that week, and the same entry again right after
 * each later entry that sets any of the same parameters, so that it holds. Before WEEK the scenario
 * runs as it would without it.
 */
import { messages } from '../messages.js';
import { patchLeaves, pathText, type PolicyPatch, type SettablePath } from './paths.js';
import type { Problem } from './problems.js';
import { POLICY_SECTIONS } from './schema.js';

/** The last week a change may name: the most weeks a run may have (the schema's bound), as for a schedule entry. */
export const MAX_CHANGE_WEEK = 520;

/** Is `text`, the PATH part of a `--set`, of the form PATH@WEEK? */
export function isTimed(text: string): boolean {
  return text.includes('@');
}

/**
 * Splits `PATH@WEEK` at its first `@`: the path text, and the week if it is a whole number from 0
 * to 520 (else the problem, located at the argument).
 */
export function splitTimedPath(text: string, source: string): { path: string; week?: number; problems: Problem[] } {
  const at = text.indexOf('@');
  const path = text.slice(0, at);
  const weekText = text.slice(at + 1);
  if (/^[0-9]+$/.test(weekText) && Number(weekText) <= MAX_CHANGE_WEEK) return { path, week: Number(weekText), problems: [] };
  return { path, problems: [{ source, path: [], message: messages.setWeek(weekText, MAX_CHANGE_WEEK) }] };
}

/** The problem of timing a parameter that is not a policy parameter (`weeks`, `population.*`, `traits.*`), if it is one. */
export function timedPathProblem(path: SettablePath, source: string): Problem | undefined {
  if ((POLICY_SECTIONS as readonly string[]).includes(path[0])) return undefined;
  return { source, path: [], message: messages.setTimedFixed(pathText(path), POLICY_SECTIONS) };
}

/**
 * `schedule` (sorted by week, entries of a week in the order written) with each change of `timed`
 * placed in it, in the order given: at its week after every entry of that week or before, and again
 * right after each later entry that sets any parameter it sets. Each change so holds from its week
 * on over the schedule and over the changes before it; the result stays sorted by week.
 */
export function withTimedChanges<E extends { week: number; patch: PolicyPatch }>(schedule: readonly E[], timed: readonly E[]): E[] {
  let out = [...schedule];
  for (const change of timed) {
    const names = new Set(patchLeaves(change.patch).map(([p]) => pathText(p)));
    const next: E[] = [];
    let placed = false;
    for (const entry of out) {
      if (!placed && entry.week > change.week) {
        next.push(change);
        placed = true;
      }
      next.push(entry);
      if (entry.week > change.week && patchLeaves(entry.patch).some(([p]) => names.has(pathText(p)))) next.push({ ...change, week: entry.week });
    }
    if (!placed) next.push(change);
    out = next;
  }
  return out;
}
