/**
 * Sweeps (src/experiment/sweep.ts, design.ts): designs from --vary and from files, checked like
 * scenario files; runs on common replicate seeds at every point; sweep.csv and sweep-summary.csv
 * against each other; the constrained best point and its ties; the same bytes for any number of
 * workers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { designPoints, loadDesignFile, parseVaryArguments, type DesignSpec } from '../../src/experiment/design.js';
import { MemoryDestination } from '../../src/experiment/destination.js';
import { answerBest, sweepPipeline, type SweepOptions } from '../../src/experiment/sweep.js';
import { METRIC_NAMES } from '../../src/model/metrics.js';
import { InputError, formatProblem } from '../../src/scenarios/problems.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function file(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-sweep-'));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const SCENARIOS = file('scenarios.json', {
  scenarios: {
    base: { weeks: 10, population: { employees: 240 }, leaderboard: { visibility: 'org' }, mandate: { type: 'weekly-use', targetShare: 0.5, pressure: 0.4 } },
  },
});
const TWO = file('two.json', {
  scenarios: {
    base: { weeks: 10, population: { employees: 240 }, leaderboard: { visibility: 'org' }, mandate: { type: 'weekly-use', targetShare: 0.5, pressure: 0.4 } },
    calm: { extends: 'base', leaderboard: { visibility: 'none' } },
  },
});
const PROVENANCE = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };
const OPTIONS: SweepOptions = { seed: 'sweep', replicates: 3, workers: 1, provenance: PROVENANCE };

function spec(vary: string[], method: DesignSpec['method'] = 'grid', sizes: Partial<DesignSpec> = {}): DesignSpec {
  const { parameters, problems } = parseVaryArguments(vary);
  expect(problems).toEqual([]);
  return { method, levels: 3, samples: 4, trajectories: 2, parameters, ...sizes };
}

async function sweep(design: DesignSpec, options: Partial<SweepOptions> = {}) {
  const destination = new MemoryDestination();
  const result = await sweepPipeline({ scenariosFile: SCENARIOS, design }, { ...OPTIONS, ...options }, destination);
  return { ...result, files: destination.files as Record<string, string> };
}

const problemsOf = (e: unknown) => (e as InputError).problems.map(formatProblem).join('\n');

describe('designs', () => {
  test('--vary: values and ranges, checked against the schema like --set', () => {
    const ok = parseVaryArguments(['mandate.targetShare=0.3:0.9', 'leaderboard.visibility=none,team,org', 'audits.rate=0,0.02']);
    expect(ok.problems).toEqual([]);
    expect(ok.parameters.map((p) => [p.path, p.range ?? p.values])).toEqual([
      ['mandate.targetShare', [0.3, 0.9]],
      ['leaderboard.visibility', ['none', 'team', 'org']],
      ['audits.rate', [0, 0.02]],
    ]);
    const bad = parseVaryArguments(['mandate.targetShare=0.3:1.5', 'leaderboard.visibility=0:1', 'mandate.tagretShare=1,2', 'audits=0,1', 'nonsense', 'audits.rate=0.1,0.1']);
    const text = bad.problems.map(formatProblem).join('\n');
    expect(text).toMatch(/mandate\.targetShare.*1\.5 is not allowed/);
    expect(text).toMatch(/leaderboard\.visibility takes choices/);
    expect(text).toMatch(/did you mean "targetShare"/);
    expect(text).toMatch(/is a section, not a parameter/);
    expect(text).toMatch(/expected PATH=a,b,c/);
    expect(text).toMatch(/lists a value twice/);
  });

  test('a design file: checked against its schema, every problem located at its line', () => {
    const path = file('design.json', '{\n  "method": "grid",\n  "levels": 0,\n  "parameters": {\n    "mandate.targetShare": { "range": [0.9, 0.3] },\n    "leaderboard.visibility": { "values": ["public"] }\n  }\n}\n');
    const { problems } = loadDesignFile(path);
    const text = problems.map(formatProblem).join('\n');
    expect(text).toMatch(/design\.json:3:\d+: \$\.levels/);
    expect(text).toMatch(/design\.json:5:\d+: .*runs from 0\.9 down to 0\.3/);
    expect(text).toMatch(/design\.json:6:\d+: .*"public" is not allowed/);
    const vague = loadDesignFile(file('vague.json', { parameters: { 'audits.rate': { range: [0, 'x'] }, 'reviews.rewardValue': { range: [1, 2], step: 1 } } }));
    const said = vague.problems.map(formatProblem).join('\n');
    expect(said).toMatch(/\$\.parameters\["audits\.rate"\]\.range\[1\]: "x" is not allowed; expected a number/);
    expect(said).toMatch(/unknown key "step"; allowed: values, range/);
    expect(loadDesignFile(file('empty.json', {})).problems.map(formatProblem).join('\n')).toMatch(/\$\.parameters: nothing is not allowed; expected an object of parameter path/);
    const good = loadDesignFile(file('design.json', { method: 'lhs', samples: 7, parameters: { 'audits.rate': { range: [0, 0.05] } } }));
    expect(good.problems).toEqual([]);
    expect(good.spec?.samples).toBe(7);
  });

  test('grid points: the product, first parameter slowest; lhs takes every value of a list equally', () => {
    const g = designPoints(spec(['mandate.targetShare=0.2:0.8', 'leaderboard.visibility=none,org']), 'x');
    expect(g.values).toEqual([
      [0.2, 'none'],
      [0.2, 'org'],
      [0.5, 'none'],
      [0.5, 'org'],
      [0.8, 'none'],
      [0.8, 'org'],
    ]);
    const l = designPoints(spec(['leaderboard.visibility=none,team,org'], 'lhs', { samples: 6 }), 'x');
    expect(l.values.map((v) => v[0]).sort()).toEqual(['none', 'none', 'org', 'org', 'team', 'team']);
  });
});

describe('a sweep', async () => {
  const design = spec(['mandate.targetShare=0.3,0.9', 'leaderboard.visibility=none,org']);
  const { files, summaries, design: points } = await sweep(design, { best: { metric: 'netValuePerEmployeeUSD', statistic: 'weeklyMean', where: 'adoptionRate >= 0.6' } });
  const rows = files['sweep.csv'].trim().split('\n');
  const header = rows[0].split(',');

  test('sweep.csv: one row per point × replicate, every point on the same replicate seeds', () => {
    expect(rows).toHaveLength(1 + 4 * 3);
    expect(header.slice(0, 6)).toEqual(['scenario', 'point', 'mandate.targetShare', 'leaderboard.visibility', 'replicate', 'seed']);
    expect(header).toHaveLength(6 + 2 * METRIC_NAMES.length);
    const seeds = (k: number) => rows.slice(1).filter((r) => r.split(',')[1] === String(k)).map((r) => r.split(',')[5]);
    for (let k = 1; k < 4; k++) expect(seeds(k)).toEqual(seeds(0));
    expect(points.values).toHaveLength(4);
  });

  test('sweep-summary.csv: each point and metric is the mean and t-interval of its rows in sweep.csv', () => {
    const col = header.indexOf('netValuePerEmployeeUSD.weeklyMean');
    const summary = files['sweep-summary.csv'].trim().split('\n');
    expect(summary).toHaveLength(1 + 4 * 2 * METRIC_NAMES.length);
    for (let k = 0; k < 4; k++) {
      const xs = rows.slice(1).filter((r) => r.split(',')[1] === String(k)).map((r) => Number(r.split(',')[col]));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const line = summary.find((l) => l.startsWith(`base,${k},`) && l.includes(',netValuePerEmployeeUSD,weeklyMean,'))!;
      expect(Number(line.split(',')[7])).toBeCloseTo(mean, 9);
      expect(summaries[k].estimates.weeklyMean[METRIC_NAMES.indexOf('netValuePerEmployeeUSD')].mean).toBeCloseTo(mean, 9);
    }
  });

  test('--best with --where: the best point meeting the condition, and the ties by paired intervals', () => {
    const adoption = METRIC_NAMES.indexOf('adoptionRate');
    const net = METRIC_NAMES.indexOf('netValuePerEmployeeUSD');
    const answer = answerBest({ metric: 'netValuePerEmployeeUSD', statistic: 'weeklyMean', where: 'adoptionRate >= 0.6' }, summaries);
    const eligible = summaries.filter((p) => p.estimates.weeklyMean[adoption].mean >= 0.6);
    expect(answer.eligible).toBe(eligible.length);
    const top = Math.max(...eligible.map((p) => p.estimates.weeklyMean[net].mean));
    expect(answer.best?.estimates.weeklyMean[net].mean).toBe(top);
    for (const t of answer.tied) expect(t.difference.ci95[0] <= 0 && t.difference.ci95[1] >= 0).toBe(true);
    // A condition mathjs cannot order (a complex square root) is not met, not a crash.
    expect(answerBest({ metric: 'netValuePerEmployeeUSD', statistic: 'weeklyMean', where: 'sqrt(netValuePerEmployeeUSD - 1e9) > 0' }, summaries).eligible).toBe(0);
    const none = answerBest({ metric: 'netValuePerEmployeeUSD', statistic: 'weeklyMean', where: 'adoptionRate > 2' }, summaries);
    expect(none.best).toBeUndefined();
    const minimum = answerBest({ metric: 'wasteShare', statistic: 'final', minimize: true }, summaries);
    expect(minimum.best?.estimates.final[METRIC_NAMES.indexOf('wasteShare')].mean).toBe(Math.min(...summaries.map((p) => p.estimates.final[METRIC_NAMES.indexOf('wasteShare')].mean)));
  });

  test('the same bytes with 2 workers as in this thread', async () => {
    const two = await sweep(design, { workers: 2, best: { metric: 'netValuePerEmployeeUSD', statistic: 'weeklyMean' } });
    expect(two.files['sweep.csv']).toBe(files['sweep.csv']);
    expect(two.files['sweep-summary.csv']).toBe(files['sweep-summary.csv']);
  });
});

describe('a sweep over scenarios alone', () => {
  test('nothing varied: each scenario is one point, on the same seeds, and --best picks among them', async () => {
    const destination = new MemoryDestination();
    const result = await sweepPipeline(
      { scenariosFile: TWO, names: ['base', 'calm'], design: { method: 'grid', levels: 5, samples: 1, trajectories: 1, parameters: [] } },
      { ...OPTIONS, best: { metric: 'wasteShare', statistic: 'weeklyMean', minimize: true } },
      destination,
    );
    expect(result.summaries.map((p) => [p.scenario, p.point, p.values])).toEqual([
      ['base', 0, []],
      ['calm', 0, []],
    ]);
    const waste = METRIC_NAMES.indexOf('wasteShare');
    const lowest = [...result.summaries].sort((a, b) => a.estimates.weeklyMean[waste].mean - b.estimates.weeklyMean[waste].mean)[0];
    expect(result.best?.best?.scenario).toBe(lowest.scenario);
    expect(String(destination.files['sweep.csv']).split('\n')[0]).toMatch(/^scenario,point,replicate,seed,/);
  });
});

describe('refusals', () => {
  test('bad --best, bad --where and a point a schedule cannot take are refused together, before anything runs', async () => {
    const e = await sweep(spec(['mandate.targetShare=0.3,0.9']), { best: { metric: 'netValue', statistic: 'final', where: 'adoption >= 0.8 && import("fs")' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    const text = problemsOf(e);
    expect(text).toMatch(/--best: "netValue" is not a metric/);
    expect(text).toMatch(/--where/);
  });
});

describe('tokenmaxx sweep', () => {
  test('prints the ranked points and the best answer, and writes the sweep', async () => {
    const { cli, tempDir } = await import('../cli/helpers.js');
    const dir = tempDir();
    const args = ['sweep', '--scenarios', SCENARIOS, '--reps', '2', '--vary', 'reviews.managerLeak=0:0.5', '--levels', '2', '--best', 'netValuePerEmployeeUSD', '--where', 'adoptionRate >= 0'];
    const r = await cli(dir, [...args, '--out', 'a']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 points; the top 2 by netValuePerEmployeeUSD/);
    expect(r.stdout).toMatch(/Best by netValuePerEmployeeUSD \(weeklyMean, highest\) where adoptionRate >= 0 \(2 of 2 points\)/);
    const { readFileSync } = await import('node:fs');
    const b = await cli(dir, [...args, '--out', 'b', '--workers', '2', '--quiet']);
    expect(b.status, b.stderr).toBe(0);
    for (const f of ['sweep.csv', 'sweep-summary.csv', 'design.json']) expect(readFileSync(join(dir, 'b', f), 'utf8')).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
  });

  test('bad designs and conditions: exit 2, one line per problem, all at once, nothing written', async () => {
    const { cli, tempDir } = await import('../cli/helpers.js');
    const dir = tempDir();
    const design = file('bad-design.json', { method: 'morris', parameters: { 'audits.rate': { range: [0, 2] } } });
    const r = await cli(dir, ['sweep', '--scenarios', SCENARIOS, '--design', design, '--vary', 'audits.rate=0,1', '--where', 'x > 1', '--levels', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/audits\.rate.*2 is not allowed/);
    expect(r.stderr).toMatch(/audits\.rate is varied twice/);
    expect(r.stderr).toMatch(/--method.*grid or lhs|morris and sobol are for/);
    expect(r.stderr).toMatch(/--where: applies to a question; expected --best METRIC/);
    expect(r.stderr).toMatch(/--levels/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const none = await cli(dir, ['sweep', '--scenarios', SCENARIOS]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/varies nothing/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'out-sweep'))).toBe(false);
  });
});
