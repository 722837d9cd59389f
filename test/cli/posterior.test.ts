/**
 * `tokenmaxx run --posterior FILE --draws K` through the command line (runCli, in-process): the
 * headline in summary.json, report.html and on stdout; the same files from the same command; and
 * every problem of the two flags and of the file named at once, exit 2, nothing written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { PRESETS, cli, expectRefused, expectSuccess, removeTempDirs, snapshot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const FIXTURE = new URL('../fixtures/posterior-small.json', import.meta.url).pathname;
const TINY = ['--scenarios', PRESETS, '--posterior', FIXTURE, '--draws', '3', '--reps', '2', '--weeks', '8', '--employees', '40'];

async function refused(args: readonly string[]): Promise<string[]> {
  const cwd = tempDir();
  const before = snapshot(cwd);
  return expectRefused(await cli(cwd, ['run', 'mandate-only', ...args, '--out', 'out']), cwd, before, 'out').lines;
}

describe('a tiny run with draws', () => {
  test('writes the headline into summary.json and report.html, prints it, and the same command makes the same bytes', async () => {
    const [a, b] = [tempDir(), tempDir()];
    const args = ['run', 'mandate-only', 'amazon-2026', ...TINY, '--report', '--workers', '1', '--out', 'out'];
    const first = await cli(a, args);
    expectSuccess(first);
    expectSuccess(await cli(b, args));
    expect(snapshot(join(b, 'out'))).toEqual(snapshot(join(a, 'out')));
    const summary = JSON.parse(readFileSync(join(a, 'out', 'summary.json'), 'utf8'));
    expect(summary.headline.reference).toBe('mandate-only');
    expect(summary.headline.scenarios['amazon-2026'].wasteShare.steadyState).toBeNull();
    expect(readFileSync(join(a, 'out', 'report.html'), 'utf8')).toContain('The answers as intervals');
    expect(first.stdout).toMatch(/Headline against mandate-only: mean \[95% replicate CI\] \{95% posterior interval\} over 3 posterior draws × 2 replicates/);
    expect(first.stdout).toMatch(/amazon-2026 +waste share +\S+ \[\S+, \S+\] \{\S+, \S+\}/);
    expect(first.stdout).toContain('Note: no steady state');
  }, 60_000);

  test('the data files are the same bytes with 1 and 2 workers', async () => {
    const [a, b] = [tempDir(), tempDir()];
    expectSuccess(await cli(a, ['run', 'mandate-only', 'amazon-2026', ...TINY, '--workers', '1', '--out', 'out']));
    expectSuccess(await cli(b, ['run', 'mandate-only', 'amazon-2026', ...TINY, '--workers', '2', '--out', 'out']));
    for (const f of ['summary.json', 'timeseries.csv', 'distributions.json']) expect(readFileSync(join(b, 'out', f), 'utf8')).toBe(readFileSync(join(a, 'out', f), 'utf8'));
  }, 60_000);

  test('run --help says --reps is per draw with --posterior', async () => {
    let text = '';
    expect(await runCli(['run', '--help'], { stdout: { write: (t: string) => (text += t) }, stderr: { write: () => true } })).toBe(0);
    expect(text).toMatch(/--reps +Replicates per scenario, or per posterior draw with --posterior/);
    expect(text).toMatch(/--posterior +A posterior file/);
    expect(text).toMatch(/--draws +With --posterior: posterior draws K/);
  });
});

describe('every problem at once', () => {
  test('a bad --draws and a missing posterior file', async () => {
    expect(await refused(['--posterior', 'missing.json', '--draws', '0', '--weeks', '8'])).toEqual([
      expect.stringMatching(/^--draws: --draws "0" is not allowed; expected an integer in \[2, 10000\]$/),
      expect.stringMatching(/^missing\.json: cannot be read: /),
    ]);
  });

  test('a bad --draws with a good posterior file: the one problem, not an internal error', async () => {
    for (const draws of ['0', '1', 'x']) {
      expect(await refused(['--posterior', FIXTURE, '--draws', draws, '--reps', '1', '--weeks', '8'])).toEqual([
        `--draws: --draws "${draws}" is not allowed; expected an integer in [2, 10000]`,
      ]);
    }
  });

  test('a malformed posterior, a bad --draws and a bad --reps', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'posterior.json'), '{"format": "tokenmaxx-posterior", "version": 1,\n "particles": []}\n');
    const before = snapshot(cwd);
    const lines = expectRefused(await cli(cwd, ['run', 'mandate-only', '--posterior', 'posterior.json', '--draws', 'many', '--reps', '0', '--out', 'out']), cwd, before, 'out').lines;
    expect(lines).toEqual([
      '--reps: --reps "0" is not allowed; expected an integer in [1, 10000]',
      '--draws: --draws "many" is not allowed; expected an integer in [2, 10000]',
      'posterior.json:1:1: $.seed: nothing is not allowed; expected a string or a number',
      'posterior.json:1:1: $.method: nothing is not allowed; expected one of "smc", "rejection"',
      'posterior.json:1:1: $.prior: nothing is not allowed; expected a list of at least one { path, lo, hi, scale }',
      'posterior.json:1:1: $.targets: nothing is not allowed; expected a list of at least one { name, observed, scale }',
      'posterior.json:1:1: $.generations: nothing is not allowed; expected a list of at least one { tolerance, acceptance, proposed }',
      'posterior.json:2:2: $.particles: [] is not allowed; expected a list of at least one { values, weight, distance }',
    ]);
  });

  test('--draws without --posterior; --posterior given twice', async () => {
    expect(await refused(['--draws', '3', '--weeks', '8'])).toEqual(['--draws: --draws draws from a posterior; expected --posterior FILE with it (a posterior.json of tokenmaxx calibrate)']);
    expect(await refused(['--posterior', FIXTURE, '--posterior', FIXTURE, '--weeks', '8'])).toEqual(['--posterior: --posterior is given 2 times; expected it once']);
  });

  test('refused for another flag first, the command still names the problems of --posterior and --draws', async () => {
    const lines = await refused(['--posterior', 'missing.json', '--draws', '1', '--seed']);
    expect(lines).toEqual([
      '--seed: --seed is given no value; expected a value after it (--seed VALUE or --seed=VALUE)',
      expect.stringMatching(/^--draws: --draws "1" is not allowed; expected an integer in \[2, 10000\]$/),
      expect.stringMatching(/^missing\.json: cannot be read: /),
    ]);
  });
});
