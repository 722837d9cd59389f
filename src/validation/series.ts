/**
 * What a stylized fact reads: the weekly metrics of the replicates of each scenario it needs, as the
 * mean over replicates (the estimator of every fact's figure) or replicate by replicate.
 */
import { METRICS, METRIC_INDEX, type MetricName } from '../model/metrics.js';
import type { ReplicateResult } from '../model/simulate.js';
import type { WeekParameters } from '../scenarios/schema.js';

/** The runs of one scenario: its weekly parameters and its replicates' results, in replicate order. */
export interface ScenarioRuns {
  weekly: readonly WeekParameters[];
  results: readonly ReplicateResult[];
}

/** The metrics of every scenario a fact needs, by the name the fact gives the scenario. */
export interface Series {
  /** Weeks simulated (the same in every scenario). */
  readonly weeks: number;
  /** Replicates per scenario. */
  readonly replicates: number;
  /** The mean over replicates of `metric` in `week` (from 0). */
  mean(scenario: string, metric: MetricName, week: number): number;
  /** The mean over replicates of `metric` averaged over weeks [from, to). */
  meanOver(scenario: string, metric: MetricName, from: number, to: number): number;
  /** `metric` in `week`, replicate by replicate. */
  perReplicate(scenario: string, metric: MetricName, week: number): number[];
  /** The parameters in force in `week` (an audit's cost, the employees). */
  parameters(scenario: string, week: number): WeekParameters;
}

/**
 * The series of scenarios already run. Asking for a scenario that is not there throws: a fact read a
 * scenario it did not declare.
 * @throws {Error} when the scenarios disagree on weeks or replicates, or one has no replicate.
 */
export function seriesOf(runs: ReadonlyMap<string, ScenarioRuns>): Series {
  const all = [...runs.values()];
  const weeks = all[0]?.weekly.length ?? 0;
  const replicates = all[0]?.results.length ?? 0;
  for (const [name, r] of runs) {
    if (r.results.length === 0 || r.results.length !== replicates || r.weekly.length !== weeks || r.results.some((x) => x.weeks !== weeks)) {
      throw new Error(`seriesOf: scenario "${name}" has ${r.results.length} replicates of ${r.weekly.length} weeks, not ${replicates} of ${weeks}`);
    }
  }
  const of = (scenario: string): ScenarioRuns => {
    const r = runs.get(scenario);
    if (r === undefined) throw new Error(`seriesOf: scenario "${scenario}" was not run; a fact must list every scenario it reads`);
    return r;
  };
  const at = (r: ReplicateResult, metric: MetricName, week: number) => r.values[week * METRICS.length + METRIC_INDEX[metric]];
  const perReplicate = (scenario: string, metric: MetricName, week: number) => of(scenario).results.map((r) => at(r, metric, week));
  return {
    weeks,
    replicates,
    perReplicate,
    mean: (scenario, metric, week) => perReplicate(scenario, metric, week).reduce((a, b) => a + b, 0) / replicates,
    meanOver: (scenario, metric, from, to) => {
      let sum = 0;
      for (const r of of(scenario).results) for (let w = from; w < to; w++) sum += at(r, metric, w);
      return sum / (replicates * (to - from));
    },
    parameters: (scenario, week) => of(scenario).weekly[week],
  };
}
