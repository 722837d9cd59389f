/**
 * `tokenmaxx calibrate`: its flags checked (every problem at once, with those of the scenario file
 * and --out), the calibration pipeline called (src/calibrate/pipeline.ts), a line per generation on
 * stderr, and the table of targets and held-out facts on stdout.
 */
import { folderDestination } from '../experiment/destination.js';
import { calibratePipeline, calibrationTable, CALIBRATE_FILES, MAX_GENERATIONS, MAX_PARTICLES } from '../calibrate/pipeline.js';
import { CALIBRATED_PATHS, CALIBRATION_TARGETS, MIN_CALIBRATION_WEEKS, targetRuns } from '../calibrate/targets.js';
import { messages, printable } from '../messages.js';
import { defaultScenariosPath, gitCommit, toolVersion } from '../paths.js';
import type { Problem } from '../scenarios/problems.js';
import type { SetArgument } from '../scenarios/resolve.js';
import { quoteArg } from '../shell.js';
import { integerFlag, seedOf, workersOf } from './commands.js';
import { hasFlag, shardOf, withoutFlag } from '../experiment/shard.js';
import { calibrateShard, mergeRound, type RoundMerged, type RoundShardResult } from '../calibrate/rounds.js';
import type { CalibrateOptions } from '../calibrate/pipeline.js';
import type { MergeContext } from './flags.js';

/** The defaults of `tokenmaxx calibrate`'s flags. */
export const CALIBRATE_DEFAULTS = {
  particles: '200',
  generations: '6',
  employees: '2000',
  weeks: '52',
  reps: '2',
  seed: 'calibrate',
  method: 'smc',
  out: 'out-calibrate',
} as const;

/** Flags that take a value and that the command line's own check (main.ts) does not know: the command checks them itself. */
const OWN_VALUE_FLAGS = ['particles', 'generations', 'parameters', 'facts'] as const;

/** What the option check of main.ts found on the raw arguments. */
export interface FlagCheck {
  problems: Problem[];
  flagged: Set<string>;
}

/**
 * A flag's value as text: undefined when not given or already refused by the option check; a
 * problem when one of the command's own flags is given empty, with no value, or twice.
 */
function valueOf(a: Record<string, unknown>, name: string, flags: FlagCheck, problems: Problem[]): string | undefined {
  if (flags.flagged.has(name)) return undefined;
  const v = a[name];
  if (v === undefined) return undefined;
  if ((OWN_VALUE_FLAGS as readonly string[]).includes(name)) {
    if (Array.isArray(v)) {
      problems.push({ source: `--${name}`, path: [], message: messages.flagRepeated(name, v.length) });
      return undefined;
    }
    if (v === '') {
      problems.push({ source: `--${name}`, path: [], message: messages.flagNoValue(name) });
      return undefined;
    }
  }
  return String(v);
}

/** `tokenmaxx calibrate`, from the parsed arguments `a`, the option check's findings and the raw arguments. */
export async function calibrateCommand(a: Record<string, unknown>, flags: FlagCheck, argv: readonly string[], merging?: MergeContext): Promise<void> {
  const problems: Problem[] = [...flags.problems];
  const text = (name: keyof typeof CALIBRATE_DEFAULTS | 'parameters' | 'facts' | 'workers' | 'scenarios') => valueOf(a, name, flags, problems);
  const method = text('method') ?? CALIBRATE_DEFAULTS.method;
  if (method !== 'smc' && method !== 'rejection') problems.push({ source: '--method', path: [], message: messages.badFlag('method', method, 'smc or rejection') });
  const givenGenerations = text('generations');
  if (method === 'rejection' && givenGenerations !== undefined) problems.push({ source: '--generations', path: [], message: messages.calibrateGenerationsRejection() });
  const particles = integerFlag('particles', text('particles') ?? CALIBRATE_DEFAULTS.particles, 2, MAX_PARTICLES, problems);
  const generations = integerFlag('generations', givenGenerations ?? CALIBRATE_DEFAULTS.generations, 1, MAX_GENERATIONS, problems);
  const reps = integerFlag('reps', text('reps') ?? CALIBRATE_DEFAULTS.reps, 1, 1000, problems);
  const seed = seedOf(text('seed') ?? CALIBRATE_DEFAULTS.seed, problems);
  const workersText = text('workers');
  const workers = workersText === 'auto' ? 'auto' : workersOf(workersText, problems);
  const parametersText = text('parameters');
  const parameters = parametersText === undefined ? undefined : parametersText.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const factsText = text('facts');
  const facts = factsText === undefined ? undefined : factsText.split(',').map((p) => p.trim()).filter((p) => p !== '');
  // --employees and --weeks are --set arguments that name their flags (as run's are).
  const sets: SetArgument[] = [];
  const employees = text('employees') ?? CALIBRATE_DEFAULTS.employees;
  const weeks = text('weeks') ?? CALIBRATE_DEFAULTS.weeks;
  if (!flags.flagged.has('employees')) sets.push({ arg: `population.employees=${employees}`, source: `--employees ${employees}` });
  if (!flags.flagged.has('weeks')) sets.push({ arg: `weeks=${weeks}`, source: `--weeks ${weeks}` });
  if (/^\s*\d+\s*$/.test(weeks) && Number(weeks) < MIN_CALIBRATION_WEEKS) problems.push({ source: '--weeks', path: [], message: messages.calibrateWeeks(weeks, MIN_CALIBRATION_WEEKS) });
  const out = flags.flagged.has('out') ? CALIBRATE_DEFAULTS.out : String(a.out ?? CALIBRATE_DEFAULTS.out);
  const quiet = merging?.quiet ?? Boolean(a.quiet);
  const force = merging?.force ?? Boolean(a.force);
  // A sharded calibration's files are those of the calibration on one machine: its command is theirs.
  const command = ['tokenmaxx', ...withoutFlag(argv, ['after'])].map(quoteArg).join(' ');
  const after = merging || a.shard !== undefined ? (a.after === undefined ? undefined : String(a.after)) : undefined;
  if (!merging && a.shard === undefined && a.after !== undefined) problems.push({ source: '--after', path: [], message: messages.afterWithoutShard() });
  const shard = !merging && a.shard !== undefined ? shardOf(String(a.shard), process.env, problems) : undefined;
  if (String(a.shard).trim() === 'auto' && shard?.count === 1 && !quiet) process.stderr.write(`${messages.shardAutoAlone()}\n`);
  if (a.shard !== undefined && !hasFlag(argv, ['out', 'o'])) problems.push({ source: '--shard', path: [], message: messages.shardNeedsOut() });
  const say = (line: string) => {
    if (!quiet) process.stderr.write(`${printable(line)}\n`);
  };

  const runsPerPoint = targetRuns(CALIBRATION_TARGETS).length * reps;
  let clock = performance.now();
  const scenariosFile = text('scenarios') ?? defaultScenariosPath();
  const request = { scenariosFile, sets, parameters, facts };
  const options: CalibrateOptions = {
      seed,
      method: method as 'smc' | 'rejection',
      particles,
      generations,
      reps,
      workers,
      provenance: { toolVersion: toolVersion(), nodeVersion: process.version, gitCommit: gitCommit(), command },
      problems,
      onStart: () => {
        say(messages.calibrateStart(parameters?.length ?? CALIBRATED_PATHS.length, CALIBRATION_TARGETS.length, particles, method === 'rejection' ? 1 : generations, runsPerPoint));
        clock = performance.now();
      },
      onGeneration: (g, record, resumed) => {
        const now = performance.now();
        say(messages.calibrateGeneration(g, record.tolerance.toPrecision(4), record.accepted, record.proposed, resumed ? undefined : ((now - clock) / 1000).toFixed(1)));
        clock = now;
      },
  };
  if (merging) return printMerged(await mergeRound(request, options, merging.fromShards, { after, out, force }), { out, quiet, command });
  if (a.shard !== undefined) {
    const round = await calibrateShard(request, options, { shard: shard ?? { index: 0, count: 1 }, out, force, after, argv, inputs: [scenariosFile] });
    if (!quiet) process.stdout.write(`${shardSaid(round, out, after).split('\n').map(printable).join('\n')}\n`);
    return;
  }
  const result = await calibratePipeline(request, options, (experiment) => folderDestination(out, '--out', { experiment, force, kind: 'calibrate' }));
  if (result.written.kept) process.stderr.write(`${printable(messages.keptAside(result.written.kept))}\n`);
  if (quiet) return;
  process.stdout.write(calibrationTable(result).split('\n').map(printable).join('\n'));
  const files = [...CALIBRATE_FILES, 'manifest.json'];
  process.stdout.write(`${printable(messages.wrote(out, files))}\n${printable(messages.reproduce(command))}\n`);
}

/** What a round's shard prints: its share of the batch, or that there is nothing to run. */
function shardSaid(round: RoundShardResult, out: string, after: string | undefined): string {
  if (round.calibrationFinished) return messages.roundFinishedAlready(after ?? '');
  const { index, count } = round.shard;
  if (round.alreadyFinished) return messages.shardAlreadyFinished(index, count, out);
  return `${messages.roundShard(round.batch!.generation, round.batch!.points, index, count, round.runs, round.resumed)}\n${messages.wrote(out, [...round.written!.names].sort())}\n${messages.shardMergeHint()}`;
}

/** What a round's merge prints: the calibration, as `calibrate` prints it, or what the next round runs. */
function printMerged(merged: RoundMerged, o: { out: string; quiet: boolean; command: string }): void {
  if (o.quiet) return;
  if (merged.next) {
    process.stdout.write(`${printable(messages.roundNext(merged.rounds, merged.next.generation, merged.next.ids.length, o.out))}\n`);
    return;
  }
  process.stdout.write(calibrationTable(merged.finished).split('\n').map(printable).join('\n'));
  process.stdout.write(`${printable(messages.wrote(o.out, [...CALIBRATE_FILES, 'manifest.json']))}\n${printable(messages.reproduce(o.command))}\n`);
}
