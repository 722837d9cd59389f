/**
 * The flags the commands share, as yargs declares them and as the commands take them: the scenario
 * file, run's options, --shard and what a merge hands to the study it runs again, and the refusal of
 * a command whose flags have problems, with every problem of its request.
 */
import type { Argv } from 'yargs';
import type { ShardSet } from '../experiment/shard.js';
import { InputError, sortProblems, type Problem } from '../scenarios/problems.js';
import type { ScenarioRequest } from '../scenarios/request.js';
import type { SetArgument } from '../scenarios/resolve.js';
import { defaultScenariosPath } from '../paths.js';
import type { RunFlags } from './commands.js';

const commands = () => import('./commands.js');

export const scenariosOption = {
  alias: 's',
  type: 'string',
  describe: 'Scenario file (default: ./scenarios.json if present, else the shipped presets)',
} as const;

/**
 * Refuses a command whose options have problems, with every problem of its scenario request (the
 * file, names, --set) and of --out, so that one run names them all.
 */
export async function refuseOptions(flags: { problems: Problem[]; flagged: Set<string> }, req: ScenarioRequest | undefined, out?: string, own: Problem[] = []): Promise<void> {
  if (flags.problems.length === 0) return;
  const more: Problem[] = [...own];
  if (req && !flags.flagged.has('scenarios')) more.push(...(await import('../scenarios/request.js')).checkRequest(req).problems);
  if (out !== undefined && !flags.flagged.has('out')) more.push(...(await import('../output/outputSet.js')).targetProblems(out, '--out'));
  throw new InputError(sortProblems([...flags.problems, ...more]));
}

/** Flag values that are not empty (an empty one is reported by {@link optionProblems}). */
export const given = (v: unknown): string | undefined => (v === undefined || v === '' ? undefined : String(v));

/** The options of run and compare: the scenario file, replicates, seed, overrides, output and report. */
export function runFlagOptions(y: Argv, out: string, reps = 20) {
  return y
    .option('scenarios', scenariosOption)
    .option('seed', { type: 'string', default: '1', describe: 'Run seed (string or integer); replicate seeds derive from it' })
    .option('reps', { type: 'string', default: String(reps), describe: `Replicates per scenario${reps === 20 ? '' : ' and point'} (1–10000)` })
    .option('weeks', { type: 'string', describe: 'Weeks to simulate (same as --set weeks=N)' })
    .option('employees', { type: 'string', describe: 'Employees (same as --set population.employees=N)' })
    .option('workers', { type: 'string', describe: 'Worker threads simulating replicates (default: one per core, or 1 for a run of under a second); results never depend on it' })
    .option('set', { type: 'string', array: true, default: [], describe: 'Override a parameter in every scenario: PATH=VALUE, or PATH@WEEK=VALUE from week WEEK on (repeatable)' })
    .option('format', { type: 'string', describe: 'csv (the default), parquet or csv,parquet: parquet adds a .parquet file beside each CSV table' })
    .option('out', { alias: 'o', type: 'string', default: out, describe: 'Output directory' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
    .option('report', { type: 'boolean', default: false, describe: 'Also write charts/ and report.html (one self-contained file)' })
    .option('png', { type: 'boolean', default: false, describe: 'Also render each chart as PNG (implies --report)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace the unfinished runs (or, for sweep and sensitivity, the results) of another experiment in --out' });
}

/** `--shard`, on the commands whose runs can be split across machines. */
export const shardOption = {
  type: 'string',
  describe: "Run one shard of the study into --out: I/N (shard I of N, from 0), auto (a Slurm array task: index and count from the array) or auto/N (the task's own number, from a Kubernetes Indexed Job or a Slurm array numbered 0 to N − 1); then tokenmaxx merge",
} as const;

/** What `tokenmaxx merge` gives the study's own command line, run again: the shards, and its own --force and --quiet. */
export interface MergeContext {
  fromShards: ShardSet;
  force: boolean;
  quiet: boolean;
}

/** A study's --shard, or, under a merge, the shards and the merge's own --force and --quiet. */
export function studyFlags(a: Record<string, unknown>, merging: MergeContext | undefined) {
  return merging ? { fromShards: merging.fromShards, force: merging.force, quiet: merging.quiet } : { shard: given(a.shard) };
}

/** The flags of run and compare as the commands take them. */
export function runFlags(a: Record<string, unknown>, argv: readonly string[], names: string[]): RunFlags {
  return {
    scenariosFile: given(a.scenarios) ?? defaultScenariosPath(),
    names,
    seed: String(a.seed),
    reps: String(a.reps),
    weeks: a.weeks as string | undefined,
    employees: a.employees as string | undefined,
    workers: a.workers as string | undefined,
    format: a.format as string | undefined,
    sets: (a.set as unknown[]).map(String),
    out: String(a.out),
    quiet: Boolean(a.quiet),
    report: Boolean(a.report),
    png: Boolean(a.png),
    force: Boolean(a.force),
    argv,
  };
}

/**
 * Refuses run or compare when its options have problems, with every problem of its request. As
 * the commands pass them on, --weeks and --employees are --set arguments that name themselves;
 * values already refused (empty, missing, given twice) are left out of the request.
 */
export async function checkRunFlags(flags: { problems: Problem[]; flagged: Set<string> }, run: RunFlags): Promise<void> {
  const sets: SetArgument[] = [...run.sets];
  if (given(run.weeks) !== undefined && !flags.flagged.has('weeks')) sets.push({ arg: `weeks=${run.weeks}`, source: `--weeks ${run.weeks}` });
  if (given(run.employees) !== undefined && !flags.flagged.has('employees')) {
    sets.push({ arg: `population.employees=${run.employees}`, source: `--employees ${run.employees}` });
  }
  const req: ScenarioRequest = { scenariosFile: run.scenariosFile, names: run.names, sets };
  const { runFlagProblems } = await commands();
  await refuseOptions(
    flags,
    req,
    run.out,
    runFlagProblems({ reps: flags.flagged.has('reps') ? '1' : run.reps, seed: flags.flagged.has('seed') ? '1' : run.seed, workers: flags.flagged.has('workers') ? undefined : run.workers, format: flags.flagged.has('format') ? undefined : run.format }),
  );
}

