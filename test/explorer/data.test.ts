/**
 * The data the report embeds for its explorer, from a small run of every preset made through the
 * library: each scenario resolved again from the manifest, the arguments of the run's command that
 * shape its scenarios, the state the explorer opens with, and a run it cannot carry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFragment, stateFragment } from '../../src/explorer/command.js';
import { explorerData, type ExplorerData } from '../../src/explorer/data.js';
import { exploredWeeks } from '../../src/explorer/weekly.js';
import type { RunData } from '../../src/plots/data.js';
import { referenceScenario } from '../../src/report/headline.js';
import { readRunTexts } from '../../src/report/readRun.js';
import { parseSetArguments, resolveScenario } from '../../src/scenarios/resolve.js';
import { smallRunFiles } from '../fixtures.js';
import { presets } from '../helpers.js';

/** The run's scenarios as smallRunFiles resolves them. */
const resolvedAgain = (name: string) => resolveScenario(presets, name, parseSetArguments(['population.employees=400', 'weeks=30']));

/** The run with its manifest changed by `change`. */
const withManifest = (run: RunData, change: (m: RunData['manifest']) => RunData['manifest']): RunData => ({ ...run, manifest: change(structuredClone(run.manifest)) });

const dataOf = (run: RunData, reference = referenceScenario(run)): ExplorerData => {
  const result = explorerData(run, reference);
  if (!('data' in result)) throw new Error(result.unavailable);
  return result.data;
};

describe('explorerData', () => {
  let run: RunData;
  beforeAll(() => {
    run = readRunTexts(smallRunFiles());
  });

  it('carries one scenario per manifest scenario, in its order, with its description', () => {
    const data = dataOf(run);
    expect(data.scenarios.map((s) => s.name)).toEqual(run.manifest.scenarios.map((s) => s.name));
    for (const s of data.scenarios) expect(s.description, s.name).toBe(resolvedAgain(s.name).description);
  });

  it('each scenario unpacks to the weeks of resolving its preset again, schedules included', () => {
    const data = dataOf(run);
    for (const s of data.scenarios) {
      const weekly = resolvedAgain(s.name).weekly;
      expect(exploredWeeks(s.packed, { weeks: weekly.length, employees: 400, fromWeek: 0, set: [] }), s.name).toEqual(weekly);
    }
    expect(data.scenarios.find((s) => s.name === 'leaderboard-deprecated')!.packed.changes).toEqual([[26, 'leaderboard.visibility', 'none']]);
  });

  it('carries the run seed and its weeks as the most the explorer can run', () => {
    const data = dataOf(run);
    expect(data.seed).toBe('report-test');
    expect(data.maxWeeks).toBe(30);
  });

  it('baseArgs carry the --scenarios and --set arguments of the run\'s command, and nothing else', () => {
    expect(dataOf(run).baseArgs).toEqual([]);
    const command = "tokenmaxx run amazon-2026 baseline --reps 3 --set 'economics.pricePerMTokUSD=1.5' -s my.json --report --set=reviews.managerLeak=0.2 --weeks 30";
    const data = dataOf(withManifest(run, (m) => ({ ...m, command })));
    expect(data.baseArgs).toEqual(['--set', 'economics.pricePerMTokUSD=1.5', '--scenarios', 'my.json', '--set', 'reviews.managerLeak=0.2']);
  });

  it('opens with the most wasteful scenario other than the reference', () => {
    const waste = (name: string) => run.summary[name].wasteShare.weeklyMean.mean;
    const byWaste = [...run.scenarios].sort((a, b) => waste(b) - waste(a));
    const reference = referenceScenario(run);
    expect(dataOf(run, reference).initial.scenario).toBe(byWaste.filter((s) => s !== reference)[0]);
    // With the most wasteful as the reference, the next one.
    expect(dataOf(run, byWaste[0]).initial.scenario).toBe(byWaste[1]);
  });

  it('opens with a state the explorer can run, whose own link reopens it with nothing ignored', () => {
    const data = dataOf(run);
    const ctx = { scenarios: data.scenarios.map((s) => s.name), seed: data.seed, maxWeeks: data.maxWeeks, baseArgs: data.baseArgs };
    expect(data.initial).toMatchObject({ fromWeek: 0, set: [] });
    expect(data.initial.weeks).toBeLessThanOrEqual(data.maxWeeks);
    expect(parseFragment(stateFragment(data.initial), ctx, data.initial)).toEqual({ state: data.initial, ignored: [] });
  });

  it('is JSON: what the report embeds reads back the same', () => {
    const data = dataOf(run);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('a manifest scenario this version cannot resolve gives { unavailable } naming it, instead of throwing', () => {
    const renamed = withManifest(run, (m) => {
      const s = m.scenarios.find((x) => x.name === 'audited')!;
      (s.parameters.audits as Record<string, unknown>).oldRate = 0.1;
      return m;
    });
    const result = explorerData(renamed, referenceScenario(run));
    expect(result).toEqual({ unavailable: expect.stringContaining('scenario "audited" of manifest.json cannot be resolved again') });
    expect((result as { unavailable: string }).unavailable).toContain('oldRate');

    const badExpression = withManifest(run, (m) => {
      (m.scenarios[0].parameters.mandate as Record<string, unknown>).pressure = 'import(t)';
      return m;
    });
    expect(explorerData(badExpression, referenceScenario(run))).toEqual({ unavailable: expect.stringContaining(JSON.stringify(run.manifest.scenarios[0].name)) });

    const lateSchedule = withManifest(run, (m) => {
      m.scenarios[0].schedule = [{ week: 40, set: { 'audits.rate': 0.1 } }];
      return m;
    });
    expect(explorerData(lateSchedule, referenceScenario(run))).toHaveProperty('unavailable');
  });
});
