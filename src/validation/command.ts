/**
 * `npm run validate-model`: every stylized fact at the brief's scale (or the one given), on every core,
 * printed as a table; with `--out DIR`, results.json and results.csv written there as an output set
 * (all or nothing, with manifest.json). Returns the exit code: 0 when every fact holds, 1 when one
 * fails, 2 when the arguments or the folder are unusable.
 *
 *   npm run validate-model -- [--employees N] [--reps N] [--workers N] [--seed S] [--out DIR]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { writeOutputSet } from '../experiment/destination.js';
import { gitCommit, toolVersion } from '../paths.js';
import { targetProblems } from '../output/outputSet.js';
import { formatProblem, InputError } from '../scenarios/problems.js';
import { replicateSeeds } from '../experiment/run.js';
import { FACTS, type Fact } from './facts.js';
import { resultsCsv, resultsJson, resultsTable } from './table.js';
import { BRIEF_SCALE, neededScenarios, validateModel, type Validation } from './validate.js';

/** Where the command writes: the table and the summary to `out`, problems and progress to `err`. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = 'usage: validate-model [--employees N] [--reps N] [--workers N] [--seed S] [--out DIR]';

/** A whole number ≥ `min` from an option, or a problem. */
function count(text: string | undefined, fallback: number, flag: string, min: number): number | string {
  if (text === undefined) return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n >= min ? n : `${flag} must be a whole number ≥ ${min}, not "${text}"`;
}

/**
 * Runs the command on `args` (without the program's name). `facts` defaults to every stylized fact;
 * tests give others (a fact that fails, to see the exit code).
 */
export async function validateModelCommand(args: readonly string[], io: CommandIo, facts: readonly Fact[] = FACTS): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: { employees: { type: 'string' }, reps: { type: 'string' }, workers: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const employees = count(values.employees, BRIEF_SCALE.employees, '--employees', 8);
  const replicates = count(values.reps, BRIEF_SCALE.replicates, '--reps', 1);
  const workers = count(values.workers, availableParallelism(), '--workers', 1);
  const bad = [employees, replicates, workers].filter((x): x is string => typeof x === 'string');
  if (bad.length > 0) {
    io.err(`${bad.join('\n')}\n${USAGE}\n`);
    return 2;
  }
  const scale = { employees: employees as number, replicates: replicates as number, seed: values.seed ?? BRIEF_SCALE.seed };
  // The folder is checked before hours of simulation, and written only once every fact is checked.
  const problems = values.out === undefined ? [] : targetProblems(values.out, '--out');
  if (problems.length > 0) {
    io.err(problems.map(formatProblem).join('\n') + '\n');
    return 2;
  }
  const scenarios = neededScenarios(facts).size;
  io.err(`simulating ${scenarios} scenarios × ${scale.replicates} replicates at ${scale.employees} employees on ${workers} worker${workers === 1 ? '' : 's'}…\n`);
  const started = { wall: performance.now(), cpu: process.cpuUsage() };
  const v = await validateModel({ facts, scale, workers: workers as number });
  const cpu = process.cpuUsage(started.cpu);
  io.out(resultsTable(v));
  io.out(`${((performance.now() - started.wall) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (every thread), ${workers} worker${workers === 1 ? '' : 's'}\n`);
  if (values.out !== undefined) {
    try {
      await writeResults(values.out, v, args);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      io.err(e.message + '\n');
      return 2;
    }
    io.out(`results written to ${values.out}\n`);
  }
  return v.pass ? 0 : 1;
}

/** results.json, results.csv and manifest.json in `dir`, switched in together. */
async function writeResults(dir: string, v: Validation, args: readonly string[]): Promise<void> {
  await writeOutputSet(dir, '--out', async (set) => {
    set.writeFile('results.json', resultsJson(v));
    set.writeFile('results.csv', resultsCsv(v));
    return JSON.stringify({
      tool: 'tokenmaxx',
      toolVersion: toolVersion(),
      nodeVersion: process.version,
      gitCommit: gitCommit(),
      command: ['validate-model', ...args].join(' '),
      experiment: 'validate-model',
      seed: v.scale.seed,
      replicates: v.scale.replicates,
      replicateSeeds: replicateSeeds(v.scale.seed, v.scale.replicates),
    });
  });
}
