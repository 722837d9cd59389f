/**
 * `tokenmaxx calibrate` end to end, on a tiny calibration (two parameters, 40 employees, 38 weeks —
 * the shortest run the held-out facts read — 12 particles, 2 generations): it writes every file, is
 * the same bytes when run again, resumes after a SIGKILL between generations to the bytes of an
 * uninterrupted run, and refuses bad flags with every problem at once, writing nothing.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli, expectRefused, PRESETS, removeTempDirs, snapshot, spawnCli, spawnPaused, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const TINY = ['calibrate', '--scenarios', PRESETS, '--parameters', 'traits.beliefPrior,mandate.pressure', '--employees', '40', '--weeks', '38', '--particles', '12', '--generations', '2', '--workers', '1',
  // Every held-out fact but the one that runs the board at Meta's 85,000 employees.
  '--facts', 'meta-scale,gamers-at-top,deprecation,audits,leak-at-reviews'];
const DATA = ['posterior.json', 'particles.csv', 'targets.csv', 'validation.csv'];

/** Every data file of a calibration folder, by name. */
const files = (dir: string) => Object.fromEntries(DATA.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('tokenmaxx calibrate', () => {
  test('writes every file, prints its table, is the same bytes again, and resumes after a kill to the same bytes', async () => {
    const cwd = tempDir();
    const log = join(cwd, 'ops');
    const whole = await spawnCli(cwd, [...TINY, '--out', 'whole'], { TOKENMAXX_FAULT_LOG: log });
    expect(whole.status, whole.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'whole')).sort()).toEqual([...DATA, 'manifest.json'].sort());
    expect(whole.stderr).toMatch(/^Calibrating 2 parameters to 5 targets: 12 particles, up to 2 generations, 4 runs per point$/m);
    expect(whole.stderr).toMatch(/^generation 1: tolerance [\d.]+, accepted 12 of \d+ points/m);
    expect(whole.stdout).toMatch(/^adoption +0\.85 /m);
    expect(whole.stdout).toMatch(/^leak-at-reviews +\d+\/12 +(pass|fail) /m);

    const out = files(join(cwd, 'whole'));
    const posterior = JSON.parse(out['posterior.json']);
    expect(posterior.prior.map((p: { path: string }) => p.path)).toEqual(['traits.beliefPrior', 'mandate.pressure']);
    expect(posterior.generations).toHaveLength(2);
    expect(out['particles.csv'].split('\n')[0]).toBe('particle,weight,distance,traits.beliefPrior,mandate.pressure,adoption,median-tokens,tail,adopter-gain,pretending');
    expect(out['particles.csv'].trimEnd().split('\n')).toHaveLength(13);
    expect(out['targets.csv'].trimEnd().split('\n')).toHaveLength(6);
    expect(out['validation.csv']).toMatch(/^deprecation,wastedWeek37\/wastedWeek25,12,\d+,/m);
    const manifest = JSON.parse(readFileSync(join(cwd, 'whole', 'manifest.json'), 'utf8'));
    expect(manifest.experiment).toBe('calibrate');
    expect(manifest.command).toContain('tokenmaxx calibrate');
    expect(Object.keys(manifest.files).sort()).toEqual([...DATA].sort());

    // A run is not written over a calibration without --force.
    const over = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, '--employees', '40', '--weeks', '4', '--reps', '1', '--out', 'whole']);
    expect(over.status).toBe(2);
    expect(over.stderr).toMatch(/whole holds the results of a calibration, not of a run; .*--force/);

    // Killed before generation 1 is appended to the checkpoint: generation 0 is kept, and the same
    // command takes it and runs only generation 1.
    const labels = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\d+ /, ''));
    rmSync(log);
    const appends = labels.flatMap((l, i) => (l === 'append checkpoint' ? [i + 1] : []));
    expect(appends).toHaveLength(2);
    const cut = spawnPaused(cwd, [...TINY, '--out', 'cut'], { TOKENMAXX_FAULT: `pause@${appends[1]}`, TOKENMAXX_FAULT_RESUME: join(cwd, 'never') });
    await cut.paused;
    cut.kill();
    expect((await cut.done).signal).toBe('SIGKILL');
    expect(existsSync(join(cwd, '.cut.tokenmaxx-checkpoint'))).toBe(true);
    const resumed = await spawnCli(cwd, [...TINY, '--out', 'cut']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/^generation 0: .*, from the checkpoint$/m);
    expect(resumed.stderr).not.toMatch(/^generation 1: .*, from the checkpoint$/m);
    expect(files(join(cwd, 'cut'))).toEqual(out);
    expect(readdirSync(cwd).filter((n) => n.startsWith('.cut'))).toEqual([]);

    // Again, uninterrupted (in this process): the same bytes.
    const again = await cli(cwd, [...TINY, '--out', 'again', '--quiet']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toBe('');
    expect(files(join(cwd, 'again'))).toEqual(out);
  }, 60_000);

  test('refuses bad flags with every problem at once, and writes nothing', async () => {
    const cwd = tempDir();
    const before = snapshot(cwd);
    const args = ['calibrate', '--scenarios', PRESETS, '--particles', '1', '--generations', '0', '--reps', 'x', '--method', 'abc', '--parameters', 'traits.beliefPrior,nope', '--facts', 'deprecation,deprecation,odd', '--weeks', '8', '--seed', '', '--workers', '0', '--out', 'o'];
    const { lines } = expectRefused(await cli(cwd, args), cwd, before, 'o');
    const text = lines.join('\n');
    for (const flag of ['particles', 'generations', 'reps', 'method', 'seed', 'workers']) expect(text).toMatch(new RegExp(`^--${flag}: --${flag} .* is not allowed`, 'm'));
    expect(text).toMatch(/^--parameters: "nope" is not a calibrated parameter; expected some of traits\.integrityMedian, /m);
    expect(text).toMatch(/^--weeks: --weeks "8" is too short for the held-out facts/m);
    expect(text).toMatch(/^--facts: "odd" is not a held-out fact; expected some of meta-scale, meta-top-user, /m);
    expect(text).toMatch(/^--facts: names "deprecation" twice/m);
    // The preset whose board is removed at week 26 cannot run 8 weeks either: the file says so, located.
    expect(text).toMatch(/scenarios\.json:\d+:\d+: .*leaderboard-deprecated.*week 26 is past the end of the run/);
  });

  test('refuses a flag of its own given twice or with no value, and --generations with rejection', async () => {
    const cwd = tempDir();
    const before = snapshot(cwd);
    const twice = expectRefused(await cli(cwd, ['calibrate', '--scenarios', PRESETS, '--particles', '10', '--particles', '20', '--parameters']), cwd, before);
    expect([...twice.lines].sort()).toEqual(['--parameters: --parameters is given no value; expected a value after it (--parameters VALUE or --parameters=VALUE)', '--particles: --particles is given 2 times; expected it once']);
    const rejection = expectRefused(await cli(cwd, ['calibrate', '--scenarios', PRESETS, '--method', 'rejection', '--generations', '3', '--employees', 'many']), cwd, before);
    expect(rejection.lines.join('\n')).toMatch(/^--generations: --generations is not used by --method rejection/m);
    expect(rejection.lines.join('\n')).toMatch(/^--employees many: /m);
  });
});
