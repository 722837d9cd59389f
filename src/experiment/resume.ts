/**
 * Resuming a run or a comparison: its output folder's checkpoint (src/output/checkpoint.ts) seen as
 * a store of results (run.ts's `RunStore`), so that the runs an interrupted attempt of the same
 * command finished are taken from it and every run finished now is kept in it. Run `index` is
 * scenario × replicates + replicate; a study's extra runs come after (compare's B on seeds R..2R−1).
 */
import { METRICS } from '../model/metrics.js';
import { replicateSeed } from '../model/rng.js';
import { LORENZ_GRID } from '../model/simulate.js';
import { canonicalJson, scenarioRecord, type ResolvedScenario } from '../scenarios/resolve.js';
import type { WeekParameters } from '../scenarios/schema.js';
import type { RunWriter } from './destination.js';
import type { PosteriorRecord } from './draws.js';
import { sha256 } from './outputs.js';
import type { RunOptions, Study } from './pipeline.js';
import type { RunStore } from './run.js';

/**
 * A run's checkpoint as a store of results: each record holds a run's metric values (padded to the
 * longest scenario), its final Lorenz curve and, when a study needs them, its final strategies.
 * With posterior draws, `options.replicates` counts every replicate of a scenario (draws × replicates
 * per draw), `posterior.weeklyOf` gives each one's parameters, and the draws are part of the
 * experiment's id (a checkpoint of other draws is another experiment's).
 */
export function checkpointStore(
  writer: RunWriter,
  scenarios: readonly ResolvedScenario[],
  options: Pick<RunOptions, 'seed' | 'replicates' | 'provenance'>,
  study?: Study,
  posterior?: { record: PosteriorRecord; weeklyOf: (scenarioIndex: number, replicate: number) => readonly WeekParameters[] },
): { store?: RunStore; close(): void } {
  if (!writer.checkpoint) return { close: () => {} };
  const R = options.replicates;
  const extra = study?.extra(options) ?? { runs: 0, strategies: false };
  const runs = scenarios.length * R + extra.runs;
  const width = METRICS.length;
  const maxWeeks = Math.max(...scenarios.map((sc) => sc.weekly.length));
  const employees = Math.max(...scenarios.map((sc) => sc.weekly[0].population.employees));
  const size = maxWeeks * width + LORENZ_GRID.length + (extra.strategies ? employees : 0);
  const experiment = sha256(
    canonicalJson({ toolVersion: options.provenance.toolVersion, kind: study?.kind ?? 'run', scenarios: scenarios.map(scenarioRecord), seed: options.seed, replicates: R, extraRuns: extra.runs, ...(posterior ? { posterior: posterior.record } : {}) }),
  );
  const checkpoint = writer.checkpoint({ experiment, runs, width: size });
  // A study's extra runs are of its last scenario, on seeds R, R + 1, … (compare's B on independent seeds).
  const at = (index: number) => {
    const sc = index < scenarios.length * R ? Math.floor(index / R) : scenarios.length - 1;
    const replicate = index < scenarios.length * R ? index % R : R + index - scenarios.length * R;
    return { weekly: posterior?.weeklyOf(sc, replicate) ?? scenarios[sc].weekly, seed: replicateSeed(options.seed, replicate) };
  };
  const store: RunStore = {
    has: (index) => checkpoint.done.has(index),
    take: (index) => {
      const v = checkpoint.done.get(index);
      if (!v) return undefined;
      checkpoint.done.delete(index);
      const { weekly, seed } = at(index);
      const weeks = weekly.length;
      const n = weekly[0].population.employees;
      const lorenzAt = maxWeeks * width;
      return {
        seed,
        weeks,
        values: v.slice(0, weeks * width),
        finalLorenz: Array.from(v.subarray(lorenzAt, lorenzAt + LORENZ_GRID.length)),
        finalStrategies: extra.strategies ? Uint8Array.from(v.subarray(lorenzAt + LORENZ_GRID.length, lorenzAt + LORENZ_GRID.length + n)) : new Uint8Array(0),
      };
    },
    keep: (index, result) => {
      const record = new Float64Array(size);
      record.set(result.values);
      record.set(result.finalLorenz, maxWeeks * width);
      if (extra.strategies) record.set(result.finalStrategies, maxWeeks * width + LORENZ_GRID.length);
      checkpoint.append(index, record);
    },
  };
  return { store, close: () => checkpoint.close() };
}
