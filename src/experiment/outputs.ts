/**
 * Output files as text, built by pure functions: the tidy time series (CSV), the summary (JSON) and
 * the manifest (JSON). Numbers are written in JavaScript's shortest round-trip form, so the same
 * results always give the same bytes.
 */
import { createHash } from 'node:crypto';
import { METRIC_NAMES } from '../model/metrics.js';
import { LORENZ_GRID } from '../model/simulate.js';
import { canonicalJson, scenarioRecord } from '../scenarios/resolve.js';
import type { ScenarioResult } from './run.js';
import { summarizeScenario } from './summarize.js';

/** Columns of timeseries.csv. */
export const TIMESERIES_COLUMNS = ['scenario', 'replicate', 'seed', 'week', ...METRIC_NAMES] as const;

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** timeseries.csv: one row per scenario × replicate × week. */
export function timeseriesCsv(results: readonly ScenarioResult[]): string {
  const lines = [TIMESERIES_COLUMNS.join(',')];
  const width = METRIC_NAMES.length;
  for (const { scenario, replicates } of results) {
    const name = csvField(scenario.name);
    replicates.forEach((r, rep) => {
      for (let w = 0; w < r.weeks; w++) {
        const cells = [name, String(rep), r.seed, String(w)];
        for (let m = 0; m < width; m++) cells.push(String(r.values[w * width + m]));
        lines.push(cells.join(','));
      }
    });
  }
  return lines.join('\n') + '\n';
}

/** summary.json: per scenario and metric, estimates for the final week and the weekly mean. */
export function summaryJson(results: readonly ScenarioResult[]): string {
  const body = Object.fromEntries(results.map((r) => [r.scenario.name, summarizeScenario(r)]));
  return JSON.stringify({ scenarios: body }, null, 2) + '\n';
}

/**
 * distributions.json: per scenario, the final week's Lorenz curve of tokens (mean over replicates at
 * fixed population shares), which the token-inequality chart draws.
 */
export function distributionsJson(results: readonly ScenarioResult[]): string {
  const scenarios = Object.fromEntries(
    results.map(({ scenario, replicates }) => [
      scenario.name,
      { tokenLorenz: LORENZ_GRID.map((_, k) => replicates.reduce((a, r) => a + r.finalLorenz[k], 0) / replicates.length) },
    ]),
  );
  return JSON.stringify({ populationShares: LORENZ_GRID, scenarios }, null, 2) + '\n';
}

/** SHA-256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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

/** manifest.json: provenance, every replicate seed, resolved scenarios and the hash of every file. */
export function manifestJson(results: readonly ScenarioResult[], prov: Provenance, files: Record<string, string>): string {
  const replicateSeeds = results[0]?.replicates.map((r) => r.seed) ?? [];
  const manifest = {
    tool: 'tokenmaxx',
    toolVersion: prov.toolVersion,
    nodeVersion: prov.nodeVersion,
    gitCommit: prov.gitCommit,
    command: prov.command,
    seed: prov.seed,
    replicates: prov.replicates,
    replicateSeeds,
    scenarios: results.map((r) => scenarioRecord(r.scenario)),
    files: Object.fromEntries(Object.keys(files).sort().map((f) => [f, { sha256: sha256(files[f]) }])),
  };
  return JSON.stringify(JSON.parse(canonicalJson(manifest)), null, 2) + '\n';
}
