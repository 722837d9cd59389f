#!/usr/bin/env node
/**
 * The tokenmaxx command line. Thin by design: it parses arguments, calls the library, writes files
 * and prints. Bad input of any kind exits with code 2 and one line per problem, never a stack trace.
 *
 * {@link runCli} is the whole command line as a function (tests call it in-process); run as a program,
 * this module calls it on the process's arguments and exits with the code it returns.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { messages, printable } from '../messages.js';
import { defaultScenariosPath, toolVersion } from '../paths.js';
import { checkRunFlags, given, refuseOptions, runFlagOptions, runFlags, scenariosOption, shardOption, studyFlags, type MergeContext } from './flags.js';
import { InputError, formatProblem, sortProblems, type Problem } from '../scenarios/problems.js';

/**
 * The commands, loaded when one runs: `--help`, `--version` and usage errors need neither the
 * simulator nor the schema.
 */
const commands = () => import('./commands.js');

/** Exit code for bad input. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for an internal error (a bug, never bad input). */
export const EXIT_INTERNAL = 1;

/** A refusal by the argument parser (an unknown flag, a missing command), reported like any problem. */
class UsageFailure extends Error {}

/** Options that take a value, with their one-letter aliases; only `set` may be repeated. */
const VALUE_OPTIONS: Record<string, readonly string[]> = { shard: [], after: [], scenarios: ['s'], seed: [], reps: [], weeks: [], employees: [], workers: [], format: [], set: [], out: ['o'], from: [], vary: [], design: [], method: [], levels: [], samples: [], best: [], where: [], statistic: [], trajectories: [], metrics: [], resamples: [] };
/**
 * Options whose command refuses an empty value itself, naming what the value means (an empty --out
 * is no folder, an empty --set no PATH=VALUE), together with every other problem of the command.
 */
const CHECKED_WHEN_EMPTY = new Set(['seed', 'reps', 'set', 'out', 'from', 'shard', 'after']);
/** On/off options, with their aliases. */
const SWITCH_OPTIONS: Record<string, readonly string[]> = { quiet: ['q'], report: [], png: [], minimize: [], force: [], help: ['h'], version: [] };
const REPEATABLE = new Set(['set', 'vary', 'from']);

function canonicalName(name: string, options: Record<string, readonly string[]>): string | undefined {
  if (Object.hasOwn(options, name)) return name;
  return Object.keys(options).find((o) => options[o].includes(name));
}

/**
 * Problems yargs lets through, found on the raw arguments: an option that takes a value given none
 * (`--seed` last, or followed by another flag — yargs would use the default), an empty value
 * (`--scenarios ''`, `--out=`), an option given twice (yargs would join the values), and a switch
 * given a value other than true or false (`--report=maybe`, which yargs reads as false).
 */
export function optionProblems(argv: readonly string[]): { problems: Problem[]; flagged: Set<string> } {
  const problems: Problem[] = [];
  const flagged = new Set<string>();
  const count = new Map<string, number>();
  const refuse = (name: string, message: string) => {
    problems.push({ source: `--${name}`, path: [], message });
    flagged.add(name);
  };
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const m = /^--?([^=]+)(?:=(.*))?$/s.exec(argv[i]);
    if (!m || /^-\d/.test(argv[i])) continue;
    const [, written, inline] = m;
    const value = canonicalName(written, VALUE_OPTIONS);
    if (value !== undefined) {
      count.set(value, (count.get(value) ?? 0) + 1);
      let given = inline;
      if (given === undefined) {
        const next = argv[i + 1];
        const isFlag = next !== undefined && /^-[^\d]/.test(next) && next !== '-';
        if (next === undefined || isFlag) {
          refuse(value, messages.flagNoValue(value));
          continue;
        }
        given = next;
        i += 1;
      }
      if (given === '' && !CHECKED_WHEN_EMPTY.has(value)) refuse(value, messages.flagEmpty(value));
      continue;
    }
    const toggle = canonicalName(written.replace(/^no-/, ''), SWITCH_OPTIONS);
    if (toggle !== undefined && inline !== undefined && inline !== 'true' && inline !== 'false') refuse(toggle, messages.flagBoolean(toggle, inline));
  }
  for (const [name, n] of count) if (n > 1 && !REPEATABLE.has(name)) refuse(name, messages.flagRepeated(name, n));
  return { problems, flagged };
}

/** Parses `argv` and runs its command; help and version text go to `io.stdout`. */
async function parseAndRun(argv: readonly string[], io: CliIo, merging?: MergeContext): Promise<void> {
  const flags = optionProblems(argv);
  // The parse callback makes yargs hand over its help and version text instead of printing it and
  // exiting the process.
  const printOutput = (_err: unknown, _argv: unknown, output: string) => {
    if (output) io.stdout.write(`${output}\n`);
  };
  await yargs([...argv])
    .scriptName('tokenmaxx')
    .usage('$0 <command> [options]\n\nSimulate AI usage mandates, token leaderboards and tokenmaxxing.')
    .command(
      'list',
      'List the scenarios in the file, with one-line descriptions',
      (y: Argv) => y.option('scenarios', scenariosOption).example('$0 list', 'the shipped presets'),
      async (a) => {
        const file = given(a.scenarios) ?? defaultScenariosPath();
        await refuseOptions(flags, { scenariosFile: file });
        (await commands()).listCommand(file);
      },
    )
    .command(
      'validate [file]',
      'Check a scenario file: exit 0 when valid, 2 with every problem otherwise',
      (y: Argv) => y.positional('file', { type: 'string', describe: 'Scenario file (default: as for run)' }).example('$0 validate my-scenarios.json', ''),
      async (a) => {
        if (a.file === '') throw new InputError([...flags.problems, { source: 'validate', path: [], message: messages.fileEmpty() }]);
        await refuseOptions(flags, { scenariosFile: String(a.file ?? defaultScenariosPath()) });
        (await commands()).validateCommand(String(a.file ?? defaultScenariosPath()));
      },
    )
    .command(
      'schema [files]',
      'Print the JSON Schema of scenario files (or of design files: schema design)',
      (y: Argv) =>
        y
          .positional('files', { type: 'string', choices: ['scenarios', 'design'], default: 'scenarios', describe: 'Which files' })
          .example('$0 schema > scenarios.schema.json', 'for editors')
          .example('$0 schema design > design.schema.json', 'for design files (sweep --design)'),
      async (a) => (await commands()).schemaCommand(a.files === 'design'),
    )
    .command(
      'run [scenario..]',
      'Simulate scenarios (default: every scenario in the file) and write results to --out',
      (y: Argv) =>
        runFlagOptions(y.positional('scenario', { type: 'string', array: true, describe: 'Scenario names' }), 'out')
          .option('reps', { type: 'string', default: '20', describe: 'Replicates per scenario, or per posterior draw with --posterior (1–10000)' })
          .option('posterior', { type: 'string', describe: 'A posterior file (posterior.json of tokenmaxx calibrate): run every scenario under --draws draws of its parameters, --reps replicates per draw, and give the headline figures as intervals' })
          .option('draws', { type: 'string', describe: 'With --posterior: posterior draws K (2–10000; default 10); each scenario runs K × --reps replicates' })
          .example('$0 run amazon-2026 baseline --reps 20', 'two presets, 20 replicates each')
          .example('$0 run --report', 'every preset, with out/report.html')
          .example('$0 run --set leaderboard.visibility=none --out out/no-board', 'every preset without a board')
          .example('$0 run amazon-2026 --set "mandate.targetShare=0.5 + 0.3 * (t >= 12)"', 'a target that rises at week 12')
          .example('$0 run amazon-2026 --set reviews.managerLeak@26=0', 'managers stop leaking token rank into reviews from week 26 on')
          .example('$0 run mandate-only amazon-2026 --posterior calibration/posterior.json --draws 20 --reps 5 --weeks 156 --report', 'the headline at year 1 and at steady state, with replicate and posterior intervals'),
      async (a) => {
        const run = { ...runFlags(a, argv, ((a.scenario as unknown[] | undefined) ?? []).map(String)), posterior: a.posterior as string | string[] | undefined, draws: a.draws as string | string[] | undefined };
        const { runCommand, posteriorFlagProblems } = await commands();
        // Refused for other flags, the command still names every problem of --posterior and --draws.
        await checkRunFlags(flags, run).catch((e: unknown) => {
          throw e instanceof InputError ? new InputError(sortProblems([...e.problems, ...posteriorFlagProblems(run)])) : e;
        });
        await runCommand(run);
      },
    )
    .command(
      'compare <a> <b>',
      'Compare scenario B with scenario A on paired replicates (common random numbers): differences with CIs, and who switches strategy',
      (y: Argv) =>
        runFlagOptions(
          y.positional('a', { type: 'string', describe: 'Scenario A (the reference)' }).positional('b', { type: 'string', describe: 'Scenario B' }),
          'out-compare',
        )
          .example('$0 compare baseline amazon-2026 --reps 20', 'what the Amazon-style push changes, and how sure that is')
          .example('$0 compare amazon-2026 outcome-leaderboard --report', 'with report.html'),
      async (a) => {
        const run = { ...runFlags(a, argv, [String(a.a), String(a.b)]), a: String(a.a), b: String(a.b) };
        const { compareCommand } = await commands();
        await checkRunFlags(flags, run);
        await compareCommand(run);
      },
    )
    .command(
      'sweep [scenario..]',
      'Run scenarios at every point of a design (--vary or --design), on the same replicate seeds; summarise each point, and name the best under a condition',
      (y: Argv) =>
        runFlagOptions(y.positional('scenario', { type: 'string', array: true, describe: 'Scenario names (default: every scenario in the file)' }), 'out-sweep')
          .option('shard', shardOption)
          .option('vary', { type: 'string', array: true, default: [], describe: 'A parameter to vary: PATH=a,b,c (values) or PATH=lo:hi (a range) (repeatable)' })
          .option('design', { type: 'string', describe: 'A design file (JSON; `tokenmaxx schema design` prints its schema)' })
          .option('method', { type: 'string', describe: 'grid (every combination; default) or lhs (a Latin hypercube of --samples points)' })
          .option('levels', { type: 'string', describe: 'grid: values taken by each range (default 5)' })
          .option('samples', { type: 'string', describe: 'lhs: points (default 16)' })
          .option('best', { type: 'string', describe: 'Name the best point by this metric (e.g. netValuePerEmployeeUSD), and the points tied with it' })
          .option('where', { type: 'string', describe: 'With --best: only points meeting this condition on metric means, e.g. "adoptionRate >= 0.8"' })
          .option('minimize', { type: 'boolean', default: false, describe: 'With --best: lowest is best' })
          .option('statistic', { type: 'string', default: 'weeklyMean', describe: 'With --best: weeklyMean (the run\'s weekly average) or final (the final week)' })
          .example('$0 sweep amazon-2026 --vary mandate.targetShare=0.3:0.9 --vary leaderboard.visibility=none,team,org --reps 10', 'a 5 × 3 grid')
          .example("$0 sweep amazon-2026 --vary reviews.managerLeak=0:0.5 --best netValuePerEmployeeUSD --where 'adoptionRate >= 0.8'", 'the best leak with adoption above 80%'),
      async (a) => {
        const run = {
          ...runFlags(a, argv, ((a.scenario as unknown[] | undefined) ?? []).map(String)),
          ...studyFlags(a, merging),
          vary: (a.vary as unknown[]).map(String),
          design: given(a.design),
          method: given(a.method),
          levels: given(a.levels),
          samples: given(a.samples),
          best: given(a.best),
          where: a.where === undefined ? undefined : String(a.where),
          minimize: Boolean(a.minimize),
          statistic: String(a.statistic),
        };
        const { sweepCommand } = await commands();
        await checkRunFlags(flags, run);
        await sweepCommand(run);
      },
    )
    .command(
      'sensitivity [scenario]',
      "Which assumptions drive the answer: Morris elementary effects or Sobol' indices of a scenario's metrics over parameter ranges (default: the plausible ranges of docs/ODD.md)",
      (y: Argv) =>
        runFlagOptions(y.positional('scenario', { type: 'string', describe: 'The scenario (default: amazon-2026)' }), 'out-sensitivity', 3)
          .option('shard', shardOption)
          .option('method', { type: 'string', describe: "morris (elementary effects; r(k + 1) points; the default) or sobol (Saltelli's design; N(k + 2) points); a design file's method unless given" })
          .option('vary', { type: 'string', array: true, default: [], describe: 'A parameter range PATH=lo:hi (repeatable; default: every plausible range)' })
          .option('design', { type: 'string', describe: 'A design file of ranges (JSON; `tokenmaxx schema design` prints its schema)' })
          .option('trajectories', { type: 'string', describe: 'morris: trajectories r (default 10)' })
          .option('samples', { type: 'string', describe: 'sobol: base samples N (default 16)' })
          .option('metrics', { type: 'string', describe: 'Metrics to analyse, comma-separated (default: netValuePerEmployeeUSD,wasteShare,gamingShare,adoptionRate)' })
          .option('statistic', { type: 'string', default: 'weeklyMean', describe: 'weeklyMean (the run\'s weekly average) or final (the final week)' })
          .option('resamples', { type: 'string', default: '1000', describe: 'Bootstrap resamples behind the intervals (2–100000)' })
          .example('$0 sensitivity --method morris --employees 2000', 'every plausible range, elementary effects')
          .example('$0 sensitivity amazon-2026 --method sobol --vary reviews.rewardValue=15:60 --vary traits.integrityMedian=0.05:0.2 --samples 64', "two assumptions, Sobol' indices"),
      async (a) => {
        const run = {
          ...runFlags(a, argv, [given(a.scenario) ?? 'amazon-2026']),
          ...studyFlags(a, merging),
          vary: (a.vary as unknown[]).map(String),
          design: given(a.design),
          method: given(a.method),
          trajectories: given(a.trajectories),
          samples: given(a.samples),
          metrics: given(a.metrics),
          statistic: String(a.statistic),
          resamples: String(a.resamples),
        };
        const { sensitivityCommand } = await commands();
        await checkRunFlags(flags, run);
        await sensitivityCommand(run);
      },
    )
    .command(
      'report',
      'Write charts/ and report.html for a finished run, sweep or sensitivity analysis; or one report of several (a study) into --out',
      (y: Argv) =>
        y
          .option('from', { type: 'string', array: true, demandOption: true, describe: 'A finished folder (its --out); repeat it for one report of a sweep and a sensitivity analysis' })
          .option('out', { alias: 'o', type: 'string', describe: 'With several --from: the study report\'s folder (default out-study)' })
          .option('png', { type: 'boolean', default: false, describe: 'Also render each chart as PNG' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
          .option('force', { type: 'boolean', default: false, describe: 'With several --from: replace a finished set of another kind in --out' })
          .example('$0 report --from out', 'out/report.html and out/charts/')
          .example('$0 report --from out-policies --from out-sensitivity', 'one report: the best policy, how sure, and which assumptions matter (out-study/report.html)'),
      async (a) => {
        await refuseOptions(flags, undefined);
        return (await commands()).reportCommand((a.from as unknown[]).map(String), Boolean(a.png), Boolean(a.quiet), given(a.out), argv, Boolean(a.force));
      },
    )
    .command(
      'merge <shards..>',
      'Combine the finished shards of a study (sweep, sensitivity or a calibration round with --shard) into the files it writes on one machine, byte for byte',
      (y: Argv) =>
        y
          .positional('shards', { type: 'string', array: true, describe: 'The shards\' folders (their --out), in any order' })
          .option('out', { alias: 'o', type: 'string', demandOption: true, describe: "The study's folder: what the study's command, without --shard, writes to --out" })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
          .option('force', { type: 'boolean', default: false, describe: 'Replace a finished set of another study in --out' })
          .example('$0 merge shards/* --out study', 'shards 0 to N − 1 of one study into study/'),
      async (a) => {
        await refuseOptions(flags, undefined);
        const { mergeCommand } = await import('./merge.js');
        await mergeCommand((a.shards as unknown[]).map(String), { out: String(a.out), quiet: Boolean(a.quiet), force: Boolean(a.force) }, (study, context) => parseAndRun(study, io, context));
      },
    )
    .command(
      'calibrate',
      'Calibrate the model to the observed facts by approximate Bayesian computation, and check the posterior against the facts held out (docs/CALIBRATION.md)',
      (y: Argv) =>
        y
          .option('scenarios', scenariosOption)
          .option('particles', { type: 'string', describe: 'Particles per generation (default 200)' })
          .option('generations', { type: 'string', describe: 'Generations at most, the first included (default 6; smc only)' })
          .option('method', { type: 'string', describe: 'smc (sequential Monte Carlo ABC; the default) or rejection' })
          .option('parameters', { type: 'string', describe: 'Calibrate only these parameters, comma-separated (default: every calibrated parameter)' })
          .option('facts', { type: 'string', describe: 'Check only these held-out facts, comma-separated (default: every one; meta-top-user runs the board at 85,000 employees)' })
          .option('employees', { type: 'string', describe: 'Employees in every run (default 2000)' })
          .option('weeks', { type: 'string', describe: 'Weeks of every run (default 52)' })
          .option('reps', { type: 'string', describe: 'Replicates of each scenario per particle (default 2)' })
          .option('seed', { type: 'string', describe: 'Calibration seed (default calibrate); every draw and replicate seed derives from it' })
          .option('workers', { type: 'string', describe: 'Worker threads, or auto (the default); results never depend on it' })
          .option('out', { alias: 'o', type: 'string', describe: 'Output directory (default out-calibrate)' })
          .option('shard', { ...shardOption, describe: "Run one shard of the calibration's next round into --out: I/N, auto (a Slurm array task) or auto/N (the task's own number, from a Kubernetes Indexed Job or a Slurm array); then tokenmaxx merge" })
          .option('after', { type: 'string', describe: "With --shard: the last round's merged folder (none for the first round)" })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
          .option('force', { type: 'boolean', default: false, describe: 'Replace the results or the unfinished calibration of another experiment in --out' })
          .example('$0 calibrate', 'the default: 200 particles, 6 generations, 2000 employees')
          .example('$0 calibrate --particles 500 --workers 8 --out out/calibration', 'a larger posterior'),
      async (a) => (await import('./calibrate.js')).calibrateCommand(a, flags, argv, merging),
    )
    .demandCommand(1, 'Name a command: list, validate, schema, run, compare, sweep, sensitivity, merge, calibrate or report.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // From tokenmaxx's own package.json: yargs would look for one above the working directory.
    .version(toolVersion())
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageFailure(msg);
    })
    .parseAsync([...argv], {}, printOutput);
}

/** Where the command line writes its own text. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Runs the command line on `argv` (the arguments after the program's name) and returns its exit
 * code: 0, {@link EXIT_BAD_INPUT} with every problem written to `io.stderr` (one line each, then the
 * summary line), or {@link EXIT_INTERNAL} (a stack trace only with TOKENMAXX_DEBUG set). Help,
 * version and problems go to `io`; the commands print their results to process.stdout.
 */
export async function runCli(argv: readonly string[], io: CliIo = process): Promise<number> {
  const refuse = (problems: readonly Problem[], summary = messages.problemCount(problems.length)) => {
    io.stderr.write(`${problems.map((p) => `${formatProblem(p)}\n`).join('')}${summary}\n`);
    return EXIT_BAD_INPUT;
  };
  try {
    await parseAndRun(argv, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageFailure) {
      return refuse(sortProblems([...optionProblems(argv).problems, { source: 'tokenmaxx', path: [], message: messages.usage(e.message) }]));
    }
    if (e instanceof InputError) return refuse(e.problems, e.summary);
    io.stderr.write(`${printable(messages.internalError(e instanceof Error ? e.message : String(e)))}\n`);
    if (process.env.TOKENMAXX_DEBUG) io.stderr.write(`${(e as Error).stack}\n`);
    return EXIT_INTERNAL;
  }
}

/** Was node started with this file (directly or through the package's bin link), rather than importing it? */
function startedAsProgram(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  const self = fileURLToPath(import.meta.url);
  // Node finds the program as require() would, so `node dist/src/cli/main` names this file too.
  for (const candidate of [entry, `${entry}.js`]) {
    try {
      if (realpathSync(candidate) === self) return true;
    } catch {
      // not this name
    }
  }
  return false;
}

if (startedAsProgram()) {
  // A closed pipe (`tokenmaxx list | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  // The process ends when the event loop is empty, after stderr is drained: process.exit() here
  // would cut a piped stderr short.
  void runCli(hideBin(process.argv)).then((code) => {
    process.exitCode = code;
  });
}
