/** The CLI's commands: each parses its flags into library calls and writes or prints the results. */
import { messages, printable } from '../messages.js';
import { manifestJson, manifestWithFiles, RUN_DATA_FILES, RunCollector } from '../experiment/outputs.js';
import { resolveRequest } from '../experiment/pipeline.js';
import { replicateSeeds, streamExperiment } from '../experiment/run.js';
import type { ScenarioSummary } from '../experiment/summarize.js';
import type { RunData } from '../plots/data.js';
import { keyMetricsTable } from '../experiment/table.js';
import { gitCommit, toolVersion } from '../paths.js';
import { loadScenarioFile } from '../scenarios/load.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { checkRequest } from '../scenarios/request.js';
import type { SetArgument } from '../scenarios/resolve.js';
import { scenarioJsonSchema } from '../scenarios/schema.js';
import { setFlagsFromString } from 'node:v8';
import { ioCode, OutputSet, recoverFolder, targetProblems } from '../output/outputSet.js';
import { verifyRun } from '../output/verify.js';
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
    process.stdout.write(`${printable(`${name.padEnd(width)}  ${line}`)}\n`);
  }
}

/** `tokenmaxx validate`. */
export function validateCommand(file: string): void {
  // Resolving every scenario also checks extends chains and expression values in every week.
  const { problems, scenarios } = checkRequest({ scenariosFile: file });
  if (problems.length > 0) throw new InputError(problems);
  process.stdout.write(`${printable(messages.valid(file, scenarios.length))}\n`);
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

/** Problems with the values of run's own flags (--reps, --seed), as runCommand finds them. */
export function runFlagProblems(f: Pick<RunFlags, 'reps' | 'seed'>): Problem[] {
  const problems: Problem[] = [];
  integerFlag('reps', f.reps, 1, 10_000, problems);
  seedOf(f.seed, problems);
  return problems;
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
  problems.push(...targetProblems(f.out, '--out'));
  if (problems.length > 0 || !resolved) throw new InputError(problems);

  const command = ['tokenmaxx', ...f.argv].map(quoteArg).join(' ');
  const provenance = { toolVersion: toolVersion(), nodeVersion: process.version, gitCommit: gitCommit(), command, seed, replicates: reps };
  const plan = { scenarios: resolved.scenarios, seed, replicates: reps };
  let summary = '';
  // Streaming keeps live memory flat, but formatting millions of numbers leaves garbage that V8 by
  // default lets grow to several times the live heap before collecting it; collecting when the heap
  // has grown by half keeps peak memory flat for a few percent of CPU (docs/PERFORMANCE.md).
  setFlagsFromString('--heap-growing-percent=50');
  const written = await writeOutputSet(f.out, '--out', async (set) => {
    const progress = progressReporter(f.quiet);
    const csv = set.create('timeseries.csv');
    const collector = new RunCollector((text) => csv.write(text));
    streamExperiment(plan, (scenario, r, result) => collector.add(scenario, r, result), progress.update);
    progress.stop();
    csv.close();
    summary = collector.summaryJson();
    set.writeFile('summary.json', summary);
    set.writeFile('distributions.json', collector.distributionsJson());
    const manifest = manifestJson(plan.scenarios, replicateSeeds(seed, reps), provenance, set.files());
    if (f.report || f.png) {
      // The report reads the run back from the staged files, as `report --from` reads a folder.
      set.writeFile('manifest.json', manifest);
      const [, { loadRun }] = await reportModules();
      await stageReport(set, loadRun(set.staging), f.png);
    }
    return manifest;
  });
  if (f.quiet) return;
  // Weeks count from 0, as in timeseries.csv: the final week of an 8-week run is week 7.
  const finalWeek = resolved.scenarios[0].weekly.length - 1;
  const summaries = (JSON.parse(summary) as { scenarios: Record<string, ScenarioSummary> }).scenarios;
  process.stdout.write(keyMetricsTable(resolved.scenarios.map((s) => ({ name: s.name, summary: summaries[s.name] })), finalWeek));
  process.stdout.write(`${printable(messages.wrote(f.out, outputNames(written)))}\n${printable(messages.reproduce(command))}\n`);
}

/**
 * Opens an output set on `dir`, lets `fill` stage its files (returning the manifest of its data
 * files), and commits it with manifest.json listing every file; on any failure the set is abandoned
 * and `dir` is left as it was. An I/O failure (a full disk, a permission) is a located problem, not a
 * crash. Returns the names of the files written.
 */
async function writeOutputSet(dir: string, flag: string, fill: (set: OutputSet) => Promise<string>): Promise<string[]> {
  const set = OutputSet.open(dir, flag);
  try {
    const manifest = await fill(set);
    const files = set.files();
    const { kept } = set.commit(manifestWithFiles(manifest, files));
    if (kept) process.stderr.write(`${printable(messages.keptAside(kept))}\n`);
    return [...Object.keys(files), 'manifest.json'];
  } catch (e) {
    set.abandon();
    const code = ioCode(e);
    if (code) throw new InputError([{ source: flag, path: [], message: messages.folderWriteFailed(dir, code) }], messages.problemCountNotKept(1));
    throw e;
  }
}

/** Is this file part of a run's report (rebuilt by `report`), rather than its data? */
function isReportFile(name: string): boolean {
  return name === 'report.html' || name.startsWith('charts/');
}

/** The report stage, loaded only when needed: the chart libraries take a second to load. */
async function reportModules(): Promise<[typeof import('../report/build.js'), typeof import('../report/readRun.js')]> {
  return Promise.all([import('../report/build.js'), import('../report/readRun.js')]);
}

/** Builds charts/ and report.html from a validated run and stages them. */
async function stageReport(set: OutputSet, run: RunData, png: boolean): Promise<void> {
  const [{ buildReport }] = await reportModules();
  for (const [name, data] of Object.entries(await buildReport(run, { png }))) set.writeFile(name, data);
}

/** Output names to list: top-level files, and the charts folder once. */
function outputNames(files: readonly string[]): string[] {
  return [...new Set(files.map((f) => (f.startsWith('charts/') ? 'charts/' : f)))].sort();
}

/** `tokenmaxx report --from DIR`: charts and report.html for a finished run, switched in with its data. */
export async function reportCommand(dir: string, png: boolean, quiet: boolean): Promise<void> {
  if (dir === '') throw new InputError([{ source: '--from', path: [], message: messages.folderEmptyPath('--from') }]);
  recoverFolder(dir, '--from');
  verifyRun(dir, '--from', RUN_DATA_FILES, isReportFile);
  const written = await writeOutputSet(dir, '--from', async (set) => {
    // Verified again under the lock, so that what is read is what was verified: no run can replace
    // the folder meanwhile. Every file's content is validated before anything uses it.
    const verified = verifyRun(dir, '--from', RUN_DATA_FILES, isReportFile);
    const [, { loadRun }] = await reportModules();
    const run = loadRun(dir);
    for (const [name, record] of Object.entries(verified.files)) if (!isReportFile(name)) set.carryOver(name, record);
    await stageReport(set, run, png);
    return manifestWithFiles(verified.manifestText, set.files());
  });
  if (!quiet) process.stdout.write(`${printable(messages.wrote(dir, outputNames(written.filter(isReportFile))))}\n`);
}
