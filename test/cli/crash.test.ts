/**
 * Crash consistency of output folders, through the built CLI: the writer's test seam
 * (TOKENMAXX_FAULT, read only by src/output) kills the process before each of its file operations in
 * turn, fails one with ENOSPC, or pauses it while a second run tries the same folder. After each, the
 * folder must hold the complete old set or the complete new set (or, between the two renames of a
 * commit, be restored by the next command), and nothing of the user's may change.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoStackTrace, PRESETS, removeTempDirs, runCli, snapshot, tempDir, writeText, type CliResult } from './helpers.js';

const SMALL = ['--scenarios', PRESETS, '--employees', '100', '--weeks', '6', '--reps', '2', '--quiet'];
const OLD_RUN = ['run', 'baseline', ...SMALL, '--seed', 'old', '--out', 'out'];
const NEW_RUN = ['run', 'baseline', 'audited', ...SMALL, '--seed', 'new', '--out', 'out'];
const REPORT = ['report', '--from', 'out', '--quiet'];

afterAll(removeTempDirs);

function ok(res: CliResult): void {
  expect(res.status, res.stderr).toBe(0);
  expectNoStackTrace(res.stderr);
}

/** Runs the commands in a fresh folder holding the user's notes.txt; returns the folder. */
async function prepared(commands: readonly (readonly string[])[]): Promise<string> {
  const cwd = tempDir();
  writeText(cwd, 'notes.txt', 'mine\n');
  for (const args of commands) ok(await runCli(cwd, args));
  return cwd;
}

/** The operations a command makes, from the seam's log, when run on a copy of `base`. */
async function operations(base: string, args: readonly string[]): Promise<{ labels: string[]; after: Record<string, string> }> {
  const cwd = tempDir();
  cpSync(base, cwd, { recursive: true });
  const log = join(cwd, '..', `${cwd.split('/').pop()}.ops`);
  ok(await runCli(cwd, args, { TOKENMAXX_FAULT_LOG: log }));
  const labels = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\d+ /, ''));
  rmSync(log);
  return { labels, after: snapshot(join(cwd, 'out')) };
}

/** Maps `xs` through `f`, at most `limit` at a time (each call spawns processes). */
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
 * Kills `args` before each of its operations in turn (on a copy of `base`); checks the folder holds
 * the old or the new set, then that rerunning the command recovers and gives the new set.
 */
async function killAtEveryOperation(base: string, args: readonly string[]): Promise<number> {
  const before = snapshot(join(base, 'out'));
  const { labels, after } = await operations(base, args);
  expect(labels.length).toBeGreaterThan(8);
  const states = await mapLimit(
    labels,
    async (label, k) => {
      const cwd = tempDir();
      cpSync(base, cwd, { recursive: true });
      const killed = await runCli(cwd, args, { TOKENMAXX_FAULT: `kill@${k + 1}` });
      const context = `killed before operation ${k + 1} (${label})`;
      expect(killed.signal, context).toBe('SIGKILL');
      expect(readFileSync(join(cwd, 'notes.txt'), 'utf8'), context).toBe('mine\n');
      let state: string;
      if (existsSync(join(cwd, 'out'))) {
        const now = snapshot(join(cwd, 'out'));
        state = JSON.stringify(now) === JSON.stringify(before) ? 'old' : JSON.stringify(now) === JSON.stringify(after) ? 'new' : 'mixed';
      } else {
        // Only between the two renames of a commit: the old set waits beside it.
        state = readdirSync(cwd).some((e) => e.endsWith('.tokenmaxx-old')) ? 'between renames' : 'lost';
      }
      expect(state, context).not.toBe('mixed');
      expect(state, context).not.toBe('lost');
      const rerun = await runCli(cwd, args);
      ok(rerun);
      expect(snapshot(join(cwd, 'out')), `${context}, then rerun`).toEqual(after);
      expect(leftovers(cwd), `${context}, then rerun`).toEqual([]);
      return state;
    },
  );
  // The kills fall before, during and after the switch.
  expect(states[0]).toBe('old');
  expect(states).toContain('between renames');
  expect(states.at(-1)).toBe('new');
  return labels.length;
}

describe('a crash at any instant leaves the old set or the new set', () => {
  let base = '';
  beforeAll(async () => {
    base = await prepared([OLD_RUN]);
  });

  test('run over an earlier run, killed before each file operation', async () => {
    await killAtEveryOperation(base, NEW_RUN);
  });

  test('run into a new folder, killed before each file operation: no folder or the whole set', async () => {
    const empty = await prepared([]);
    const { labels, after } = await operations(empty, NEW_RUN);
    await mapLimit(labels, async (label, k) => {
      const cwd = tempDir();
      cpSync(empty, cwd, { recursive: true });
      expect((await runCli(cwd, NEW_RUN, { TOKENMAXX_FAULT: `kill@${k + 1}` })).signal, label).toBe('SIGKILL');
      if (existsSync(join(cwd, 'out'))) expect(snapshot(join(cwd, 'out')), label).toEqual(after);
      ok(await runCli(cwd, NEW_RUN));
      expect(snapshot(join(cwd, 'out')), label).toEqual(after);
      expect(leftovers(cwd), label).toEqual([]);
    });
  });

  test('report --from, killed before each file operation', async () => {
    await killAtEveryOperation(base, REPORT);
  });
});

describe('a full disk', () => {
  test('ENOSPC at any write: exit 2 naming the folder and the cause, the old set untouched, nothing left behind', async () => {
    const base = await prepared([OLD_RUN]);
    const before = snapshot(base);
    const { labels } = await operations(base, NEW_RUN);
    const writes = labels.map((l, k) => [l, k + 1] as const).filter(([l]) => /^(write|create) /.test(l));
    expect(writes.length).toBeGreaterThan(3);
    for (const [label, k] of writes) {
      const cwd = tempDir();
      cpSync(base, cwd, { recursive: true });
      const res = await runCli(cwd, NEW_RUN, { TOKENMAXX_FAULT: `enospc@${k}` });
      expect(res.status, `${label}: ${res.stderr}`).toBe(2);
      expectNoStackTrace(res.stderr);
      // Before the simulation (taking the lock, creating the staging folder) nothing has run; after it, the results are dropped.
      expect(res.stderr, label).toMatch(
        /^--out: cannot write to out: no space left on the device \(ENOSPC\)(\n1 problem; nothing was run or written\.|; out was left as it was, nothing of the run was kept\n1 problem; the results were not kept and nothing was written\.)\n$/,
      );
      expect(snapshot(cwd), label).toEqual(before);
    }
  });
});

describe('concurrent runs', () => {
  test('a second run into a folder being written is refused, names the first, and changes nothing', async () => {
    const cwd = await prepared([OLD_RUN]);
    const resume = join(cwd, '..', `${cwd.split('/').pop()}.resume`);
    const first = runCli(cwd, NEW_RUN, { TOKENMAXX_FAULT: 'pause@4', TOKENMAXX_FAULT_RESUME: resume });
    // Wait until the first run holds the lock and has paused.
    const lock = join(cwd, '.out.tokenmaxx-lock');
    for (let i = 0; i < 600 && !existsSync(join(cwd, '.out.tokenmaxx-new')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(lock)).toBe(true);
    const during = snapshot(join(cwd, 'out'));
    const second = await runCli(cwd, OLD_RUN);
    expect(second.status).toBe(2);
    expectNoStackTrace(second.stderr);
    expect(second.stderr).toMatch(/^--out: another tokenmaxx \(pid \d+ on .+, since .+\) is writing out; wait for it to finish or choose another folder$/m);
    const report = await runCli(cwd, REPORT);
    expect(report.status).toBe(2);
    expect(report.stderr).toMatch(/another tokenmaxx .* is writing out/);
    expect(snapshot(join(cwd, 'out'))).toEqual(during);
    writeFileSync(resume, '');
    ok(await first);
    rmSync(resume);
    expect(leftovers(cwd)).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8')) as { seed: string };
    expect(manifest.seed).toBe('new');
  });

  test('the lock of a killed run is stale: the next run takes it over and cleans up', async () => {
    const cwd = await prepared([OLD_RUN]);
    expect((await runCli(cwd, NEW_RUN, { TOKENMAXX_FAULT: 'kill@4' })).signal).toBe('SIGKILL');
    expect(leftovers(cwd).sort()).toEqual(['.out.tokenmaxx-lock', '.out.tokenmaxx-new']);
    ok(await runCli(cwd, NEW_RUN));
    expect(leftovers(cwd)).toEqual([]);
  });
});
