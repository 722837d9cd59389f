/**
 * An interrupted sweep loses nothing: killed with SIGKILL part-way, the same command run again
 * simulates only the runs missing from its checkpoint and writes files byte-identical to a sweep
 * that was never interrupted. A folder of another experiment is refused unless --force.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MAIN, PRESETS, removeTempDirs, spawnCli, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const SWEEP = ['sweep', 'amazon-2026', '--scenarios', PRESETS, '--employees', '1500', '--weeks', '26', '--reps', '3', '--vary', 'reviews.managerLeak=0:0.5', '--levels', '6', '--workers', '1', '--quiet'];

/** Starts `args` into `out` and kills it with SIGKILL once its checkpoint holds a few runs (records of `record` bytes). */
async function killPartWay(cwd: string, out: string, args: readonly string[] = SWEEP, record = 8 + 8 * 58): Promise<number> {
  const child = spawn(process.execPath, [MAIN, ...args, '--out', out], { cwd, stdio: 'ignore' });
  const checkpoint = join(cwd, `.${out}.tokenmaxx-checkpoint`);
  const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  for (;;) {
    // The header, then at least three records.
    if (existsSync(checkpoint) && statSync(checkpoint).size > 200 + 3 * record) break;
    if (child.exitCode !== null) throw new Error('the sweep ended before it could be killed');
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await ended;
  return statSync(checkpoint).size;
}

describe('resume', () => {
  test('killed with SIGKILL part-way, the same command finishes with the same bytes as an uninterrupted sweep', async () => {
    const dir = tempDir();
    const whole = await spawnCli(dir, [...SWEEP, '--out', 'whole']);
    expect(whole.status, whole.stderr).toBe(0);

    const size = await killPartWay(dir, 'cut');
    expect(size).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'cut', 'sweep.csv'))).toBe(false);
    // Without --quiet, progress counts the runs still to simulate: fewer than the sweep's 18.
    const resumed = await spawnCli(dir, [...SWEEP.filter((a) => a !== '--quiet'), '--out', 'cut']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const toRun = Number(/\/(\d+) runs/.exec(resumed.stderr)?.[1]);
    expect(toRun).toBeGreaterThan(0);
    expect(toRun).toBeLessThan(18);
    for (const f of ['sweep.csv', 'sweep-summary.csv', 'design.json']) expect(readFileSync(join(dir, 'cut', f), 'utf8'), f).toBe(readFileSync(join(dir, 'whole', f), 'utf8'));
    // The checkpoint is gone once the set is committed; nothing else of tokenmaxx's is left beside it.
    expect(readdirSync(dir).filter((n) => n.startsWith('.cut'))).toEqual([]);
  }, 120_000);

  test('a folder of another experiment is refused, not overwritten, unless --force', async () => {
    const dir = tempDir();
    expect((await spawnCli(dir, [...SWEEP, '--out', 'x'])).status).toBe(0);
    const before = readFileSync(join(dir, 'x', 'sweep.csv'), 'utf8');
    const other = [...SWEEP.map((a, i) => (SWEEP[i - 1] === '--levels' ? '2' : a)), '--out', 'x'];
    const refused = await spawnCli(dir, other);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/holds the results of another experiment.*--force/);
    expect(readFileSync(join(dir, 'x', 'sweep.csv'), 'utf8')).toBe(before);
    const forced = await spawnCli(dir, [...other, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'x', 'sweep.csv'), 'utf8')).not.toBe(before);
  }, 120_000);

  test('a checkpoint of another experiment is refused unless --force', async () => {
    const dir = tempDir();
    await killPartWay(dir, 'y');
    const other = [...SWEEP.map((a, i) => (SWEEP[i - 1] === '--levels' ? '2' : a)), '--out', 'y'];
    const refused = await spawnCli(dir, other);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/checkpoint/);
    const forced = await spawnCli(dir, [...other, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
  }, 120_000);

  test('run and compare resume too: killed part-way, the same command gives the same bytes', async () => {
    const dir = tempDir();
    // 26 weeks × 29 metrics + 41 Lorenz points (+ 1,500 strategies for compare), as float64.
    const RUN = ['run', 'amazon-2026', 'baseline', '--scenarios', PRESETS, '--employees', '1500', '--weeks', '26', '--reps', '4', '--workers', '1', '--quiet'];
    const COMPARE = ['compare', 'baseline', 'amazon-2026', ...RUN.slice(3)];
    for (const [args, record, files] of [
      [RUN, 8 * (26 * 29 + 41), ['timeseries.csv', 'summary.json', 'distributions.json']],
      [COMPARE, 8 * (26 * 29 + 41 + 1500), ['timeseries.csv', 'summary.json', 'comparison.csv', 'flows.csv']],
    ] as const) {
      const whole = await spawnCli(dir, [...args, '--out', `${args[0]}-whole`]);
      expect(whole.status, whole.stderr).toBe(0);
      await killPartWay(dir, `${args[0]}-cut`, args, record);
      const resumed = await spawnCli(dir, [...args, '--out', `${args[0]}-cut`]);
      expect(resumed.status, resumed.stderr).toBe(0);
      for (const f of files) expect(readFileSync(join(dir, `${args[0]}-cut`, f), 'utf8'), `${args[0]} ${f}`).toBe(readFileSync(join(dir, `${args[0]}-whole`, f), 'utf8'));
    }
  }, 180_000);
});
