#!/usr/bin/env node
/**
 * The tokenmaxx command line. Thin by design: it parses arguments, calls the library, writes files
 * and prints. Bad input of any kind exits with code 2 and one line per problem, never a stack trace.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { messages } from '../messages.js';
import { defaultScenariosPath } from '../paths.js';
import { InputError, formatProblem } from '../scenarios/problems.js';
import { listCommand, reportCommand, runCommand, schemaCommand, validateCommand } from './commands.js';

/** Exit code for bad input. */
export const EXIT_BAD_INPUT = 2;

function fail(message: string): never {
  process.stderr.write(`tokenmaxx: ${message}\nRun "tokenmaxx --help" for usage.\n`);
  process.exit(EXIT_BAD_INPUT);
}

const scenariosOption = {
  alias: 's',
  type: 'string',
  describe: 'Scenario file (default: ./scenarios.json if present, else the shipped presets)',
} as const;

async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('tokenmaxx')
    .usage('$0 <command> [options]\n\nSimulate AI usage mandates, token leaderboards and tokenmaxxing.')
    .command(
      'list',
      'List the scenarios in the file, with one-line descriptions',
      (y: Argv) => y.option('scenarios', scenariosOption).example('$0 list', 'the shipped presets'),
      (a) => listCommand(String(a.scenarios ?? defaultScenariosPath())),
    )
    .command(
      'validate [file]',
      'Check a scenario file: exit 0 when valid, 2 with every problem otherwise',
      (y: Argv) => y.positional('file', { type: 'string', describe: 'Scenario file (default: as for run)' }).example('$0 validate my-scenarios.json', ''),
      (a) => validateCommand(String(a.file ?? defaultScenariosPath())),
    )
    .command(
      'schema',
      'Print the JSON Schema of scenario files',
      (y: Argv) => y.example('$0 schema > scenarios.schema.json', 'for editors'),
      () => schemaCommand(),
    )
    .command(
      'run [scenario..]',
      'Simulate scenarios (default: every scenario in the file) and write results to --out',
      (y: Argv) =>
        y
          .positional('scenario', { type: 'string', array: true, describe: 'Scenario names' })
          .option('scenarios', scenariosOption)
          .option('seed', { type: 'string', default: '1', describe: 'Run seed (string or integer); replicate seeds derive from it' })
          .option('reps', { type: 'string', default: '20', describe: 'Replicates per scenario (1–10000)' })
          .option('weeks', { type: 'string', describe: 'Weeks to simulate (same as --set weeks=N)' })
          .option('employees', { type: 'string', describe: 'Employees (same as --set population.employees=N)' })
          .option('set', { type: 'string', array: true, default: [], describe: 'Override a parameter in every scenario: PATH=VALUE (repeatable)' })
          .option('out', { alias: 'o', type: 'string', default: 'out', describe: 'Output directory' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
          .option('report', { type: 'boolean', default: false, describe: 'Also write charts/ and report.html (one self-contained file)' })
          .option('png', { type: 'boolean', default: false, describe: 'Also render each chart as PNG (implies --report)' })
          .example('$0 run amazon-2026 baseline --reps 20', 'two presets, 20 replicates each')
          .example('$0 run --report', 'every preset, with out/report.html')
          .example('$0 run --set leaderboard.visibility=none --out out/no-board', 'every preset without a board')
          .example('$0 run amazon-2026 --set "mandate.targetShare=0.5 + 0.3 * (t >= 12)"', 'a target that rises at week 12'),
      (a) =>
        runCommand({
          scenariosFile: String(a.scenarios ?? defaultScenariosPath()),
          names: (a.scenario as string[] | undefined) ?? [],
          seed: String(a.seed),
          reps: String(a.reps),
          weeks: a.weeks as string | undefined,
          employees: a.employees as string | undefined,
          sets: (a.set as string[]).map(String),
          out: String(a.out),
          quiet: Boolean(a.quiet),
          report: Boolean(a.report),
          png: Boolean(a.png),
          argv,
        }),
    )
    .command(
      'report',
      'Write charts/ and report.html for a finished run',
      (y: Argv) =>
        y
          .option('from', { type: 'string', demandOption: true, describe: 'The run directory (its --out)' })
          .option('png', { type: 'boolean', default: false, describe: 'Also render each chart as PNG' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
          .example('$0 report --from out', 'out/report.html and out/charts/'),
      (a) => reportCommand(String(a.from), Boolean(a.png), Boolean(a.quiet)),
    )
    .demandCommand(1, 'Name a command: list, validate, schema, run or report.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) throw err;
      fail(msg);
    })
    .parseAsync();
}

// A closed pipe (`tokenmaxx list | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(hideBin(process.argv)).catch((e: unknown) => {
  if (e instanceof InputError) {
    for (const p of e.problems) process.stderr.write(`${formatProblem(p)}\n`);
    process.stderr.write(`${messages.problemCount(e.problems.length)}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  process.stderr.write(`${messages.internalError(e instanceof Error ? e.message : String(e))}\n`);
  if (process.env.TOKENMAXX_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
