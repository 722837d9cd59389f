/**
 * A run's posterior draws (`tokenmaxx run --posterior FILE --draws K`): K particles of a calibrated
 * posterior (src/calibrate/posterior.ts), drawn by weight with the run's seed, each applied to every
 * scenario of the run as a `--set` of every calibrated parameter.
 *
 *   FILE → read and checked (every problem located) → K particles by systematic resampling, keyed
 *   by the run seed → per draw, a `--set` of each calibrated value (checked against the scenario
 *   schema) → replicate k of every scenario runs draw ⌊k / R⌋ on seed k
 *
 * The layers of a scenario under a draw: defaults ← `extends` ← the scenario ← the draw ← `--set`,
 * so a `--set` of a calibrated parameter still pins it. Every scenario shares draw d and the seeds of
 * its replicates, so comparisons between scenarios stay paired; the draws have seeds of their own,
 * so that chance within a draw is independent of chance within another (src/stats/randomEffects.ts).
 */
import { drawParticles, checkPosteriorText, type Posterior } from '../calibrate/posterior.js';
import { messages } from '../messages.js';
import { MAX_REPLICATES } from '../report/runFiles.js';
import { decodeUtf8, parseJsonText } from '../scenarios/json.js';
import { locateInFile, readInputBytes, type LoadedFile } from '../scenarios/load.js';
import { PARAMETER_LEAVES, parseSettablePath, pathText } from '../scenarios/paths.js';
import { InputError, sortProblems, type Problem } from '../scenarios/problems.js';
import { checkSetArguments, resolveScenario, type Override, type ResolvedScenario } from '../scenarios/resolve.js';
import type { WeekParameters } from '../scenarios/schema.js';
import { sha256 } from './outputs.js';

/** Draws asked for: the posterior file and how many draws K. */
export interface PosteriorRequest {
  /** Path of a posterior file (`tokenmaxx calibrate`'s posterior.json). */
  file: string;
  /** Draws K, each run R times (R = the run's replicates per draw). */
  draws: number;
}

/** The draws of a run, ready to apply. */
export interface PosteriorDraws {
  /** The posterior file, as named. */
  file: string;
  /** SHA-256 of its bytes. */
  sha256: string;
  /** Draws K. */
  draws: number;
  /** Replicates per draw R. */
  replicatesPerDraw: number;
  /** Each draw's value of every calibrated parameter (dotted path → value), in draw order. */
  values: Record<string, number>[];
  /** Each draw's particle, as its index in the file (draws of the same particle share parameters). */
  particles: number[];
  /** Each draw's overrides: a `--set` of every calibrated parameter. */
  overrides: Override[][];
}

/** What manifest.json records of the draws, so that the run can be made again. */
export interface PosteriorRecord {
  file: string;
  sha256: string;
  draws: number;
  replicatesPerDraw: number;
  values: Record<string, number>[];
}

/**
 * The draws of a posterior file for a run of `seed` with `replicatesPerDraw` replicates per draw, or
 * every problem of the file and of the draws (located in the file). Never throws for bad input.
 */
export function checkPosteriorDraws(request: PosteriorRequest, seed: string | number, replicatesPerDraw: number): { draws?: PosteriorDraws; problems: Problem[] } {
  const { file } = request;
  const read = readInputBytes(file);
  if ('problem' in read) return { problems: [read.problem] };
  const decoded = decodeUtf8(read.bytes, file);
  if ('problem' in decoded) return { problems: [decoded.problem] };
  const checked = checkPosteriorText(decoded.text, file);
  if (!checked.posterior) return { problems: checked.problems };
  const posterior = checked.posterior;
  const drawn = drawParticles(posterior, request.draws, seed);
  const particles = drawn.map((q) => posterior.particles.indexOf(q));
  const problems = settingProblems(posterior, particles, file);
  const located = sortProblems(locateInFile({ source: file, scenarios: {}, text: decoded.text, offsets: parseJsonText(decoded.text, file).offsets }, problems));
  if (located.length > 0) return { problems: located };
  const paths = posterior.prior.map((p) => p.path);
  const values = drawn.map((q) => Object.fromEntries(paths.map((path) => [path, q.values[path]])));
  const overrides = values.map((v, d) => drawOverrides(v, messages.posteriorDrawSource(file, d)).overrides);
  return { draws: { file, sha256: sha256(read.bytes), draws: request.draws, replicatesPerDraw, values, particles, overrides }, problems: [] };
}

/** Problems of `--draws` with `--reps`: the replicates per scenario a report can read. */
export function drawCountProblems(draws: number, replicatesPerDraw: number, source = '--draws'): Problem[] {
  return draws * replicatesPerDraw > MAX_REPLICATES ? [{ source, path: [], message: messages.posteriorTooManyRuns(draws, replicatesPerDraw, MAX_REPLICATES) }] : [];
}

/** A `--set` of every value of a draw. */
function drawOverrides(values: Record<string, number>, source: string): { overrides: Override[]; problems: Problem[] } {
  return checkSetArguments(Object.entries(values).map(([path, v]) => ({ arg: `${path}=${JSON.stringify(v)}`, source })));
}

/**
 * Problems of the posterior as settings: a calibrated path that is not a parameter a scenario can
 * set (or is `weeks`), located at its prior entry once; a drawn value the scenario schema refuses,
 * at the particle's value.
 */
function settingProblems(posterior: Posterior, particles: readonly number[], file: string): Problem[] {
  const problems: Problem[] = [];
  const good: string[] = [];
  posterior.prior.forEach(({ path }, j) => {
    const at = ['prior', j, 'path'];
    const parsed = parseSettablePath(path, file);
    if ('problem' in parsed) return void problems.push({ ...parsed.problem, path: at });
    if (!PARAMETER_LEAVES.some((l) => pathText(l.path) === path)) return void problems.push({ source: file, path: at, message: messages.designNotParameter(path) });
    if (path === 'weeks') return void problems.push({ source: file, path: at, message: messages.posteriorSetsWeeks() });
    good.push(path);
  });
  for (const i of new Set(particles)) {
    for (const path of good) {
      const { problems: found } = drawOverrides({ [path]: posterior.particles[i].values[path] }, file);
      problems.push(...found.map((p) => ({ source: file, path: ['particles', i, 'values', path], message: p.message })));
    }
  }
  return problems;
}

/**
 * Every problem of the scenarios under the draws: each scenario resolved under each particle drawn
 * (an expression may fail, or leave its bounds, with a calibrated value), located in the scenario file.
 */
export function drawnScenarioProblems(file: LoadedFile, scenarios: readonly ResolvedScenario[], sets: readonly Override[], draws: PosteriorDraws): Problem[] {
  const problems: Problem[] = [];
  for (const s of scenarios) {
    for (const d of firstDrawOfEachParticle(draws)) {
      try {
        resolveScenario(file, s.name, [...draws.overrides[d], ...sets]);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        problems.push(...locateInFile(file, e.problems));
      }
    }
  }
  return sortProblems(problems);
}

function firstDrawOfEachParticle(draws: PosteriorDraws): number[] {
  return [...new Set(draws.particles)].map((i) => draws.particles.indexOf(i));
}

/**
 * The weekly parameters of replicate `replicate` of scenario `scenarioIndex`: its scenario under draw
 * ⌊replicate / R⌋. Resolved when first asked for and kept while the next asks for the same scenario
 * and particle (runs come scenario by scenario, draw by draw), so the replicates of a draw share one
 * array and a worker receives it once.
 */
export function drawnWeekly(file: LoadedFile, scenarios: readonly ResolvedScenario[], sets: readonly Override[], draws: PosteriorDraws): (scenarioIndex: number, replicate: number) => readonly WeekParameters[] {
  let key = '';
  let weekly: readonly WeekParameters[] = [];
  return (scenarioIndex, replicate) => {
    const d = Math.floor(replicate / draws.replicatesPerDraw);
    const k = `${scenarioIndex}:${draws.particles[d]}`;
    if (k !== key) {
      weekly = resolveScenario(file, scenarios[scenarioIndex].name, [...draws.overrides[d], ...sets]).weekly;
      key = k;
    }
    return weekly;
  };
}

/** The manifest's record of the draws. */
export function posteriorRecord(draws: PosteriorDraws): PosteriorRecord {
  return { file: draws.file, sha256: draws.sha256, draws: draws.draws, replicatesPerDraw: draws.replicatesPerDraw, values: draws.values };
}
