/**
 * A study split across machines: its shards, run in any order and merged, give every file the study
 * writes on one machine, byte for byte (report and parquet included); a shard killed part-way costs
 * only its own missing runs; a set of shards that is not one whole study is refused, naming the
 * folders concerned, with nothing written.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readShards } from '../../src/experiment/shard.js';
import { toolVersion } from '../../src/paths.js';
import { InputError } from '../../src/scenarios/problems.js';
import { cli, expectRefused, expectSuccess, PRESETS, removeTempDirs, snapshot, spawnCli, spawnPaused, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const SMALL = ['--scenarios', PRESETS, '--employees', '300', '--weeks', '12', '--workers', '1', '--quiet'];
const SWEEP = ['sweep', 'amazon-2026', ...SMALL, '--reps', '3', '--vary', 'reviews.managerLeak=0:0.5', '--levels', '3'];

/** Runs the shards of `args` into shards/0 … shards/n−1 of `cwd`, in the order given. */
async function shards(cwd: string, args: readonly string[], order: readonly number[], n = order.length): Promise<void> {
  for (const i of order) expectSuccess(await cli(cwd, [...args, '--shard', `${i}/${n}`, '--out', `shards/${i}`]));
}

/** Runs the study whole into `whole/study` and merges its shards into `merged/study`: same relative --out. */
async function wholeAndMerged(args: readonly string[], order: readonly number[]): Promise<string> {
  const cwd = tempDir();
  for (const d of ['whole', 'merged']) mkdirSync(join(cwd, d));
  expectSuccess(await cli(join(cwd, 'whole'), [...args, '--out', 'study']));
  await shards(join(cwd, 'merged'), args, order);
  expectSuccess(await cli(join(cwd, 'merged'), ['merge', ...order.map((i) => `shards/${i}`).reverse(), '--out', 'study']));
  return cwd;
}

describe('shards merged', () => {
  test('a sweep with --best, --report and parquet: every file the same bytes as the study run on one machine', async () => {
    const args = [...SWEEP, '--best', 'netValuePerEmployeeUSD', '--where', 'adoptionRate >= 0.1', '--report', '--format', 'csv,parquet'];
    const cwd = await wholeAndMerged(args, [2, 0, 3, 1]);
    const whole = snapshot(join(cwd, 'whole', 'study'));
    expect(Object.keys(whole)).toEqual(expect.arrayContaining(['sweep.csv', 'sweep.parquet', 'best.json', 'report.html', 'manifest.json', 'design.json']));
    expect(snapshot(join(cwd, 'merged', 'study'))).toEqual(whole);
  }, 120_000);

  test("a sensitivity analysis (Morris) in 3 shards: the same bytes, SALib's files included", async () => {
    const args = ['sensitivity', 'amazon-2026', ...SMALL, '--reps', '2', '--vary', 'reviews.managerLeak=0:0.5', '--vary', 'mandate.targetShare=0.3:0.9', '--trajectories', '3', '--resamples', '50'];
    const cwd = await wholeAndMerged(args, [1, 2, 0]);
    const whole = snapshot(join(cwd, 'whole', 'study'));
    expect(Object.keys(whole)).toEqual(expect.arrayContaining(['sensitivity.csv', 'salib/samples.txt']));
    expect(snapshot(join(cwd, 'merged', 'study'))).toEqual(whole);
  }, 120_000);

  test('more shards than runs: the empty shards merge too', async () => {
    const args = ['sweep', 'amazon-2026', ...SMALL, '--reps', '1', '--vary', 'reviews.managerLeak=0,0.5'];
    const cwd = await wholeAndMerged(args, [0, 1, 2]);
    expect(snapshot(join(cwd, 'merged', 'study'))).toEqual(snapshot(join(cwd, 'whole', 'study')));
  }, 60_000);
});

describe('many shards', () => {
  test('a merge holds no shard file open: thousands of shards stay under the limit of open files', async () => {
    const cwd = tempDir();
    const args = ['sweep', 'amazon-2026', ...SMALL, '--reps', '8', '--vary', 'reviews.managerLeak=0,0.5'];
    const n = 16;
    await shards(cwd, args, Array.from({ length: n }, (_, i) => i));
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    const set = readShards(Array.from({ length: n }, (_, i) => join(cwd, 'shards', String(i))), toolVersion());
    let most = open();
    for (let k = 0; k < n; k++) {
      set.take(k);
      most = Math.max(most, open());
    }
    set.close();
    expect(most - before).toBeLessThanOrEqual(1);
  }, 60_000);
});

describe('a lost shard costs only its own runs', () => {
  test('killed with SIGKILL part-way, the shard run again takes its finished runs from the checkpoint, and the merge is unchanged', async () => {
    const cwd = tempDir();
    await shards(cwd, SWEEP, [0, 1]);
    const first = snapshot(join(cwd, 'shards'));
    // Shard 1 again, from scratch, paused before its 3rd checkpoint append and killed: which file
    // operation that is, a logged run of the same shard says.
    const log = join(cwd, 'ops');
    expectSuccess(await spawnCli(cwd, [...SWEEP, '--shard', '1/2', '--out', 'logged'], { TOKENMAXX_FAULT_LOG: log }));
    const labels = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\d+ /, ''));
    const third = labels.flatMap((l, i) => (l === 'append checkpoint' ? [i + 1] : []))[2];
    rmSync(log);
    rmSync(join(cwd, 'logged'), { recursive: true });
    const killedAt = join(cwd, 'again');
    const { paused, done, kill } = spawnPaused(cwd, [...SWEEP, '--shard', '1/2', '--out', 'again'], { TOKENMAXX_FAULT: `pause@${third}`, TOKENMAXX_FAULT_RESUME: join(cwd, 'never') });
    await paused;
    kill();
    expect((await done).signal).toBe('SIGKILL');
    expect(existsSync(killedAt)).toBe(false);
    expect(existsSync(join(cwd, '.again.tokenmaxx-checkpoint'))).toBe(true);
    // Not finished: a merge names it and writes nothing.
    const before = snapshot(cwd);
    const refused = await cli(cwd, ['merge', 'shards/0', 'again', '--out', 'study']);
    expect(expectRefused(refused, cwd, before, 'study').lines).toEqual([expect.stringMatching(/^again: a shard that has not finished: its checkpoint is beside it; run its command again/)]);
    const resumed = await spawnCli(cwd, [...SWEEP.filter((a) => a !== '--quiet'), '--shard', '1/2', '--out', 'again']);
    expectSuccess(resumed);
    expect(resumed.stdout).toMatch(/shard 1\/2: 4 of the study's 9 runs, 2 of them taken from the checkpoint of an earlier attempt/);
    expect(snapshot(killedAt)['runs.bin']).toBe(first['1/runs.bin']);
    // Given again once finished, the shard runs nothing.
    const again = await cli(cwd, [...SWEEP.filter((a) => a !== '--quiet'), '--shard', '1/2', '--out', 'again']);
    expectSuccess(again);
    expect(again.stdout).toMatch(/shard 1\/2 is already finished in again; nothing to run/);
  }, 60_000);
});

describe('a merge refuses what is not one whole study', () => {
  test('missing, duplicate, overlapping and foreign shards are each named, and nothing is written', async () => {
    const cwd = tempDir();
    await shards(cwd, SWEEP, [0, 1, 2, 3]);
    expectSuccess(await cli(cwd, [...SWEEP, '--shard', '1/2', '--out', 'half']));
    expectSuccess(await cli(cwd, [...SWEEP, '--seed', '9', '--shard', '2/4', '--out', 'seed9']));
    cpSync(join(cwd, 'shards', '3'), join(cwd, 'copy3'), { recursive: true });
    const before = snapshot(cwd);
    const cases: [string[], RegExp[]][] = [
      [['shards/0', 'shards/2'], [/^merge: 2 of the 4 shards are missing: 1, 3 \(2 given\).*--shard I\/4/]],
      [['shards/0', 'shards/1', 'shards/2', 'shards/3', 'copy3'], [/^copy3: shard 3\/4 again \(shards\/3 is shard 3\/4 too\)/]],
      [['shards/0', 'shards/1', 'shards/2', 'shards/3', 'shards/1'], [/^shards\/1: the same folder as shards\/1, given twice/]],
      [['shards/0', 'shards/1', 'shards/2', 'shards/3', 'half'], [/^half: shard 1 of 2, but shards\/0 is a shard of 4: shards of different splits overlap/]],
      [['shards/0', 'shards/1', 'seed9', 'shards/3'], [/^seed9: a shard of another study than shards\/0/]],
      [['shards/0', 'nowhere'], [/^nowhere: not a finished shard/]],
    ];
    for (const [dirs, expected] of cases) {
      const res = await cli(cwd, ['merge', ...dirs, '--out', 'study']);
      const { lines } = expectRefused(res, cwd, before, 'study');
      for (const m of expected) expect(lines.some((l) => m.test(l)), `${dirs.join(' ')}:\n${lines.join('\n')}`).toBe(true);
    }
  }, 60_000);

  test('a scenario file changed since the shards ran is named; so is a shard changed on disk', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'mine.json');
    cpSync(PRESETS, file);
    const args = SWEEP.map((a) => (a === PRESETS ? 'mine.json' : a));
    await shards(cwd, args, [0, 1]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"amazon-2026"', '"amazon-2026" '));
    const before = snapshot(cwd);
    expect(expectRefused(await cli(cwd, ['merge', 'shards/0', 'shards/1', '--out', 'study']), cwd, before, 'study').lines).toEqual([
      'mine.json: mine.json has changed since the shards were made from it; merge with the file they were made from, or run the shards again',
    ]);
    cpSync(PRESETS, file);
    const runs = join(cwd, 'shards', '1', 'runs.bin');
    const bytes = readFileSync(runs);
    bytes[10] ^= 1;
    writeFileSync(runs, bytes);
    const after = snapshot(cwd);
    expect(expectRefused(await cli(cwd, ['merge', 'shards/0', 'shards/1', '--out', 'study']), cwd, after, 'study').lines.join('\n')).toMatch(/^shards\/1\/runs\.bin: does not match the sha256 manifest\.json records/);
  }, 60_000);

  test('shards of another version of tokenmaxx are refused', async () => {
    const cwd = tempDir();
    await shards(cwd, SWEEP, [0]);
    const refused = () => readShards([join(cwd, 'shards', '0')], '99.0.0');
    expect(refused).toThrow(InputError);
    try {
      refused();
    } catch (e) {
      expect((e as InputError).problems.map((p) => p.message)).toEqual([expect.stringMatching(/^made by tokenmaxx 0\.\d+\.\d+, and this is 99\.0\.0/)]);
    }
  }, 60_000);
});
