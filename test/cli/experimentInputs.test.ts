/**
 * What a new user's mistakes with the experiment commands meet: refusals with exit 2 and every
 * problem named, nothing written or replaced — a design too large to build, a device as a design
 * file, intervals from one replicate, an --out that would replace another kind of result or one of
 * the study's own inputs — and a design file's method taken as written.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli, PRESETS, removeTempDirs, snapshot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const SMALL = ['--scenarios', PRESETS, '--employees', '60', '--weeks', '5', '--reps', '2', '--quiet'];

/** Exit 2, no trace, and the working folder exactly as it was. */
async function refused(cwd: string, args: readonly string[]): Promise<string> {
  const before = snapshot(cwd);
  const r = await cli(cwd, args);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(snapshot(cwd)).toEqual(before);
  return r.stderr;
}

describe('refused before anything runs', () => {
  test('a design too large to build, and a device as a design file', async () => {
    const cwd = tempDir();
    const big = await refused(cwd, ['sweep', 'amazon-2026', ...SMALL, '--vary', 'audits.rate=0:0.1', '--vary', 'reviews.rewardValue=15:60', '--vary', 'mandate.targetShare=0:1', '--levels', '1000']);
    expect(big).toMatch(/the design has 1,000,000,000 points; expected at most 100,000/);
    expect(await refused(cwd, ['sensitivity', 'amazon-2026', ...SMALL, '--method', 'sobol', '--samples', '524288'])).toMatch(/points; expected at most/);
    expect(await refused(cwd, ['sweep', 'amazon-2026', ...SMALL, '--design', '/dev/zero'])).toMatch(/\/dev\/zero: .*character device/);
  });

  test('a size the method does not use, and --minimize without --best, are refused rather than ignored', async () => {
    const cwd = tempDir();
    const sweep = await refused(cwd, ['sweep', 'amazon-2026', ...SMALL, '--vary', 'audits.rate=0:0.1', '--method', 'lhs', '--levels', '3', '--minimize']);
    expect(sweep).toMatch(/--levels: --levels is not used by --method lhs; expected --samples/);
    expect(sweep).toMatch(/--minimize: applies to a question/);
    expect(await refused(cwd, ['sweep', 'amazon-2026', ...SMALL, '--vary', 'audits.rate=0:0.1', '--samples', '4'])).toMatch(/--samples is not used by --method grid/);
    expect(await refused(cwd, ['sensitivity', 'amazon-2026', ...SMALL, '--method', 'sobol', '--trajectories', '4'])).toMatch(/--trajectories is not used by --method sobol/);
    expect(await refused(cwd, ['sensitivity', 'amazon-2026', ...SMALL, '--samples', '4'])).toMatch(/--samples is not used by --method morris/);
  });

  test('intervals need two replicates: compare and --best refuse one', async () => {
    const cwd = tempDir();
    const one = SMALL.map((a, i) => (SMALL[i - 1] === '--reps' ? '1' : a));
    expect(await refused(cwd, ['compare', 'baseline', 'amazon-2026', ...one])).toMatch(/--reps: compare needs at least 2 replicates/);
    expect(await refused(cwd, ['sweep', 'baseline', 'amazon-2026', ...one, '--best', 'netValuePerEmployeeUSD'])).toMatch(/--best .* needs at least 2 replicates/);
  });
});

describe('nothing of another kind is replaced without --force', () => {
  test('a run into a sweep folder, a study over a run folder or into one of its inputs', async () => {
    const cwd = tempDir();
    expect((await cli(cwd, ['sweep', 'baseline', 'amazon-2026', ...SMALL, '--out', 'policies'])).status).toBe(0);
    expect((await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'plain'])).status).toBe(0);
    expect(await refused(cwd, ['run', 'baseline', ...SMALL, '--out', 'policies'])).toMatch(/policies holds the results of a sweep or sensitivity analysis, not of a run; .*--force/);
    expect(await refused(cwd, ['report', '--from', 'policies', '--from', 'policies', '--out', 'policies'])).toMatch(/policies is one of the folders read/);
    expect(await refused(cwd, ['report', '--from', 'policies', '--from', 'policies', '--out', 'plain'])).toMatch(/plain holds the results of a run, not of a study report/);
    expect(await refused(cwd, ['report', '--from', 'plain', '--out', 'elsewhere'])).toMatch(/--out: a run's report is written into its own folder/);
    const forced = await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'policies', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
  });
});

test('a pipe named manifest.json in --out is refused, not read (which would block)', async () => {
  const cwd = tempDir();
  mkdirSync(join(cwd, 'piped'));
  expect(spawnSync('mkfifo', [join(cwd, 'piped', 'manifest.json')]).status).toBe(0);
  const r = await cli(cwd, ['sweep', 'baseline', 'amazon-2026', ...SMALL, '--out', 'piped']);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/piped/);
});

test("sensitivity takes a design file's method", async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'design.json'), JSON.stringify({ method: 'sobol', samples: 4, parameters: { 'reviews.rewardValue': { range: [15, 60] }, 'traits.integrityMedian': { range: [0.15, 0.6] } } }));
  const r = await cli(cwd, ['sensitivity', 'amazon-2026', ...SMALL, '--design', 'design.json', '--resamples', '20', '--metrics', 'wasteShare', '--out', 's']);
  expect(r.status, r.stderr).toBe(0);
  expect((JSON.parse(readFileSync(join(cwd, 's', 'design.json'), 'utf8')) as { method: string }).method).toBe('sobol');
});
