/**
 * An interrupted experiment loses nothing: killed with SIGKILL part-way (paused at an exact file
 * operation, then killed from outside, so the test is exact on any machine), the same command run
 * again simulates only the runs missing from its checkpoint and writes files byte-identical to a run
 * that was never interrupted. A folder of another experiment is refused unless --force.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PRESETS, removeTempDirs, spawnCli, spawnPaused, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const SMALL = ['--scenarios', PRESETS, '--employees', '300', '--weeks', '12', '--workers', '1', '--quiet'];
const SWEEP = ['sweep', 'amazon-2026', ...SMALL, '--reps', '3', '--vary', 'reviews.managerLeak=0:0.5', '--levels', '4'];
const RUN = ['run', 'amazon-2026', 'baseline', ...SMALL, '--reps', '3'];
const COMPARE = ['compare', 'baseline', 'amazon-2026', ...SMALL, '--reps', '3'];

/** Runs `args` into `out` whole, logging its file operations; returns their labels. */
async function whole(cwd: string, args: readonly string[], out: string): Promise<string[]> {
  const log = join(cwd, `${out}.ops`);
  const r = await spawnCli(cwd, [...args, '--out', out], { TOKENMAXX_FAULT_LOG: log });
  expect(r.status, r.stderr).toBe(0);
  const labels = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\d+ /, ''));
  rmSync(log);
  return labels;
}

/** Starts `args` into `out`, pauses it before its `nth` checkpoint append, and kills it with SIGKILL. */
async function killBeforeAppend(cwd: string, args: readonly string[], out: string, labels: readonly string[], nth: number): Promise<void> {
  const appends = labels.flatMap((l, i) => (l === 'append checkpoint' ? [i + 1] : []));
  expect(appends.length).toBeGreaterThan(nth);
  const { paused, done, kill } = spawnPaused(cwd, [...args, '--out', out], { TOKENMAXX_FAULT: `pause@${appends[nth]}`, TOKENMAXX_FAULT_RESUME: join(cwd, 'never') });
  await paused;
  kill();
  expect((await done).signal).toBe('SIGKILL');
  expect(existsSync(join(cwd, `.${out}.tokenmaxx-checkpoint`))).toBe(true);
}

/** The other experiment: --levels 4 made 2. */
const other = (args: readonly string[]) => args.map((a, i) => (args[i - 1] === '--levels' ? '2' : a));

describe('resume', () => {
  for (const [name, args, files] of [
    ['a sweep', SWEEP, ['sweep.csv', 'sweep-summary.csv', 'design.json']],
    ['a run', RUN, ['timeseries.csv', 'summary.json', 'distributions.json']],
    ['a comparison', COMPARE, ['timeseries.csv', 'summary.json', 'comparison.csv', 'flows.csv']],
  ] as const) {
    test(`${name} killed with SIGKILL part-way: the same command simulates only what is missing and gives the same bytes`, async () => {
      const cwd = tempDir();
      const labels = await whole(cwd, args, 'whole');
      const runs = labels.filter((l) => l === 'append checkpoint').length;
      await killBeforeAppend(cwd, args, 'cut', labels, 3);
      expect(existsSync(join(cwd, 'cut'))).toBe(false);
      // Without --quiet, progress counts the runs still to simulate (a sweep's; a run's counts all).
      const resumed = await spawnCli(cwd, [...args.filter((a) => a !== '--quiet'), '--out', 'cut']);
      expect(resumed.status, resumed.stderr).toBe(0);
      if (name === 'a sweep') expect(Number(/\/(\d+) runs/.exec(resumed.stderr)?.[1])).toBe(runs - 3);
      for (const f of files) expect(readFileSync(join(cwd, 'cut', f), 'utf8'), f).toBe(readFileSync(join(cwd, 'whole', f), 'utf8'));
      // The checkpoint is gone once the set is committed; nothing else of tokenmaxx's is left beside it.
      expect(readdirSync(cwd).filter((n) => n.startsWith('.cut'))).toEqual([]);
    }, 60_000);
  }

  test('a folder of another experiment is refused, not overwritten, unless --force', async () => {
    const cwd = tempDir();
    await whole(cwd, SWEEP, 'x');
    const before = readFileSync(join(cwd, 'x', 'sweep.csv'), 'utf8');
    const refused = await spawnCli(cwd, [...other(SWEEP), '--out', 'x']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/holds the results of another experiment.*--force/);
    expect(readFileSync(join(cwd, 'x', 'sweep.csv'), 'utf8')).toBe(before);
    const forced = await spawnCli(cwd, [...other(SWEEP), '--out', 'x', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'x', 'sweep.csv'), 'utf8')).not.toBe(before);
  }, 60_000);

  test('a checkpoint of another experiment is refused unless --force', async () => {
    const cwd = tempDir();
    const labels = await whole(cwd, SWEEP, 'w');
    await killBeforeAppend(cwd, SWEEP, 'y', labels, 2);
    const refused = await spawnCli(cwd, [...other(SWEEP), '--out', 'y']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/checkpoint/);
    const forced = await spawnCli(cwd, [...other(SWEEP), '--out', 'y', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
  }, 60_000);
});
