/**
 * Checking a request in one pass: the `--set` arguments, the scenario file (JSON, schema, names,
 * `extends`, expressions), the scenario names asked for, and every week of every scenario that
 * passed those checks, resolved with the valid overrides. Every problem is found before any is
 * reported, so one run of `tokenmaxx validate` lists them all.
 */
import { messages } from '../messages.js';
import { checkScenarioFile, locateInFile, type CheckedFile } from './load.js';
import { InputError, sortProblems, type Problem } from './problems.js';
import { checkSetArguments, resolveScenario, type Override, type ResolvedScenario, type SetArgument } from './resolve.js';
import { suggest } from './validate.js';

/** What to check: a scenario file, the names asked for (none = every scenario) and `--set` arguments. */
export interface ScenarioRequest {
  scenariosFile: string;
  names?: readonly string[];
  sets?: readonly SetArgument[];
}

/**
 * Every problem of a request, sorted by source and position, each once; and the scenarios resolved
 * (all of them when there are no problems). Never throws for bad input.
 */
export function checkRequest(req: ScenarioRequest): { problems: Problem[]; scenarios: ResolvedScenario[] } {
  return resolveChecked(checkScenarioFile(req.scenariosFile), checkSetArguments(req.sets ?? []), req.names);
}

/**
 * Resolves the scenarios `names` asks for (none = every scenario) of a checked file with the valid
 * overrides: the scenarios, and every problem of the `--set` arguments, the file, the names and the
 * weeks, sorted by source and position, each once. Never throws for bad input.
 */
export function resolveChecked(checked: CheckedFile, sets: { overrides: readonly Override[]; problems: readonly Problem[] }, names?: readonly string[]): { problems: Problem[]; scenarios: ResolvedScenario[] } {
  const problems: Problem[] = [...sets.problems, ...checked.problems];
  const file = checked.file;
  const known = [...checked.names].sort();
  const wanted = names && names.length > 0 ? [...new Set(names)] : known;
  const scenarios: ResolvedScenario[] = [];
  for (const name of wanted) {
    // A name in the file that failed its checks has its problems reported already.
    if (!Object.hasOwn(file.scenarios, name)) {
      if (!checked.names.includes(name) && checked.names.length > 0) problems.push({ source: file.source, path: [], message: messages.unknownScenario(name, known, suggest(name, known)) });
      continue;
    }
    try {
      scenarios.push(resolveScenario(file, name, sets.overrides));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...locateInFile(file, e.problems));
    }
  }
  return { problems: sortProblems(problems), scenarios };
}

/** Checks a scenario file as `tokenmaxx validate` does: every scenario, every week. Returns every problem. */
export function validateScenarioFile(path: string): Problem[] {
  return checkRequest({ scenariosFile: path }).problems;
}
