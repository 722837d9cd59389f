/**
 * The scenarios the stylized facts are checked on: shipped presets, and variants of them (a preset
 * plus a patch, written as a scenario that extends it), each resolved at the population of the scale
 * being checked. Everything else comes from scenarios.json as shipped.
 */
import { presetsPath } from '../paths.js';
import { loadScenarioFile, type LoadedFile } from '../scenarios/load.js';
import { resolveScenario, type ResolvedScenario } from '../scenarios/resolve.js';
import type { ScenarioInput } from '../scenarios/schema.js';

/** A scenario a fact needs: a shipped preset, or a variant of one. */
export interface ScenarioNeed {
  /** The preset's name in scenarios.json. */
  preset: string;
  /** What the variant changes, as a scenario extending the preset writes it (a schedule replaces the preset's). */
  patch?: ScenarioInput;
}

/** A shipped preset as it is. */
export const shipped = (preset: string): ScenarioNeed => ({ preset });

/** A variant of a shipped preset. */
export const variant = (preset: string, patch: ScenarioInput): ScenarioNeed => ({ preset, patch });

/** Are two needs the same scenario? (Two facts may share a scenario name only if they mean the same one.) */
export function sameNeed(a: ScenarioNeed, b: ScenarioNeed): boolean {
  return a.preset === b.preset && JSON.stringify(a.patch ?? null) === JSON.stringify(b.patch ?? null);
}

let loaded: LoadedFile | undefined;

/** The shipped presets, read once. */
export function shippedPresets(): LoadedFile {
  return (loaded ??= loadScenarioFile(presetsPath()));
}

/**
 * A needed scenario resolved at `employees`. A preset is resolved with the population as an
 * override; a variant as a scenario `extends`-ing the preset with the patch and the population.
 */
export function resolveNeed(need: ScenarioNeed, employees: number, presets: LoadedFile = shippedPresets()): ResolvedScenario {
  const population = { population: { employees } };
  if (need.patch === undefined) return resolveScenario(presets, need.preset, [{ source: 'validation', patch: population }]);
  const name = `${need.preset} (validation variant)`;
  const file: LoadedFile = { source: presets.source, scenarios: { ...presets.scenarios, [name]: { ...need.patch, ...population, extends: need.preset } } };
  return resolveScenario(file, name);
}
