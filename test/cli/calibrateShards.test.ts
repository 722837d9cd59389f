/**
 * A calibration across machines, in rounds: each round's shards simulate their share of the batch
 * the calibration needs next, each merge either asks for another round or writes the calibration,
 * and the calibration written is the one `calibrate` writes on one machine, byte for byte. Rounds
 * that do not belong together are refused.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli, expectRefused, expectSuccess, PRESETS, removeTempDirs, snapshot, spawnCli, spawnPaused, tempDir } from './helpers.js';

afterAll(removeTempDirs);

// Two facts that run at the calibration's own size: the test stays small.
const TINY = ['calibrate', '--scenarios', PRESETS, '--parameters', 'traits.beliefPrior,mandate.pressure', '--employees', '40', '--weeks', '38', '--particles', '12', '--generations', '2', '--workers', '1', '--facts', 'deprecation,audits', '--quiet'];

/** Runs the rounds of TINY in `cwd` with `n` shards each until a merge writes the calibration; returns every merged folder, the calibration's last. */
async function rounds(cwd: string, n: number): Promise<string[]> {
  const merged: string[] = [];
  for (let r = 0; r < 10; r++) {
    const after = merged.length > 0 ? ['--after', merged[merged.length - 1]] : [];
    for (let i = n - 1; i >= 0; i--) expectSuccess(await cli(cwd, [...TINY, ...after, '--shard', `${i}/${n}`, '--out', `r${r}/${i}`]));
    merged.push(`m${r}`);
    expectSuccess(await cli(cwd, ['merge', ...Array.from({ length: n }, (_, i) => `r${r}/${i}`), '--out', `m${r}`]));
    if (existsSync(join(cwd, `m${r}`, 'posterior.json'))) return merged;
  }
  throw new Error('the calibration did not finish in 10 rounds');
}

describe('a calibration in rounds of shards', () => {
  test('3 shards a round: the merged calibration is the one calibrate writes on one machine, byte for byte', async () => {
    const cwd = tempDir();
    for (const d of ['whole', 'sharded']) mkdirSync(join(cwd, d));
    const merged = await rounds(join(cwd, 'sharded'), 3);
    // Generation 0, generation 1, then the held-out draws.
    expect(merged).toEqual(['m0', 'm1', 'm2']);
    expectSuccess(await cli(join(cwd, 'whole'), [...TINY, '--out', 'm2']));
    const whole = snapshot(join(cwd, 'whole', 'm2'));
    expect(Object.keys(whole).sort()).toEqual(['manifest.json', 'particles.csv', 'posterior.json', 'targets.csv', 'validation.csv']);
    expect(snapshot(join(cwd, 'sharded', 'm2'))).toEqual(whole);
    // A shard of a round after the finished calibration has nothing to run.
    const late = await cli(join(cwd, 'sharded'), [...TINY.filter((a) => a !== '--quiet'), '--after', 'm2', '--shard', '0/3', '--out', 'late']);
    expectSuccess(late);
    expect(late.stdout).toBe('the calibration is finished in m2; nothing to run.\n');
    expect(existsSync(join(cwd, 'sharded', 'late'))).toBe(false);
  }, 120_000);

  test('a shard says its share of the batch, a merge what the next round runs; a finished shard runs nothing', async () => {
    const cwd = tempDir();
    const loud = TINY.filter((a) => a !== '--quiet');
    const shard = await cli(cwd, [...loud, '--shard', '1/2', '--out', 'a/1']);
    expectSuccess(shard);
    expect(shard.stdout).toMatch(/^generation 0: a batch of \d+ points; shard 1\/2 simulated \d+ of them\.\nWrote manifest\.json, runs\.bin, shard\.json to a\/1\nWhen every shard is finished: tokenmaxx merge SHARD_FOLDER\.\.\. --out DIR\n$/);
    expect((await cli(cwd, [...loud, '--shard', '1/2', '--out', 'a/1'])).stdout).toMatch(/shard 1\/2 is already finished in a\/1; nothing to run/);
    expectSuccess(await cli(cwd, [...TINY, '--shard', '0/2', '--out', 'a/0']));
    const merge = await cli(cwd, ['merge', 'a/0', 'a/1', '--out', 'm']);
    expectSuccess(merge);
    expect(merge.stdout).toMatch(/^Merged round 1\. The calibration needs another round: generation 1, \d+ points\. Run its shards with --after m, then merge them\./);
  }, 60_000);

  test('--after of another calibration, shards of different rounds, and --after without --shard are refused', async () => {
    const cwd = tempDir();
    for (const i of [0, 1]) expectSuccess(await cli(cwd, [...TINY, '--shard', `${i}/2`, '--out', `a/${i}`]));
    expectSuccess(await cli(cwd, ['merge', 'a/0', 'a/1', '--out', 'm0']));
    for (const i of [0, 1]) expectSuccess(await cli(cwd, [...TINY, '--after', 'm0', '--shard', `${i}/2`, '--out', `b/${i}`]));
    const before = snapshot(cwd);
    // Round 1's shards merged as if they were round 0's (no --after on their command line): they name their own.
    const other = TINY.map((a) => (a === '12' ? '14' : a));
    const cases: [string[], RegExp][] = [
      [[...other, '--after', 'm0', '--shard', '0/2', '--out', 'c/0'], /^--after: m0 is a round of another calibration/],
      [[...TINY, '--after', 'a/0', '--shard', '0/2', '--out', 'c/0'], /^--after: a\/0 is not a merged round of a sharded calibration/],
      [[...TINY, '--after', 'm0', '--out', 'c'], /^--after: --after is for the shards of a sharded calibration/],
      [['merge', 'a/0', 'b/1', '--out', 'c'], /^b\/1: a shard of another study than a\/0/],
    ];
    for (const [args, message] of cases) {
      const { lines } = expectRefused(await cli(cwd, args), cwd, before);
      expect(lines.some((l) => message.test(l)), lines.join('\n')).toBe(true);
    }
    // A merge into a file: the one problem, said once.
    writeFileSync(join(cwd, 'afile'), 'x');
    const withFile = snapshot(cwd);
    expect(expectRefused(await cli(cwd, ['merge', 'b/0', 'b/1', '--out', 'afile']), cwd, withFile).lines).toEqual(['--out: afile exists and is not a folder; choose another --out']);
  }, 60_000);

  test('a shard killed part-way through its share of a batch simulates only the points it had not finished', async () => {
    const cwd = tempDir();
    // 40 particles: a first batch of 80 points, a checkpoint record per point, written 8 points at a time.
    const args = TINY.map((a) => (a === '12' ? '40' : a));
    const log = join(cwd, 'ops');
    expectSuccess(await spawnCli(cwd, [...args, '--shard', '0/1', '--out', 'whole'], { TOKENMAXX_FAULT_LOG: log }));
    const appends = readFileSync(log, 'utf8').trimEnd().split('\n').flatMap((l, i) => (l.replace(/^\d+ /, '') === 'append checkpoint' ? [i + 1] : []));
    expect(appends).toHaveLength(80);
    rmSync(log);
    const { paused, done, kill } = spawnPaused(cwd, [...args, '--shard', '0/1', '--out', 'cut'], { TOKENMAXX_FAULT: `pause@${appends[24]}`, TOKENMAXX_FAULT_RESUME: join(cwd, 'never') });
    await paused;
    kill();
    expect((await done).signal).toBe('SIGKILL');
    const resumed = await cli(cwd, [...args.filter((a) => a !== '--quiet'), '--shard', '0/1', '--out', 'cut']);
    expectSuccess(resumed);
    expect(resumed.stdout).toMatch(/shard 0\/1 simulated 80 of them, 24 taken from the checkpoint of an earlier attempt/);
    expect(snapshot(join(cwd, 'cut'))['runs.bin']).toBe(snapshot(join(cwd, 'whole'))['runs.bin']);
  }, 60_000);
});
