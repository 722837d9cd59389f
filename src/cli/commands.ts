/** The CLI's commands: each parses its flags into library calls and writes or prints the results. */
import { messages } from '../messages.js';
import { resolveRequest, runOutputs } from '../experiment/pipeline.js';
import { runExperiment } from '../experiment/run.js';
import type { ScenarioSummary } from '../experiment/summarize.js';
import { keyMetricsTable } from '../experiment/table.js';
import { gitCommit, toolVersion } from '../paths.js';
import { loadScenarioFile } from '../scenarios/load.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import type { SetArgument } from '../scenarios/resolve.js';
import { scenarioJsonSchema } from '../scenarios/schema.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, RUN_FILES } from '../report/build.js';
import { checkOutputDirectory, writeFilesAtomically } from './files.js';
import { progressReporter } from './progress.js';

/** `tokenmaxx list`. */
export function listCommand(file: string): void {
  const loaded = loadScenarioFile(file);
  const names = Object.keys(loaded.scenarios).sort();
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    const d = loaded.scenarios[name].description ?? '';
    const first = d.split(/(?<=[.!?])\s/)[0] ?? '';
    const line = first.length > 100 ? `${first.slice(0, 99).trimEnd()}…` : first;
    process.stdout.write(`${name.padEnd(width)}  ${line}\n`);
  }
}

/** `tokenmaxx validate`. */
export function validateCommand(file: string): void {
  // Resolving every scenario also checks extends chains and expression values in every week.
  const { scenarios } = resolveRequest({ scenariosFile: file });
  process.stdout.write(`${messages.valid(file, scenarios.length)}\n`);
}

/** `tokenmaxx schema`. */
export function schemaCommand(): void {
  process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
}

/** Flags of `tokenmaxx run`, as strings where the user typed them. */
export interface RunFlags {
  scenariosFile: string;
  names: string[];
  seed: string;
  reps: string;
  weeks?: string;
  employees?: string;
  sets: string[];
  out: string;
  quiet: boolean;
  report: boolean;
  png: boolean;
  argv: readonly string[];
}

function integerFlag(flag: string, text: string, min: number, max: number, problems: Problem[]): number {
  const v = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || v < min || v > max) {
    problems.push({ source: `--${flag}`, path: [], message: messages.badFlag(flag, text, `an integer in [${min}, ${max}]`) });
  }
  return v;
}

/** A seed is a non-empty string; a string of digits is the integer it spells. */
function seedOf(text: string, problems: Problem[]): string | number {
  if (text.trim() === '') problems.push({ source: '--seed', path: [], message: messages.badFlag('seed', text, 'a non-empty string or an integer') });
  return /^\d{1,15}$/.test(text) ? Number(text) : text;
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** `tokenmaxx run`. */
export async function runCommand(f: RunFlags): Promise<void> {
  const problems: Problem[] = [];
  const reps = integerFlag('reps', f.reps, 1, 10_000, problems);
  const seed = seedOf(f.seed, problems);
  const sets: SetArgument[] = [...f.sets];
  // Problems with --weeks and --employees name those flags, not the --set they stand for.
  if (f.weeks !== undefined) sets.push({ arg: `weeks=${f.weeks}`, source: `--weeks ${f.weeks}` });
  if (f.employees !== undefined) sets.push({ arg: `population.employees=${f.employees}`, source: `--employees ${f.employees}` });
  let resolved: ReturnType<typeof resolveRequest> | undefined;
  try {
    resolved = resolveRequest({ scenariosFile: f.scenariosFile, names: f.names, sets });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.push(...e.problems);
  }
  try {
    checkOutputDirectory(f.out);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0 || !resolved) throw new InputError(problems);

  const progress = progressReporter(f.quiet);
  const results = runExperiment({ scenarios: resolved.scenarios, seed, replicates: reps }, progress.update);
  progress.stop();
  const command = ['tokenmaxx', ...f.argv].map(quoteArg).join(' ');
  const files = runOutputs(results, { toolVersion: toolVersion(), nodeVersion: process.version, gitCommit: gitCommit(), command, seed, replicates: reps });
  const report = f.report || f.png ? await buildReport(files, { png: f.png }) : {};
  writeFilesAtomically(f.out, { ...files, ...report });
  if (f.quiet) return;
  // Weeks count from 0, as in timeseries.csv: the final week of an 8-week run is week 7.
  const finalWeek = resolved.scenarios[0].weekly.length - 1;
  const summaries = (JSON.parse(files['summary.json']) as { scenarios: Record<string, ScenarioSummary> }).scenarios;
  process.stdout.write(keyMetricsTable(results.map((r) => ({ name: r.scenario.name, summary: summaries[r.scenario.name] })), finalWeek));
  process.stdout.write(`${messages.wrote(f.out, outputNames({ ...files, ...report }))}\n${messages.reproduce(command)}\n`);
}

/** Output names to list: top-level files, and the charts folder once. */
function outputNames(files: Record<string, unknown>): string[] {
  return [...new Set(Object.keys(files).map((f) => (f.startsWith('charts/') ? 'charts/' : f)))].sort();
}

/** `tokenmaxx report --from DIR`: charts and report.html for a finished run. */
export async function reportCommand(dir: string, png: boolean, quiet: boolean): Promise<void> {
  checkOutputDirectory(dir);
  const files: Record<string, string> = {};
  const missing: Problem[] = [];
  for (const name of RUN_FILES) {
    try {
      files[name] = readFileSync(join(dir, name), 'utf8');
    } catch {
      missing.push({ source: '--from', path: [], message: messages.notARun(dir, name) });
    }
  }
  if (missing.length > 0) throw new InputError(missing);
  const report = await buildReport(files, { png });
  writeFilesAtomically(dir, report);
  if (!quiet) process.stdout.write(`${messages.wrote(dir, outputNames(report))}\n`);
}
