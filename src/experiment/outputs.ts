/**
 * A run's output files, built replicate by replicate: the tidy time series (CSV), the summary and the
 * Lorenz curves (JSON), and the manifest (JSON). `RunCollector` takes each replicate as it finishes,
 * hands its CSV rows to a sink (a file, for the CLI) and keeps only what the summaries need, so
 * memory does not grow with weeks × replicates × scenarios. Numbers are written in JavaScript's
 * shortest round-trip form, so the same results always give the same bytes.
 */
import { createHash } from 'node:crypto';
import { METRIC_NAMES } from '../model/metrics.js';
import { LORENZ_GRID, type ReplicateResult } from '../model/simulate.js';
import type { FileTable } from '../output/folder.js';
import { ParquetStream, typedColumns } from '../output/parquet.js';
import { canonicalJson, scenarioRecord, type ResolvedScenario } from '../scenarios/resolve.js';
import type { PosteriorRecord } from './draws.js';
import { headlineScalars, runHeadline, type HeadlineLayout } from './headline.js';
import type { ScenarioResult } from './run.js';
import { replicateScalars, summarizeScalars } from './summarize.js';

/** Columns of timeseries.csv. */
export const TIMESERIES_COLUMNS = ['scenario', 'replicate', 'seed', 'week', ...METRIC_NAMES] as const;

/**
 * The data files of every run, in the order they are written: the one list of them, which the
 * writer (src/experiment/pipeline.ts), the verifier of a run folder and the report's reader use. A
 * report is built from these and manifest.json alone.
 */
export const RUN_DATA_FILES = ['timeseries.csv', 'summary.json', 'distributions.json'] as const;

/** A data file of a run. */
export type RunDataFile = (typeof RUN_DATA_FILES)[number];

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The header line of timeseries.csv. */
export function timeseriesHeader(): string {
  return `${TIMESERIES_COLUMNS.join(',')}\n`;
}

/** The rows of one replicate in timeseries.csv, one line per week. */
export function replicateRows(scenarioName: string, replicate: number, r: ReplicateResult): string {
  const name = csvField(scenarioName);
  const width = METRIC_NAMES.length;
  let text = '';
  for (let w = 0; w < r.weeks; w++) {
    let line = `${name},${replicate},${r.seed},${w}`;
    for (let m = 0; m < width; m++) line += `,${r.values[w * width + m]}`;
    text += `${line}\n`;
  }
  return text;
}

/**
 * timeseries.parquet, replicate by replicate: the rows of timeseries.csv, typed (src/output/parquet.ts).
 * `add` resolves once the writer has taken what it was handed, so rows do not pile up in memory.
 */
export function timeseriesParquet(file: { write(bytes: Uint8Array): void; close(): unknown }): { add(scenarioName: string, replicate: number, r: ReplicateResult): Promise<void>; close(): Promise<void> } {
  const table = new ParquetStream(typedColumns(TIMESERIES_COLUMNS, ['scenario', 'seed'], ['replicate', 'week']), (bytes) => file.write(bytes));
  const width = METRIC_NAMES.length;
  return {
    add: async (scenarioName, replicate, r) => {
      for (let w = 0; w < r.weeks; w++) table.add([scenarioName, replicate, r.seed, w, ...r.values.subarray(w * width, (w + 1) * width)]);
      await table.ready();
    },
    close: async () => {
      await table.close();
      file.close();
    },
  };
}

/**
 * Collects a run's outputs replicate by replicate. Replicates must arrive scenario by scenario, in
 * replicate order, so that files are the same bytes whatever computed them.
 */
export class RunCollector {
  private readonly scalars = new Map<string, Float64Array[]>();
  private readonly lorenzSums = new Map<string, Float64Array>();
  private readonly headlines = new Map<string, Float64Array[]>();

  /**
   * `sink` receives timeseries.csv in order, header first. With `headline`, summary.json also holds
   * the headline figures as intervals (src/experiment/headline.ts), laid out as it says.
   */
  constructor(
    private readonly sink: (text: string) => void,
    private readonly headline?: HeadlineLayout,
  ) {
    sink(timeseriesHeader());
  }

  /** Takes one finished replicate. */
  add(scenario: ResolvedScenario, replicate: number, r: ReplicateResult): void {
    this.sink(replicateRows(scenario.name, replicate, r));
    let list = this.scalars.get(scenario.name);
    if (!list) this.scalars.set(scenario.name, (list = []));
    list.push(replicateScalars(r));
    let sums = this.lorenzSums.get(scenario.name);
    if (!sums) this.lorenzSums.set(scenario.name, (sums = new Float64Array(LORENZ_GRID.length)));
    for (let k = 0; k < sums.length; k++) sums[k] += r.finalLorenz[k];
    if (this.headline) {
      let kept = this.headlines.get(scenario.name);
      if (!kept) this.headlines.set(scenario.name, (kept = []));
      kept.push(headlineScalars(r, this.headline.weeks));
    }
  }

  /** Each replicate's scalars (`replicateScalars`) of a scenario, in replicate order. */
  scalarsOf(name: string): readonly Float64Array[] {
    return this.scalars.get(name) ?? [];
  }

  /**
   * summary.json: per scenario and metric, estimates for the final week and the weekly mean; with a
   * headline layout, `headline` too (the figures as intervals, per scenario).
   */
  summaryJson(): string {
    const body = Object.fromEntries([...this.scalars].map(([name, list]) => [name, summarizeScalars(list)]));
    if (!this.headline) return JSON.stringify({ scenarios: body }, null, 2) + '\n';
    const headline = runHeadline(this.headline, [...this.scalars.keys()], (name) => this.headlines.get(name) ?? []);
    return JSON.stringify({ scenarios: body, headline }, null, 2) + '\n';
  }

  /**
   * distributions.json: per scenario, the final week's Lorenz curve of tokens (mean over replicates
   * at fixed population shares), which the token-inequality chart draws.
   */
  distributionsJson(): string {
    const scenarios = Object.fromEntries(
      [...this.lorenzSums].map(([name, sums]) => [name, { tokenLorenz: [...sums].map((s) => s / this.scalars.get(name)!.length) }]),
    );
    return JSON.stringify({ populationShares: LORENZ_GRID, scenarios }, null, 2) + '\n';
  }
}

/** timeseries.csv of results held in memory: one row per scenario × replicate × week. */
export function timeseriesCsv(results: readonly ScenarioResult[]): string {
  return collect(results).csv;
}

/** summary.json of results held in memory. */
export function summaryJson(results: readonly ScenarioResult[]): string {
  return collect(results).collector.summaryJson();
}

/** distributions.json of results held in memory. */
export function distributionsJson(results: readonly ScenarioResult[]): string {
  return collect(results).collector.distributionsJson();
}

function collect(results: readonly ScenarioResult[]): { csv: string; collector: RunCollector } {
  const parts: string[] = [];
  const collector = new RunCollector((t) => parts.push(t));
  for (const { scenario, replicates } of results) replicates.forEach((r, rep) => collector.add(scenario, rep, r));
  return { csv: parts.join(''), collector };
}

/** SHA-256 of a text, hex. */
export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The manifest's record of files given as texts (for runs held in memory). */
export function fileTable(files: Record<string, string | Uint8Array>): FileTable {
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((f) => [f, { sha256: sha256(files[f]), bytes: typeof files[f] === 'string' ? Buffer.byteLength(files[f] as string) : (files[f] as Uint8Array).length }]),
  );
}

/** What a manifest records about where and how a run was made. */
export interface Provenance {
  toolVersion: string;
  nodeVersion: string;
  gitCommit: string | null;
  command: string;
  seed: string | number;
  replicates: number;
}

/**
 * manifest.json, the commit record of an output set: provenance, every replicate seed, the resolved
 * scenarios, the posterior draws the run applied to them (when it drew any), and the sha256 and size
 * of every other file of the set.
 */
export function manifestJson(scenarios: readonly ResolvedScenario[], replicateSeeds: readonly string[], prov: Provenance, files: FileTable, posterior?: PosteriorRecord): string {
  const manifest = {
    tool: 'tokenmaxx',
    toolVersion: prov.toolVersion,
    nodeVersion: prov.nodeVersion,
    gitCommit: prov.gitCommit,
    command: prov.command,
    seed: prov.seed,
    replicates: prov.replicates,
    replicateSeeds,
    scenarios: scenarios.map(scenarioRecord),
    ...(posterior ? { posterior } : {}),
    files,
  };
  return canonicalJson(manifest, 2) + '\n';
}

/** The top-level fields of manifest.json, in the order manifestJson writes them. */
const MANIFEST_FIELDS = ['tool', 'toolVersion', 'nodeVersion', 'gitCommit', 'command', 'experiment', 'experimentId', 'sources', 'seed', 'replicates', 'replicateSeeds', 'scenarios', 'posterior'] as const;

/**
 * A manifest (already validated) with its table of files replaced, canonical like manifestJson.
 * Only the fields manifestJson writes are kept.
 */
export function manifestWithFiles(manifestText: string, files: FileTable): string {
  const parsed = JSON.parse(manifestText) as Record<string, unknown>;
  const kept = Object.fromEntries(MANIFEST_FIELDS.filter((k) => Object.hasOwn(parsed, k)).map((k) => [k, parsed[k]]));
  return canonicalJson({ ...kept, files }, 2) + '\n';
}
