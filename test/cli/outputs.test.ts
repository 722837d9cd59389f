/**
 * Output folders through the command line (runCli, in-process), for the cases a hostile pass found:
 * an empty --out, links, edited and mixed run folders, foreign files, rerunning over a run, a full
 * disk; and, with the built program paused at a fault point, a run committed while a report waits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, expectNoStackTrace, expectSuccess, PRESETS, removeTempDirs, snapshot, spawnCli, spawnPaused, tempDir, writeText, type CliResult } from './helpers.js';

const SMALL = ['--scenarios', PRESETS, '--employees', '100', '--weeks', '5', '--reps', '2', '--quiet'];

afterAll(removeTempDirs);

/** Exit 2, no trace, nothing on stdout, and the folder exactly as it was. */
function refused(res: CliResult, cwd: string, before: Record<string, string>): string {
  expect(res.status, res.stderr).toBe(2);
  expect(res.stdout).toBe('');
  expectNoStackTrace(res.stderr);
  expect(snapshot(cwd)).toEqual(before);
  return res.stderr;
}

describe('an empty --out never means the current folder', () => {
  test.each([
    ['--out ""', ['--out', '']],
    ['-o ""', ['-o', '']],
    ['--out=', ['--out=']],
  ])('%s: refused, and the summary.json and timeseries.csv of the user are untouched', async (_name, flag) => {
    const cwd = tempDir();
    writeText(cwd, 'summary.json', '{"mine": true}\n');
    writeText(cwd, 'timeseries.csv', 'mine\n');
    const before = snapshot(cwd);
    const stderr = refused(await cli(cwd, ['run', 'baseline', ...SMALL, ...flag]), cwd, before);
    expect(stderr).toMatch(/--out/);
  });
});

describe('links are never followed', () => {
  test('an --out that is a link to a folder is refused', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'real'));
    symlinkSync(join(cwd, 'real'), join(cwd, 'out'));
    const before = snapshot(cwd);
    expect(refused(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out']), cwd, before)).toContain('--out: out is a symbolic link');
  });

  test('a charts/ link into another folder: run and report refuse, and the other folder is untouched', async () => {
    const cwd = tempDir();
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out', '--report']));
    mkdirSync(join(cwd, 'precious'));
    writeText(cwd, 'precious/frontier.svg', 'my drawing');
    rmSync(join(cwd, 'out', 'charts'), { recursive: true });
    symlinkSync(join(cwd, 'precious'), join(cwd, 'out', 'charts'));
    const before = snapshot(join(cwd, 'precious'));
    const run = await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out', '--report']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('holds links or special files (charts)');
    const report = await cli(cwd, ['report', '--from', 'out']);
    expect(report.status).toBe(2);
    expect(report.stderr).toContain(`${join('out', 'charts')}: is a link or a special file`);
    expect(snapshot(join(cwd, 'precious'))).toEqual(before);
  });
});

describe('report --from reads only a run that is whole and unedited', () => {
  test('a folder mixing two runs (summary.json from another seed) is refused, naming the file; nothing changes', async () => {
    const cwd = tempDir();
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--seed', '1', '--out', 'a']));
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--seed', '2', '--out', 'b']));
    writeFileSync(join(cwd, 'a', 'summary.json'), readFileSync(join(cwd, 'b', 'summary.json')));
    const before = snapshot(cwd);
    const stderr = refused(await cli(cwd, ['report', '--from', 'a']), cwd, before);
    expect(stderr).toContain(`${join('a', 'summary.json')}: does not match the sha256 manifest.json records for it`);
  });

  test('a truncated timeseries.csv and a file the run did not write are both named, at once', async () => {
    const cwd = tempDir();
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'a']));
    const csv = readFileSync(join(cwd, 'a', 'timeseries.csv'));
    writeFileSync(join(cwd, 'a', 'timeseries.csv'), csv.subarray(0, csv.length >> 1));
    writeText(cwd, 'a/notes.txt', 'mine');
    const before = snapshot(cwd);
    const stderr = refused(await cli(cwd, ['report', '--from', 'a']), cwd, before);
    expect(stderr).toContain(`${join('a', 'timeseries.csv')}: does not match the sha256`);
    expect(stderr).toContain(`${join('a', 'notes.txt')}: is not part of this run`);
    expect(stderr).toMatch(/^2 problems; /m);
  });

  test('a folder with only a manifest that says "tokenmaxx" is not a run', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'a'));
    writeText(cwd, 'a/manifest.json', '{"tool":"tokenmaxx"}');
    const before = snapshot(cwd);
    expect(refused(await cli(cwd, ['report', '--from', 'a']), cwd, before)).toContain('--from: a holds no manifest.json written by tokenmaxx');
  });

  test('a folder that does not exist, and an empty --from, are refused by name', async () => {
    const cwd = tempDir();
    const before = snapshot(cwd);
    expect(refused(await cli(cwd, ['report', '--from', 'nowhere']), cwd, before)).toContain('--from: nowhere does not exist');
    expect(refused(await cli(cwd, ['report', '--from', '']), cwd, before)).toMatch(/--from/);
  });
});

describe('report --from and a run at the same time', () => {
  test('a run committed between the report\'s first check and its lock: the report reads the new run, the folder stays whole', async () => {
    const cwd = tempDir();
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--seed', '1', '--out', 'out']));
    const resume = join(cwd, 'resume');
    // The built program, paused before its first file operation: taking the lock, after the first verification.
    const report = spawnPaused(cwd, ['report', '--from', 'out', '--quiet'], { TOKENMAXX_FAULT: 'pause@1', TOKENMAXX_FAULT_RESUME: resume });
    await report.paused;
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--seed', '77', '--out', 'out']));
    writeFileSync(resume, '');
    expectSuccess(await report.done);
    rmSync(resume);
    expectSuccess(await cli(cwd, ['report', '--from', 'out', '--quiet']));
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--seed', '77', '--out', 'out', '--report']));
    expect((JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8')) as { seed: number }).seed).toBe(77);
  });

  test('a manifest nested 5,000 deep: refused with a location, not a crash', async () => {
    const cwd = tempDir();
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out']));
    const path = join(cwd, 'out', 'manifest.json');
    const text = readFileSync(path, 'utf8').trimEnd();
    writeFileSync(path, `${text.slice(0, -1)}, "x": ${'['.repeat(5000)}${']'.repeat(5000)}}\n`);
    const before = snapshot(cwd);
    expect(refused(await cli(cwd, ['report', '--from', 'out']), cwd, before)).toMatch(/manifest\.json:\d+:\d+: .*more than 64 deep/);
  });
});

describe('names printed back', () => {
  test('an --out holding control characters is written to as named, and printed escaped', async () => {
    const cwd = tempDir();
    const res = await cli(cwd, ['run', 'baseline', ...SMALL.filter((a) => a !== '--quiet'), '--out', 'out\u001b[31mred\u0007']);
    expectSuccess(res);
    expect(res.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(res.stdout).toMatch(/^Wrote .* to out\\u001b\[31mred\\u0007$/m);
    expect(Object.keys(snapshot(cwd))).toContain('out\u001b[31mred\u0007');
  });
});

describe('rerunning over a run', () => {
  test('over a run whose report the user deleted: allowed (nothing of theirs is in it)', async () => {
    const cwd = tempDir();
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out', '--report']));
    rmSync(join(cwd, 'out', 'report.html'));
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out']));
    expectSuccess(await cli(cwd, ['report', '--from', 'out']));
  });

  test('over a run where the user edited summary.json: refused, the edit kept', async () => {
    const cwd = tempDir();
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out']));
    writeText(cwd, 'out/summary.json', '{"my analysis": 1}\n');
    const before = snapshot(cwd);
    const stderr = refused(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out']), cwd, before);
    expect(stderr).toContain('--out: out: summary.json changed after tokenmaxx wrote it');
  });

  test('the manifest lists every file written, charts included, with sha256 and size', async () => {
    const cwd = tempDir();
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'out', '--report']));
    const manifest = JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8')) as { files: Record<string, { sha256: string; bytes: number }> };
    const files = Object.keys(snapshot(join(cwd, 'out'))).filter((f) => f !== 'manifest.json' && f !== 'charts');
    expect(Object.keys(manifest.files).sort()).toEqual(files.sort());
    expect(files).toContain('report.html');
    expect(files).toContain('charts/frontier.svg');
  });
});

/** Mounts a small tmpfs at `dir` (root only); false where mounting is not allowed. */
function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}

/** Can this machine mount a tmpfs? Tried once and undone at once, so nothing stays mounted. */
function canMountTmpfs(): boolean {
  const probe = tempDir();
  const ok = mountTmpfs(join(probe, 'probe'), '64k');
  if (ok) spawnSync('umount', [join(probe, 'probe')]);
  return ok;
}

describe('a real full disk and a mount point (where this machine lets the tests mount a tmpfs)', () => {
  const canMount = canMountTmpfs();
  const cwd = tempDir();
  // Mounted only when a test of this block runs (hooks of a block whose tests are all skipped do not run).
  beforeAll(() => {
    expect(mountTmpfs(join(cwd, 'disk'), '1m')).toBe(true);
  });
  afterAll(() => {
    expect(spawnSync('umount', [join(cwd, 'disk')]).status).toBe(0);
  });

  test.runIf(canMount)('a run that fills the disk: exit 2 naming the cause, the earlier run intact, nothing left behind', async () => {
    expectSuccess(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'disk/out']));
    const before = snapshot(join(cwd, 'disk'));
    // The built program: a run that fails part-way leaves timeseries.csv open in its process (the
    // process then ends), which in-process would keep the tmpfs busy.
    const res = await spawnCli(cwd, ['run', 'baseline', '--scenarios', PRESETS, '--employees', '50', '--weeks', '52', '--reps', '80', '--quiet', '--out', 'disk/out']);
    expect(res.status, res.stderr).toBe(2);
    expect(res.stdout).toBe('');
    expectNoStackTrace(res.stderr);
    expect(res.stderr).toMatch(/^--out: cannot write to disk\/(out|\.out\.tokenmaxx-checkpoint): no space left on the device \(ENOSPC\)/);
    // The folder is as it was; the runs that finished wait in the checkpoint beside it, and the message says so.
    const { '.out.tokenmaxx-checkpoint': kept, ...rest } = snapshot(join(cwd, 'disk'));
    expect(rest).toEqual(before);
    if (kept !== undefined) expect(res.stderr).toMatch(/The runs that finished are kept in disk\/\.out\.tokenmaxx-checkpoint/);
  });

  test.runIf(canMount)('a mount point as --out is refused before anything runs', async () => {
    const before = snapshot(cwd);
    expect(refused(await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'disk']), cwd, before)).toContain('--out: disk is a mount point');
  });
});
