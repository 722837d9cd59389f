/**
 * The pieces of sharding on their own: which shard `--shard` names (given, or read from a Slurm array
 * task or a Kubernetes Indexed Job), how a study's runs are dealt to shards, and how a shard's
 * command line becomes the study's.
 */
import { describe, expect, test } from 'vitest';
import { hasFlag, replacingFlag, shardOf, shardRuns, withoutFlag } from '../../src/experiment/shard.js';
import type { Problem } from '../../src/scenarios/problems.js';

const parse = (text: string, env: Record<string, string> = {}) => {
  const problems: Problem[] = [];
  const shard = shardOf(text, env, problems);
  return { shard, messages: problems.map((p) => `${p.source}: ${p.message}`) };
};

const slurm = (id: number, min: number, max: number, count: number) => ({
  SLURM_ARRAY_TASK_ID: String(id),
  SLURM_ARRAY_TASK_MIN: String(min),
  SLURM_ARRAY_TASK_MAX: String(max),
  SLURM_ARRAY_TASK_COUNT: String(count),
});

describe('--shard', () => {
  test('I/N names shard I of N, numbered from 0', () => {
    expect(parse('0/4').shard).toEqual({ index: 0, count: 4 });
    expect(parse(' 3/4 ').shard).toEqual({ index: 3, count: 4 });
    expect(parse('0/1').shard).toEqual({ index: 0, count: 1 });
  });

  test.each([['4/4', /shards are numbered 0 to 3/], ['1/0', /expected 1 to 100000/], ['2', /expected I\/N/], ['-1/4', /expected I\/N/], ['1/4/2', /expected I\/N/], ['', /expected I\/N/], ['auto/', /expected I\/N/], ['1.5/4', /expected I\/N/]])(
    '%j is refused, naming --shard and what it takes',
    (text, message) => {
      const { shard, messages } = parse(text);
      expect(shard).toBeUndefined();
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^--shard: /);
      expect(messages[0]).toMatch(message);
    },
  );

  test('auto reads a Slurm array task: the id less the array\'s first id, of its task count', () => {
    expect(parse('auto', slurm(0, 0, 7, 8)).shard).toEqual({ index: 0, count: 8 });
    expect(parse('auto', slurm(7, 0, 7, 8)).shard).toEqual({ index: 7, count: 8 });
    // --array=1-4: ids 1 to 4 are shards 0 to 3.
    expect(parse('auto', slurm(3, 1, 4, 4)).shard).toEqual({ index: 2, count: 4 });
    // Older Slurm without SLURM_ARRAY_TASK_MAX/MIN: ids from 0.
    expect(parse('auto', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' }).shard).toEqual({ index: 2, count: 3 });
  });

  test('auto refuses an array whose ids are not a plain range, and a task outside it', () => {
    expect(parse('auto', slurm(4, 0, 12, 4)).messages[0]).toMatch(/not a plain range .* --array=0-3/);
    expect(parse('auto', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '3' }).messages[0]).toMatch(/SLURM_ARRAY_TASK_ID is 5, which is not a shard of 3/);
  });

  test('auto outside an array job says what it reads and what to give instead', () => {
    expect(parse('auto').messages[0]).toMatch(/SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, which are not set.*--shard I\/N/);
    expect(parse('auto/4').messages[0]).toMatch(/JOB_COMPLETION_INDEX .* neither is set.*--shard I\/4/);
  });

  test('auto/N reads a Kubernetes Indexed Job\'s JOB_COMPLETION_INDEX, the count given', () => {
    expect(parse('auto/4', { JOB_COMPLETION_INDEX: '3' }).shard).toEqual({ index: 3, count: 4 });
    expect(parse('auto/4', { JOB_COMPLETION_INDEX: '4' }).messages[0]).toMatch(/JOB_COMPLETION_INDEX is 4, which is not a shard of 4/);
    expect(parse('auto/4', { JOB_COMPLETION_INDEX: 'x' }).shard).toBeUndefined();
    // In a Slurm array, auto/N takes the task's own number: one lost task submitted again alone
    // (sbatch --array=2) is still shard 2 of N.
    expect(parse('auto/8', slurm(1, 0, 7, 8)).shard).toEqual({ index: 1, count: 8 });
    expect(parse('auto/4', slurm(2, 2, 2, 1)).shard).toEqual({ index: 2, count: 4 });
    expect(parse('auto/4', slurm(4, 1, 4, 4)).messages[0]).toMatch(/SLURM_ARRAY_TASK_ID is 4, which is not a shard of 4/);
  });
});

describe('dealing runs to shards', () => {
  test('shard i takes runs i, i + n, …: every run once, sizes within one of each other', () => {
    for (const total of [1, 7, 12, 100]) {
      for (const count of [1, 2, 3, 4, 13]) {
        const sizes = Array.from({ length: count }, (_, index) => shardRuns({ index, count }, total));
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("a shard's command line as the study's", () => {
  const argv = ['sweep', 'a', '--vary', 'x=0:1', '--shard', '2/4', '--out', 'shards/2', '--reps=3'];

  test('--shard goes, in either form, and --out takes the merge\'s folder where it stood', () => {
    expect(replacingFlag(withoutFlag(argv, ['shard']), ['out', 'o'], 'study')).toEqual(['sweep', 'a', '--vary', 'x=0:1', '--out', 'study', '--reps=3']);
    expect(withoutFlag(['sweep', '--shard=auto', '-o', 'x'], ['shard'])).toEqual(['sweep', '-o', 'x']);
    expect(replacingFlag(['sweep', '-o', 'x'], ['out', 'o'], 'y')).toEqual(['sweep', '-o', 'y']);
    expect(replacingFlag(['sweep', '--out=x'], ['out', 'o'], 'y')).toEqual(['sweep', '--out=y']);
  });

  test('words after -- are arguments, not flags', () => {
    expect(withoutFlag(['sweep', '--', '--shard', '1/2'], ['shard'])).toEqual(['sweep', '--', '--shard', '1/2']);
    expect(hasFlag(['sweep', '--', '--out', 'x'], ['out'])).toBe(false);
    expect(hasFlag(['sweep', '--out=x'], ['out'])).toBe(true);
    // A flag whose name only starts like --out is another flag.
    expect(hasFlag(['sweep', '--outer', 'x'], ['out'])).toBe(false);
  });
});
