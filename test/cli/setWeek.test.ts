/**
 * `--set PATH@WEEK=VALUE` through the command line: bad forms refused all at once (runCli,
 * in-process), and a run of the built program whose summary.json is that of the weekly parameters
 * the change stands for (those without it before WEEK, with the parameter replaced from WEEK on),
 * with the change in manifest.json's schedule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveRequest } from '../../src/experiment/pipeline.js';
import { summaryJson } from '../../src/experiment/outputs.js';
import { runExperiment } from '../../src/experiment/run.js';
import { PRESETS, SMALL, cli, expectRefused, expectSuccess, removeTempDirs, snapshot, spawnCli, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('--set PATH@WEEK=VALUE', () => {
  test('bad forms, a timed initial parameter and a week past the run are refused at once', async () => {
    const cwd = tempDir();
    const before = snapshot(cwd);
    const sets = ['a@=1', 'reviews.managerLeak@x=1', 'reviews.managerLeak@1.5=1', 'reviews.managerLeak@-1=1', 'population.employees@3=100', 'reviews.managerLeak@8=0', 'reviews.managerLeak@7=0'];
    const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, ...SMALL, ...sets.flatMap((s) => ['--set', s]), '--out', 'out']);
    const week = (text: string) => `the week in PATH@WEEK=VALUE is "${text}"; expected a whole number from 0 to 520 (weeks count from 0), e.g. --set reviews.managerLeak@26=0`;
    expect(expectRefused(res, cwd, before, 'out').lines).toEqual([
      `--set a@=1: ${week('')}`,
      expect.stringMatching(/^--set a@=1: \$\.a: unknown key "a"; allowed: weeks, population, /),
      `--set reviews.managerLeak@x=1: ${week('x')}`,
      `--set reviews.managerLeak@1.5=1: ${week('1.5')}`,
      `--set reviews.managerLeak@-1=1: ${week('-1')}`,
      expect.stringMatching(/^--set population\.employees@3=100: population\.employees is fixed for the whole run and cannot change from a week on; PATH@WEEK=VALUE may name a parameter of tokens, /),
      '--set reviews.managerLeak@8=0: week 8 is past the end of the run (weeks 0–7); the change would never apply',
    ]);
  });

  test('a run with --set reviews.managerLeak@10=0 writes the summary of the weekly parameters it stands for, and records the change', async () => {
    const cwd = tempDir();
    // 30 weeks: the review at week 26 is one where the leak matters.
    const flags = ['--scenarios', PRESETS, '--employees', '200', '--weeks', '30', '--reps', '2', '--seed', '7'];
    const res = await spawnCli(cwd, ['run', 'amazon-2026', ...flags, '--set', 'reviews.managerLeak@10=0', '--out', 'out']);
    expectSuccess(res);

    const [s] = resolveRequest({ scenariosFile: PRESETS, names: ['amazon-2026'], sets: ['weeks=30', 'population.employees=200'] }).scenarios;
    expect(s.weekly[0].reviews.managerLeak).toBe(0.4);
    const weekly = s.weekly.map((w, t) => (t < 10 ? w : { ...w, reviews: { ...w.reviews, managerLeak: 0 } }));
    const summary = (scenario: typeof s) => summaryJson(runExperiment({ scenarios: [scenario], seed: 7, replicates: 2 }));
    const expected = summary({ ...s, weekly });
    expect(readFileSync(join(cwd, 'out', 'summary.json'), 'utf8')).toBe(expected);
    // The change changed something.
    expect(expected).not.toBe(summary(s));

    const manifest = JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8')) as { scenarios: { name: string; schedule: unknown }[] };
    expect(manifest.scenarios.map((x) => [x.name, x.schedule])).toEqual([['amazon-2026', [{ week: 10, set: { 'reviews.managerLeak': 0 } }]]]);
  });
});
