/**
 * Crash consistency of output folders. The built program is killed (the writer's test seam,
 * TOKENMAXX_FAULT, read only by src/output) before one of its file operations, fails one with
 * ENOSPC, or pauses while a second command tries the same folder. After a kill the folder must hold
 * the complete old set or the complete new set (or, between the two renames of a commit, be restored
 * by the next command), nothing of the user's may change, and the next command must recover and
 * write the new set. Faults need a process of their own; the commands that follow them run
 * in-process (runCli, the code the program runs), which is what keeps this file fast.
 *
 * Which operations are killed (see `killPoints`): every operation of `run`, over an earlier run (13)
 * and into a new folder (11). `report --from` makes one operation per file it writes (34 for the
 * seven charts); writing one chart file is the same operation as writing the next, so it is killed
 * before the first and the last of each stretch of operations of one kind — which still includes
 * every distinct operation: taking the lock (write, link), creating the staging folder, carrying the
 * data over, the first and the last chart, report.html, the manifest and its rename, both renames of
 * the switch, removing the old set and the lock.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, expectNoStackTrace, expectSuccess, PRESETS, removeTempDirs, snapshot, spawnCli, spawnPaused, tempDir, writeText } from './helpers.js';

const SMALL = ['--scenarios', PRESETS, '--employees', '100', '--weeks', '6', '--reps', '2', '--quiet'];
const OLD_RUN = ['run', 'baseline', ...SMALL, '--seed', 'old', '--out', 'out'];
const NEW_RUN = ['run', 'baseline', 'audited', ...SMALL, '--seed', 'new', '--out', 'out'];
const REPORT = ['report', '--from', 'out', '--quiet'];

afterAll(removeTempDirs);

/** Runs the commands in a fresh folder holding the user's notes.txt; returns the folder. */
async function prepared(commands: readonly (readonly string[])[]): Promise<string> {
  const cwd = tempDir();
  writeText(cwd, 'notes.txt', 'mine\n');
  for (const args of commands) expectSuccess(await cli(cwd, args));
  return cwd;
}

/** A copy of the folder `base`, to break. */
function copyOf(base: string): string {
  const cwd = tempDir();
  cpSync(base, cwd, { recursive: true });
  return cwd;
}

/** The operations a command makes, from the seam's log, when run on a copy of `base`; and the set it writes. */
async function operations(base: string, args: readonly string[]): Promise<{ labels: string[]; after: Record<string, string> }> {
  const cwd = copyOf(base);
  const log = join(cwd, '..', `${cwd.split('/').pop()}.ops`);
  expectSuccess(await spawnCli(cwd, args, { TOKENMAXX_FAULT_LOG: log }));
  const labels = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\d+ /, ''));
  rmSync(log);
  return { labels, after: snapshot(join(cwd, 'out')) };
}

/** The kind of an operation: the same for writing any chart file, and for carrying any data file over. */
function kind(label: string): string {
  return label.replace(/^write charts\/.*$/, 'write a chart').replace(/^carry over .*$/, 'carry over a data file');
}

/** Operations that repeat once per run (each finished run appended to the checkpoint). */
const PER_RUN = new Set(['append checkpoint']);

/**
 * The operations to kill the command before (1-based): the first and the last of each stretch of
 * consecutive operations of one kind, so every kind of operation, and every change of kind, is met.
 */
function killPoints(labels: readonly string[]): number[] {
  return labels.flatMap((label, i) => (i === 0 || i === labels.length - 1 || kind(labels[i - 1]) !== kind(label) || kind(labels[i + 1]) !== kind(label) ? [i + 1] : []));
}

/** Maps `xs` through `f`, at most `limit` at a time (each call spawns a process). */
async function mapLimit<T, R>(xs: readonly T[], f: (x: T, i: number) => Promise<R>, limit = 4): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < xs.length; i = next++) out[i] = await f(xs[i], i);
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

/** Entries of the working folder other than the user's notes and out: tokenmaxx's leftovers. */
function leftovers(cwd: string): string[] {
  return readdirSync(cwd).filter((e) => e !== 'notes.txt' && e !== 'out');
}

/**
 * Kills `args` before each of its kill points in turn (each on a copy of `base`); checks the folder
 * holds the old set, the new set or (between the renames) none with the old set beside it; then that
 * running the command again recovers and gives the new set, with nothing left beside it. Returns the
 * state each kill left, in order.
 */
async function killAtEveryKind(base: string, args: readonly string[]): Promise<{ labels: string[]; points: number[]; states: string[] }> {
  const before = existsSync(join(base, 'out')) ? snapshot(join(base, 'out')) : undefined;
  const { labels, after } = await operations(base, args);
  const points = killPoints(labels);
  expect(new Set(points.map((k) => kind(labels[k - 1]))), 'every kind of operation is killed').toEqual(new Set(labels.map(kind)));
  const states = await mapLimit(points, async (k) => {
    const cwd = copyOf(base);
    const killed = await spawnCli(cwd, args, { TOKENMAXX_FAULT: `kill@${k}` });
    const context = `killed before operation ${k} (${labels[k - 1]})`;
    expect(killed.signal, context).toBe('SIGKILL');
    expect(readFileSync(join(cwd, 'notes.txt'), 'utf8'), context).toBe('mine\n');
    let state: string;
    if (existsSync(join(cwd, 'out'))) {
      const now = JSON.stringify(snapshot(join(cwd, 'out')));
      state = before !== undefined && now === JSON.stringify(before) ? 'old' : now === JSON.stringify(after) ? 'new' : 'mixed';
    } else if (before === undefined) state = 'none yet';
    else {
      // Only between the two renames of a commit: the old set waits beside it.
      state = readdirSync(cwd).some((e) => e.endsWith('.tokenmaxx-old')) ? 'between renames' : 'lost';
    }
    expect(state, context).not.toBe('mixed');
    expect(state, context).not.toBe('lost');
    expectSuccess(await cli(cwd, args));
    expect(snapshot(join(cwd, 'out')), `${context}, then rerun`).toEqual(after);
    expect(leftovers(cwd), `${context}, then rerun`).toEqual([]);
    return state;
  });
  return { labels, points, states };
}

describe('a crash at any instant leaves the old set or the new set', () => {
  let base = '';
  beforeAll(async () => {
    base = await prepared([OLD_RUN]);
  });

  test('run over an earlier run, killed before each file operation', async () => {
    const { labels, points, states } = await killAtEveryKind(base, NEW_RUN);
    // Every operation but the middle appends of the checkpoint (one per run: the first and last are killed).
    expect(points).toHaveLength(labels.filter((l, i) => !PER_RUN.has(l) || labels[i - 1] !== l || labels[i + 1] !== l).length);
    expect(labels).toEqual(expect.arrayContaining(['create staging folder', 'write checkpoint', 'link checkpoint', 'append checkpoint', 'rename manifest', 'move old set aside', 'switch in new set', 'remove old set', 'remove checkpoint']));
    // The kills fall before, during and after the switch.
    expect(states[0]).toBe('old');
    expect(states).toContain('between renames');
    expect(states.at(-1)).toBe('new');
  });

  test('run into a new folder, killed before each file operation: no folder or the whole set', async () => {
    const { labels, points, states } = await killAtEveryKind(await prepared([]), NEW_RUN);
    expect(points).toHaveLength(labels.filter((l, i) => !PER_RUN.has(l) || labels[i - 1] !== l || labels[i + 1] !== l).length);
    expect(states[0]).toBe('none yet');
    expect(states.at(-1)).toBe('new');
  });

  test('report --from, killed before the first and last operation of each kind', async () => {
    const { labels, points, states } = await killAtEveryKind(base, REPORT);
    expect(labels.filter((l) => kind(l) === 'write a chart').length).toBeGreaterThan(2);
    expect(labels).toEqual(expect.arrayContaining(['write report.html', 'rename manifest', 'move old set aside', 'switch in new set', 'remove old set', 'remove lock']));
    expect(points.length).toBeLessThan(labels.length);
    expect(states[0]).toBe('old');
    expect(states).toContain('between renames');
    expect(states.at(-1)).toBe('new');
  });
});

describe('a full disk', () => {
  test('ENOSPC at any write: exit 2 naming the folder and the cause, the old set untouched, nothing left behind', async () => {
    const base = await prepared([OLD_RUN]);
    const before = snapshot(base);
    const { labels } = await operations(base, NEW_RUN);
    const writes = labels.map((l, k) => [l, k + 1] as const).filter(([l]) => /^(write|create) /.test(l));
    expect(writes.length).toBeGreaterThan(3);
    const committed = labels.indexOf('switch in new set') + 1;
    await mapLimit(writes, async ([label, k]) => {
      const cwd = copyOf(base);
      const res = await spawnCli(cwd, NEW_RUN, { TOKENMAXX_FAULT: `enospc@${k}` });
      if (k > committed) {
        // After the switch (taking the lock again to remove the checkpoint) the new set stands.
        expect(res.status, `${label}: ${res.stderr}`).toBe(0);
        return;
      }
      expect(res.status, `${label}: ${res.stderr}`).toBe(2);
      expectNoStackTrace(res.stderr);
      // Before the simulation (taking the lock, creating the staging folder or the checkpoint) nothing
      // has run; after it, the folder is left as it was, and the runs that finished wait in the
      // checkpoint for the same command to resume from them.
      expect(res.stderr, label).toMatch(
        /^--out: cannot write to (out|\.out\.tokenmaxx-checkpoint): no space left on the device \(ENOSPC\)(\n1 problem; nothing was run or written\.|; out was left as it was\n1 problem; (the results were not kept and nothing was written\.|nothing was written to the folder\. The runs that finished are kept in \.out\.tokenmaxx-checkpoint: the same command, run again, resumes from them\.))\n$/,
      );
      const { '.out.tokenmaxx-checkpoint': kept, ...rest } = snapshot(cwd);
      expect(rest, label).toEqual(before);
      if (kept !== undefined) {
        expect(res.stderr, label).toMatch(/resumes from them/);
        expectSuccess(await cli(cwd, NEW_RUN));
        expect(leftovers(cwd), `${label}, then rerun`).toEqual([]);
      }
    });
  });
});

describe('concurrent runs', () => {
  test('a second run into a folder being written is refused, names the first, and changes nothing', async () => {
    const cwd = await prepared([OLD_RUN]);
    const resume = join(cwd, '..', `${cwd.split('/').pop()}.resume`);
    // The first run holds the lock and has staged its folder when it pauses.
    const first = spawnPaused(cwd, NEW_RUN, { TOKENMAXX_FAULT: 'pause@4', TOKENMAXX_FAULT_RESUME: resume });
    await first.paused;
    expect(existsSync(join(cwd, '.out.tokenmaxx-lock'))).toBe(true);
    expect(existsSync(join(cwd, '.out.tokenmaxx-new'))).toBe(true);
    const during = snapshot(join(cwd, 'out'));
    const second = await cli(cwd, OLD_RUN);
    expect(second.status).toBe(2);
    expectNoStackTrace(second.stderr);
    expect(second.stderr).toMatch(/^--out: another tokenmaxx \(pid \d+ on .+, since .+\) is writing out; wait for it to finish or choose another folder$/m);
    const report = await cli(cwd, REPORT);
    expect(report.status).toBe(2);
    expect(report.stderr).toMatch(/another tokenmaxx .* is writing out/);
    expect(snapshot(join(cwd, 'out'))).toEqual(during);
    writeFileSync(resume, '');
    expectSuccess(await first.done);
    rmSync(resume);
    expect(leftovers(cwd)).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8')) as { seed: string };
    expect(manifest.seed).toBe('new');
  });

  test('the lock of a killed run is stale: the next run takes it over and cleans up', async () => {
    const cwd = await prepared([OLD_RUN]);
    expect((await spawnCli(cwd, NEW_RUN, { TOKENMAXX_FAULT: 'kill@4' })).signal).toBe('SIGKILL');
    expect(leftovers(cwd).sort()).toEqual(['.out.tokenmaxx-lock', '.out.tokenmaxx-new']);
    expectSuccess(await cli(cwd, NEW_RUN));
    expect(leftovers(cwd)).toEqual([]);
  });
});
