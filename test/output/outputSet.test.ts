/**
 * The output folder contract, through the library: what counts as tokenmaxx's folder, the lock,
 * staging and commit, recovery from each state a crash can leave, and verification for readers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { auditFolder, hashFile } from '../../src/output/folder.js';
import { acquireLock, LockHeld, LockUnusable, releaseLock } from '../../src/output/lock.js';
import { OutputSet, recoverFolder, sidePaths, targetProblems } from '../../src/output/outputSet.js';
import { verifyRun } from '../../src/output/verify.js';
import { InputError, formatProblem } from '../../src/scenarios/problems.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'tokenmaxx-output-'));
  made.push(d);
  return d;
}

/** Writes a committed set {name: text} into `dir` through OutputSet, as a run would. */
function commitSet(dir: string, files: Record<string, string>, extra: Record<string, unknown> = {}): void {
  const set = OutputSet.open(dir, '--out');
  for (const [name, text] of Object.entries(files)) set.writeFile(name, text);
  set.commit(`${JSON.stringify({ tool: 'tokenmaxx', ...extra, files: set.files() }, null, 2)}\n`);
}

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

const RUN = { 'timeseries.csv': 'a,b\n1,2\n', 'summary.json': '{}\n', 'distributions.json': '{}\n', 'charts/x.svg': '<svg/>' };

describe('staging and commit', () => {
  test('a committed set holds exactly its files and a manifest with the sha256 and size of each; nothing is left beside it', () => {
    const root = temp();
    const out = join(root, 'nested', 'out');
    commitSet(out, RUN);
    expect(readdirSync(root)).toEqual(['nested']);
    expect(readdirSync(join(root, 'nested'))).toEqual(['out']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Record<string, { sha256: string; bytes: number }> };
    expect(Object.keys(manifest.files).sort()).toEqual(Object.keys(RUN).sort());
    for (const [name, text] of Object.entries(RUN)) {
      expect(readFileSync(join(out, name), 'utf8')).toBe(text);
      expect(manifest.files[name]).toEqual(hashFile(join(out, name)));
      expect(manifest.files[name].bytes).toBe(Buffer.byteLength(text));
    }
  });

  test('a second commit replaces the whole set: files the new set lacks are gone', () => {
    const out = join(temp(), 'out');
    commitSet(out, RUN);
    commitSet(out, { 'timeseries.csv': 'new\n' });
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'timeseries.csv']);
  });

  test('an abandoned set leaves the target as it was, and no staging, lock or created parent folder', () => {
    const root = temp();
    const out = join(root, 'a', 'b', 'out');
    const set = OutputSet.open(out, '--out');
    set.writeFile('timeseries.csv', 'x\n');
    expect(existsSync(sidePaths(out).lock)).toBe(true);
    set.abandon();
    expect(readdirSync(root)).toEqual([]);
  });

  test('abandoning a set closes a file it was appending to (a run that failed half-way through timeseries.csv)', () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const out = join(temp(), 'out');
    const before = openFiles();
    const set = OutputSet.open(out, '--out');
    set.create('timeseries.csv').write('scenario,replicate\n');
    expect(openFiles()).toBe(before + 1);
    set.abandon();
    expect(openFiles()).toBe(before);
    expect(existsSync(out)).toBe(false);
  });

  test('open refuses a folder locked by a live process, naming it', () => {
    const out = join(temp(), 'out');
    const first = OutputSet.open(out, '--out');
    expect(problemsOf(() => OutputSet.open(out, '--out'))).toEqual([expect.stringMatching(/^--out: another tokenmaxx \(pid \d+ on .+\) is writing .*out; wait/)]);
    first.abandon();
    OutputSet.open(out, '--out').abandon();
  });
});

describe('what tokenmaxx may replace', () => {
  test('absent, empty, or holding only its own unchanged files: yes', () => {
    const root = temp();
    expect(targetProblems(join(root, 'absent'), '--out')).toEqual([]);
    mkdirSync(join(root, 'empty'));
    expect(targetProblems(join(root, 'empty'), '--out')).toEqual([]);
    commitSet(join(root, 'run'), RUN);
    expect(targetProblems(join(root, 'run'), '--out')).toEqual([]);
  });

  test('an empty name, the current folder, a file, a link: no, each with its reason', () => {
    const root = temp();
    writeFileSync(join(root, 'file'), 'x');
    symlinkSync(join(root, 'file'), join(root, 'link'));
    const msg = (dir: string) => targetProblems(dir, '--out').map(formatProblem);
    expect(msg('')).toEqual(['--out: --out "" names no folder; give a folder name (an empty value never means the current folder)']);
    expect(msg(process.cwd())[0]).toMatch(/is the current folder or holds it/);
    expect(msg(join(root, 'file'))[0]).toMatch(/exists and is not a folder/);
    expect(msg(join(root, 'link'))[0]).toMatch(/is a symbolic link; tokenmaxx does not follow links/);
    expect(msg(join(root, 'file', 'below'))[0]).toMatch(/a part of the path is not a folder \(ENOTDIR\)/);
  });

  test('a file of the user anywhere in it, a file changed since it was written, or a link inside: no', () => {
    const root = temp();
    const out = join(root, 'out');
    commitSet(out, RUN);
    writeFileSync(join(out, 'charts', 'mine.txt'), 'notes');
    expect(targetProblems(out, '--out').map(formatProblem)).toEqual([`--out: ${out} holds files tokenmaxx did not write (charts/mine.txt); choose another --out or empty it`]);
    rmSync(join(out, 'charts', 'mine.txt'));
    writeFileSync(join(out, 'summary.json'), '{"edited": true}\n');
    expect(targetProblems(out, '--out').map(formatProblem)[0]).toMatch(/summary\.json changed after tokenmaxx wrote it/);
  });

  test('a charts folder that is a link into another folder is not followed and not replaced', () => {
    const root = temp();
    const out = join(root, 'out');
    commitSet(out, RUN);
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'x.svg'), '<svg/>');
    rmSync(join(out, 'charts'), { recursive: true });
    symlinkSync(elsewhere, join(out, 'charts'));
    expect(targetProblems(out, '--out').map(formatProblem)).toEqual([expect.stringMatching(/holds links or special files \(charts\)/)]);
    expect(auditFolder(out).links).toEqual(['charts']);
    expect(readFileSync(join(elsewhere, 'x.svg'), 'utf8')).toBe('<svg/>');
  });

  test('a manifest that claims to be tokenmaxx\'s but lists paths outside the folder is not one', () => {
    const out = join(temp(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ tool: 'tokenmaxx', files: { '../x': { sha256: '0'.repeat(64) } } }));
    expect(targetProblems(out, '--out').map(formatProblem)[0]).toMatch(/holds files tokenmaxx did not write \(manifest\.json\)/);
  });
});

describe('recovery from what a crash leaves', () => {
  function layout(): { out: string; side: ReturnType<typeof sidePaths> } {
    const out = join(temp(), 'out');
    return { out, side: sidePaths(out) };
  }
  const contents = (dir: string) => readFileSync(join(dir, 'timeseries.csv'), 'utf8');

  test('staging only (killed before the commit): removed; the target stays as it was', () => {
    const { out, side } = layout();
    commitSet(out, { 'timeseries.csv': 'old\n' });
    mkdirSync(side.staging);
    writeFileSync(join(side.staging, '.tokenmaxx-staging'), 'tokenmaxx 1\n');
    writeFileSync(join(side.staging, 'timeseries.csv'), 'half');
    recoverFolder(out, '--out');
    expect(contents(out)).toBe('old\n');
    expect(existsSync(side.staging)).toBe(false);
  });

  test('old set aside, complete staged set (killed between the renames): the new set is switched in', () => {
    const { out, side } = layout();
    commitSet(out, { 'timeseries.csv': 'new\n' });
    commitSet(join(out, '..', 'other'), { 'timeseries.csv': 'old\n' });
    // Rebuild the state between the two renames by hand.
    spawnSync('mv', [out, side.staging]);
    spawnSync('mv', [join(out, '..', 'other'), side.old]);
    recoverFolder(out, '--out');
    expect(contents(out)).toBe('new\n');
    expect(existsSync(side.old) || existsSync(side.staging)).toBe(false);
  });

  test('old set aside after the switch (killed before removing it): removed', () => {
    const { out, side } = layout();
    commitSet(out, { 'timeseries.csv': 'new\n' });
    commitSet(join(out, '..', 'x'), { 'timeseries.csv': 'old\n' });
    spawnSync('mv', [join(out, '..', 'x'), side.old]);
    recoverFolder(out, '--out');
    expect(contents(out)).toBe('new\n');
    expect(existsSync(side.old)).toBe(false);
  });

  test('old set aside and no complete staged set: the old set is put back', () => {
    const { out, side } = layout();
    commitSet(join(out, '..', 'x'), { 'timeseries.csv': 'old\n' });
    spawnSync('mv', [join(out, '..', 'x'), side.old]);
    mkdirSync(side.staging);
    writeFileSync(join(side.staging, '.tokenmaxx-staging'), 'tokenmaxx 1\n');
    recoverFolder(out, '--out');
    expect(contents(out)).toBe('old\n');
  });

  test('a folder of the user that has a leftover name is never moved or removed, and is named', () => {
    const { out, side } = layout();
    commitSet(out, { 'timeseries.csv': 'run\n' });
    for (const leftover of [side.old, side.staging]) {
      mkdirSync(leftover);
      writeFileSync(join(leftover, 'thesis.txt'), 'precious');
      expect(problemsOf(() => OutputSet.open(out, '--out'))).toEqual([expect.stringMatching(/has a name tokenmaxx gives its own leftovers, but holds files it did not write/)]);
      expect(problemsOf(() => recoverFolder(out, '--out'))).toHaveLength(1);
      expect(readFileSync(join(leftover, 'thesis.txt'), 'utf8')).toBe('precious');
      expect(contents(out)).toBe('run\n');
      rmSync(leftover, { recursive: true });
    }
  });
});

describe('a folder that changes while a run writes it', () => {
  test('a file saved into the target during the run: the commit is refused, the file and the old set kept', () => {
    const out = join(temp(), 'out');
    commitSet(out, { 'timeseries.csv': 'old\n' });
    const set = OutputSet.open(out, '--out');
    set.writeFile('timeseries.csv', 'new\n');
    writeFileSync(join(out, 'notes.md'), 'my analysis');
    expect(problemsOf(() => set.commit(JSON.stringify({ tool: 'tokenmaxx', files: set.files() })))).toEqual([
      expect.stringMatching(/^--out: changed while the run was writing it: .*holds files tokenmaxx did not write \(notes\.md\)/),
    ]);
    set.abandon();
    expect(readFileSync(join(out, 'notes.md'), 'utf8')).toBe('my analysis');
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8')).toBe('old\n');
    expect(readdirSync(join(out, '..'))).toEqual(['out']);
  });
});

describe('paths', () => {
  test('a link above the target does not hide the current folder; a link above it is otherwise followed', () => {
    const root = temp();
    mkdirSync(join(root, 'a', 'b', 'out'), { recursive: true });
    symlinkSync(join(root, 'a'), join(root, 'L'));
    const cwd = process.cwd();
    try {
      process.chdir(join(root, 'a', 'b', 'out'));
      expect(targetProblems(join(root, 'L', 'b', 'out'), '--out').map(formatProblem)[0]).toMatch(/is the current folder or holds it/);
    } finally {
      process.chdir(cwd);
    }
    expect(targetProblems(join(root, 'L', 'b', 'new'), '--out')).toEqual([]);
  });
});

describe('the lock', () => {
  test('a lock held by a live process is refused; one whose process has ended is taken over', () => {
    const dir = temp();
    const lock = join(dir, '.out.tokenmaxx-lock');
    writeFileSync(lock, JSON.stringify({ host: hostname(), pid: process.ppid, startTicks: null, since: 'then' }));
    expect(() => acquireLock(lock)).toThrow(LockHeld);
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(lock, JSON.stringify({ host: hostname(), pid: Number(ended), startTicks: null, since: 'then' }));
    expect(acquireLock(lock).pid).toBe(process.pid);
    releaseLock(lock);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a reused pid (same number, another start time) does not hold the lock', () => {
    const dir = temp();
    const lock = join(dir, '.out.tokenmaxx-lock');
    writeFileSync(lock, JSON.stringify({ host: hostname(), pid: process.pid, startTicks: '1', since: 'then' }));
    expect(acquireLock(lock).pid).toBe(process.pid);
    releaseLock(lock);
  });

  test('a lock naming a pid that cannot run (-1, 0, 1.5) is stale, not held forever', () => {
    const dir = temp();
    const lock = join(dir, '.out.tokenmaxx-lock');
    for (const pid of [-1, 0, 1.5]) {
      writeFileSync(lock, JSON.stringify({ host: hostname(), pid, startTicks: null, since: 'then' }));
      expect(acquireLock(lock).pid).toBe(process.pid);
      releaseLock(lock);
    }
  });

  test('a folder at the lock\'s name is refused, not renamed', () => {
    const dir = temp();
    const lock = join(dir, '.out.tokenmaxx-lock');
    mkdirSync(lock);
    expect(() => acquireLock(lock)).toThrow(LockUnusable);
    expect(readdirSync(dir)).toEqual(['.out.tokenmaxx-lock']);
    expect(problemsOf(() => OutputSet.open(join(dir, 'out'), '--out'))).toEqual([expect.stringMatching(/has the name of tokenmaxx's lock but is not a lock file/)]);
  });

  test('an unreadable lock file and temporary files of dead processes are cleaned up', () => {
    const dir = temp();
    const lock = join(dir, '.out.tokenmaxx-lock');
    writeFileSync(lock, 'garbage');
    writeFileSync(`${lock}.999999999`, 'x');
    writeFileSync(`${lock}.stale-999999999`, 'x');
    acquireLock(lock);
    releaseLock(lock);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('verifying a run folder before reading it', () => {
  const REQUIRED = ['timeseries.csv', 'summary.json', 'distributions.json'];
  const verify = (dir: string) => problemsOf(() => verifyRun(dir, '--from', REQUIRED, (f) => f.startsWith('charts/')));

  test('a complete run verifies; a report file that is missing is allowed', () => {
    const out = join(temp(), 'out');
    commitSet(out, RUN);
    expect(verify(out)).toEqual([]);
    rmSync(join(out, 'charts'), { recursive: true });
    expect(verify(out)).toEqual([]);
  });

  test('tampered, truncated, mixed, foreign and missing files are each named, all at once', () => {
    const root = temp();
    const out = join(root, 'out');
    commitSet(out, RUN);
    commitSet(join(root, 'other'), { ...RUN, 'summary.json': '{"other": 1}\n' });
    writeFileSync(join(out, 'summary.json'), readFileSync(join(root, 'other', 'summary.json')));
    writeFileSync(join(out, 'timeseries.csv'), 'a,b\n');
    rmSync(join(out, 'distributions.json'));
    writeFileSync(join(out, 'extra.txt'), 'x');
    expect(verify(out).sort()).toEqual(
      [
        `${join(out, 'distributions.json')}: is listed in manifest.json but missing`,
        `${join(out, 'extra.txt')}: is not part of this run: manifest.json does not list it`,
        expect.stringMatching(/summary\.json: does not match the sha256 manifest\.json records/),
        expect.stringMatching(/timeseries\.csv: does not match the sha256 manifest\.json records/),
      ].sort(),
    );
  });

  test('no manifest, a foreign manifest, or no folder: not a run', () => {
    const root = temp();
    mkdirSync(join(root, 'x'));
    writeFileSync(join(root, 'x', 'manifest.json'), '{"tool": "tokenmaxx"}');
    expect(verify(join(root, 'x'))).toEqual([expect.stringMatching(/holds no manifest\.json written by tokenmaxx/)]);
    expect(verify(join(root, 'absent'))).toEqual([expect.stringMatching(/absent does not exist/)]);
  });
});
