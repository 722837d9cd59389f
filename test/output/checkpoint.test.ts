/**
 * The checkpoint of finished runs (src/output/checkpoint.ts): its format byte for byte, exact
 * round trips, a torn or corrupt tail dropped and cut back, another experiment's checkpoint refused
 * unless forced, a file of the user's at its name never touched, recovery keeping it, and processes
 * killed (by the fault seam at an exact append, and by a real SIGKILL at any instant) while appending.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { openCheckpoint, removeCheckpoint, type CheckpointHeader } from '../../src/output/checkpoint.js';
import { acquireLock, releaseLock } from '../../src/output/lock.js';
import { OutputSet, recoverFolder, sidePaths } from '../../src/output/outputSet.js';
import { formatProblem, InputError } from '../../src/scenarios/problems.js';
import { appendOrder, valuesOf } from './checkpointWriter.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WRITER = join(REPO, 'test', 'output', 'checkpointWriter.ts');

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh folder and an output folder `out` inside it (not created). */
function place(): { root: string; out: string; file: string; lock: string } {
  const root = mkdtempSync(join(tmpdir(), 'tokenmaxx-checkpoint-'));
  made.push(root);
  const out = join(root, 'out');
  return { root, out, file: sidePaths(out).checkpoint, lock: sidePaths(out).lock };
}

const experiment = (name: string) => createHash('sha256').update(name).digest('hex');
const A: CheckpointHeader = { experiment: experiment('A'), runs: 10, width: 3 };
const RECORD = 4 + 8 * A.width + 4;

/** Runs `f` holding the lock of `out`, as a command does between OutputSet.open and commit. */
function locked<T>(out: string, f: () => T): T {
  const lock = sidePaths(out).lock;
  acquireLock(lock);
  try {
    return f();
  } finally {
    releaseLock(lock);
  }
}

/** Opens, appends the runs `indexes` (values from valuesOf), closes. */
function write(out: string, header: CheckpointHeader, indexes: readonly number[]): void {
  locked(out, () => {
    const cp = openCheckpoint(out, '--out', header);
    for (const i of indexes) cp.append(i, valuesOf(i, header.width));
    cp.close();
  });
}

/** The runs a checkpoint holds, read back (opening it cuts a bad tail off). */
function readBack(out: string, header: CheckpointHeader = A): Map<number, Float64Array> {
  return locked(out, () => {
    const cp = openCheckpoint(out, '--out', header);
    cp.close();
    return cp.done;
  });
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

/** Are two arrays the same values (NaN equal to NaN, −0 not equal to 0)? */
function same(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((x, j) => Object.is(x, b[j]));
}

function expectExact(done: Map<number, Float64Array>, width: number): void {
  for (const [i, values] of done) expect(same(values, valuesOf(i, width)), `run ${i}`).toBe(true);
}

describe('the format', () => {
  test('a header line, then per run: index (uint32 LE), the values (float64 LE), CRC-32 of both (uint32 LE)', () => {
    const { out, file } = place();
    write(out, A, [7, 2]);
    const bytes = readFileSync(file);
    const header = `tokenmaxx-checkpoint 1 experiment=${A.experiment} runs=10 width=3\n`;
    expect(bytes.subarray(0, header.length).toString()).toBe(header);
    expect(bytes.length).toBe(header.length + 2 * RECORD);
    const expected = [7, 2].map((i) => {
      const payload = Buffer.concat([Buffer.from(new Uint32Array([i]).buffer), Buffer.from(valuesOf(i, 3).buffer)]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32LE(crc32(payload));
      return Buffer.concat([payload, crc]);
    });
    expect(bytes.subarray(header.length).equals(Buffer.concat(expected))).toBe(true);
  });

  test('the checkpoint is beside the output folder, named after it; nothing else is left there', () => {
    const { root, out } = place();
    write(out, A, [0]);
    expect(readdirSync(root)).toEqual(['.out.tokenmaxx-checkpoint']);
  });

  test('any values come back exactly (−0, NaN, infinities, subnormals), in any order of runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((width) =>
          fc.tuple(fc.constant(width), fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 49 }), fc.array(fc.double(), { minLength: width, maxLength: width })), { selector: ([i]) => i, maxLength: 20 })),
        ),
        ([width, runs]) => {
          const { out } = place();
          const header = { experiment: experiment('fc'), runs: 50, width };
          locked(out, () => {
            const cp = openCheckpoint(out, '--out', header);
            for (const [i, values] of runs) cp.append(i, Float64Array.from(values));
            cp.close();
          });
          const done = readBack(out, header);
          expect([...done.keys()]).toEqual(runs.map(([i]) => i));
          for (const [i, values] of runs) expect(same(done.get(i)!, Float64Array.from(values))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('runs appended since open are written, not held: done keeps only what was read, and a second record of a run is refused', () => {
    const { out } = place();
    locked(out, () => {
      const cp = openCheckpoint(out, '--out', A);
      const values = valuesOf(4, 3);
      cp.append(4, values);
      values[0] = 99;
      expect(cp.done.has(4)).toBe(false);
      expect(() => cp.append(4, valuesOf(4, 3))).toThrow(/already in the checkpoint/);
      cp.close();
    });
    expect(same(readBack(out).get(4)!, valuesOf(4, 3))).toBe(true);
  });

  test('an index out of range, an index already done, or the wrong number of values is refused, and nothing is written', () => {
    const { out, file } = place();
    write(out, A, [1]);
    locked(out, () => {
      const cp = openCheckpoint(out, '--out', A);
      const size = statSync(file).size;
      expect(() => cp.append(10, valuesOf(10, 3))).toThrow(RangeError);
      expect(() => cp.append(-1, valuesOf(0, 3))).toThrow(RangeError);
      expect(() => cp.append(1.5, valuesOf(0, 3))).toThrow(RangeError);
      expect(() => cp.append(1, valuesOf(1, 3))).toThrow(/already in the checkpoint/);
      expect(() => cp.append(2, valuesOf(2, 4))).toThrow(/4 values given/);
      expect(statSync(file).size).toBe(size);
      cp.close();
      expect(() => cp.append(2, valuesOf(2, 3))).toThrow(/closed/);
    });
  });

  test('it is opened only by the process holding the folder\'s lock', () => {
    const { out, root } = place();
    expect(() => openCheckpoint(out, '--out', A)).toThrow(/does not hold the lock/);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('a torn or corrupt tail', () => {
  /** A checkpoint of runs 3, 8, 5 (in that order), its size, and where its last record starts. */
  function threeRuns(): { out: string; file: string; size: number } {
    const p = place();
    write(p.out, A, [3, 8, 5]);
    return { ...p, size: statSync(p.file).size };
  }

  test('torn at every byte of the last record: that record is dropped, the others kept, the file cut back, and appends continue', () => {
    const { out, file, size } = threeRuns();
    const original = readFileSync(file);
    for (let cut = 1; cut < RECORD; cut++) {
      writeFileSync(file, original.subarray(0, size - cut));
      const done = readBack(out);
      expect([...done.keys()], `cut ${cut}`).toEqual([3, 8]);
      expectExact(done, 3);
      expect(statSync(file).size, `cut ${cut}`).toBe(size - RECORD);
      write(out, A, [5]);
      expect(readFileSync(file).equals(original), `cut ${cut}, appended again`).toBe(true);
    }
  });

  test('a flipped byte anywhere in a middle record: that record and every one after it are dropped', () => {
    const { out, file, size } = threeRuns();
    const original = readFileSync(file);
    const middle = size - 2 * RECORD;
    for (let at = middle; at < middle + RECORD; at++) {
      const broken = Buffer.from(original);
      broken[at] ^= 0x20;
      writeFileSync(file, broken);
      expect([...readBack(out).keys()], `byte ${at - middle} of the record`).toEqual([3]);
      expect(statSync(file).size).toBe(middle);
    }
  });

  test('a record for a run already present, or out of range, is a corruption even with a good checksum', () => {
    const { out, file, size } = threeRuns();
    const original = readFileSync(file);
    const forged = (index: number) => {
      const payload = Buffer.concat([Buffer.from(new Uint32Array([index]).buffer), Buffer.from(valuesOf(index, 3).buffer)]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32LE(crc32(payload));
      return Buffer.concat([payload, crc]);
    };
    for (const index of [8, 10, 0xffffffff]) {
      writeFileSync(file, Buffer.concat([original, forged(index), forged(0)]));
      expect([...readBack(out).keys()], `index ${index}`).toEqual([3, 8, 5]);
      expect(statSync(file).size).toBe(size);
    }
  });

  test('zeros where records should be (a power cut before the data reached the disk) are dropped', () => {
    const { out, file, size } = threeRuns();
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.alloc(3 * RECORD)]));
    expect([...readBack(out).keys()]).toEqual([3, 8, 5]);
    expect(statSync(file).size).toBe(size);
  });
});

describe('whose checkpoint it is', () => {
  const B: CheckpointHeader = { experiment: experiment('B'), runs: 10, width: 3 };

  test('a checkpoint of another experiment is refused, naming it, and left as it was; force discards it', () => {
    const { out, file } = place();
    write(out, A, [0, 1]);
    const before = readFileSync(file);
    for (const other of [B, { ...A, runs: 11 }, { ...A, width: 4 }]) {
      expect(problemsOf(() => readBack(out, other))).toEqual([
        `--out: ${join(dirname(out), '.out.tokenmaxx-checkpoint')} holds 2 finished runs (of 10) of another experiment (id ${A.experiment.slice(0, 12)}, this one is ${other.experiment.slice(0, 12)}: the scenarios, seed, design or tokenmaxx version differ); run that experiment's command again to finish it, or add --force to discard its runs`,
      ]);
      expect(readFileSync(file).equals(before)).toBe(true);
    }
    const forced = locked(out, () => {
      const cp = openCheckpoint(out, '--out', B, { force: true });
      cp.close();
      return cp.done;
    });
    expect(forced.size).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(`tokenmaxx-checkpoint 1 experiment=${B.experiment} runs=10 width=3\n`);
  });

  test('a checkpoint of another version of the format is another experiment\'s', () => {
    const { out, file } = place();
    writeFileSync(file, 'tokenmaxx-checkpoint 2 whatever comes next\n');
    expect(problemsOf(() => readBack(out))).toEqual([expect.stringMatching(/written in another version of tokenmaxx's checkpoint format; .* or add --force to discard it$/)]);
    expect(readFileSync(file, 'utf8')).toBe('tokenmaxx-checkpoint 2 whatever comes next\n');
    const forced = locked(out, () => openCheckpoint(out, '--out', A, { force: true }));
    forced.close();
    expect(forced.done.size).toBe(0);
  });

  test('a file of the user\'s with the checkpoint\'s name is named and never touched, not even with force', () => {
    const { out, file, root } = place();
    const cases: [string, () => void][] = [
      ['notes', () => writeFileSync(file, 'my notes\n')],
      ['a header gone wrong', () => writeFileSync(file, `tokenmaxx-checkpoint 1 experiment=${A.experiment} runs=ten width=3\n`)],
      ['no line end', () => writeFileSync(file, 'tokenmaxx-checkpoint 1')],
      ['empty', () => writeFileSync(file, '')],
      ['a folder', () => mkdirSync(file)],
    ];
    for (const [name, make] of cases) {
      make();
      const before = name === 'a folder' ? undefined : readFileSync(file);
      for (const force of [false, true]) {
        const problems = problemsOf(() => locked(out, () => openCheckpoint(out, '--out', A, { force })));
        expect(problems, name).toEqual([`--out: ${join(root, '.out.tokenmaxx-checkpoint')} has the name of tokenmaxx's checkpoint of finished runs but is not one tokenmaxx wrote; tokenmaxx will not overwrite or remove it: rename it and run again`]);
      }
      if (before) expect(readFileSync(file).equals(before), name).toBe(true);
      expect(removeCheckpoint(out), name).toBe(false);
      expect(existsSync(file), name).toBe(true);
      rmSync(file, { recursive: true });
    }
  });

  test('a link at the checkpoint\'s name is not followed, even to a good checkpoint', () => {
    const { out, file } = place();
    const elsewhere = place();
    write(elsewhere.out, A, [1]);
    symlinkSync(elsewhere.file, file);
    const before = readFileSync(elsewhere.file);
    expect(problemsOf(() => readBack(out))).toEqual([expect.stringMatching(/is not one tokenmaxx wrote/)]);
    expect(readFileSync(elsewhere.file).equals(before)).toBe(true);
  });
});

describe('with the output folder', () => {
  /** What a run killed half-way leaves: its lock (naming a dead process), its staging folder, its checkpoint. */
  function crashed(): { out: string; file: string; checkpoint: Buffer } {
    const p = place();
    write(p.out, A, [2, 4, 6]);
    writeFileSync(p.lock, JSON.stringify({ host: hostname(), pid: 999_999_999, startTicks: null, since: 'then' }));
    const staging = sidePaths(p.out).staging;
    mkdirSync(staging);
    writeFileSync(join(staging, '.tokenmaxx-staging'), 'tokenmaxx 999999999\n');
    writeFileSync(join(staging, 'timeseries.csv'), 'half');
    writeFileSync(`${p.file}.999999999`, 'tokenmaxx-checkpoint 1 half');
    return { ...p, checkpoint: readFileSync(p.file) };
  }

  test('recovering what a crash left keeps the checkpoint (and removes the temporary file of a dead process)', () => {
    const { out, file, checkpoint } = crashed();
    recoverFolder(out, '--out');
    expect(readFileSync(file).equals(checkpoint)).toBe(true);
    expect(readdirSync(dirname(out))).toEqual(['.out.tokenmaxx-checkpoint']);
  });

  test('a rerun takes the stale lock, recovers, resumes from the checkpoint, commits, and removes it', () => {
    const { out, file, checkpoint } = crashed();
    const set = OutputSet.open(out, '--out');
    expect(readFileSync(file).equals(checkpoint)).toBe(true);
    const cp = openCheckpoint(out, '--out', A);
    expect([...cp.done.keys()]).toEqual([2, 4, 6]);
    for (let i = 0; i < A.runs; i++) if (!cp.done.has(i)) cp.append(i, valuesOf(i, A.width));
    cp.close();
    set.writeFile('timeseries.csv', 'all runs\n');
    set.commit(JSON.stringify({ tool: 'tokenmaxx', files: set.files() }));
    expect(removeCheckpoint(out)).toBe(true);
    expect(readdirSync(dirname(out))).toEqual(['out']);
    expect(removeCheckpoint(out)).toBe(false);
  });

  test('a file of the user\'s with the checkpoint\'s name stops recovery and a run, untouched', () => {
    const { out, file } = crashed();
    rmSync(file);
    writeFileSync(file, 'mine');
    expect(problemsOf(() => recoverFolder(out, '--out'))).toEqual([expect.stringMatching(/\.out\.tokenmaxx-checkpoint has the name of tokenmaxx's checkpoint/)]);
    expect(problemsOf(() => OutputSet.open(out, '--out'))).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  test('removeCheckpoint leaves the checkpoint of a folder another live process is writing', () => {
    const { out, file, lock } = place();
    write(out, A, [1]);
    writeFileSync(lock, JSON.stringify({ host: hostname(), pid: process.ppid, startTicks: null, since: 'then' }));
    expect(removeCheckpoint(out)).toBe(false);
    expect(existsSync(file)).toBe(true);
    rmSync(lock);
    expect(removeCheckpoint(out)).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('a process killed while appending', () => {
  /** Starts the writer on `out`; resolves when it is ready (`ready`) and when it ends (`done`). */
  function writer(out: string, header: CheckpointHeader, env: NodeJS.ProcessEnv = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, out, header.experiment, String(header.runs), String(header.width)], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let markReady: () => void = () => {};
    const ready = new Promise<void>((done) => (markReady = done));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.startsWith('ready\n')) markReady();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const done = new Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }>((finish) => child.on('close', (_, signal) => finish({ signal, stdout, stderr })));
    return { child, ready, done };
  }

  // Before the first append a new checkpoint costs four operations: the lock's write and link, the checkpoint's.
  const OPEN_OPS = 4;

  test('killed by the fault seam before append k+1: exactly the first k runs are there, exact; the rest then resume', async () => {
    const header: CheckpointHeader = { experiment: experiment('seam'), runs: 40, width: 60 };
    const order = appendOrder(header.runs);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: header.runs - 1 }), async (k) => {
        const { out, root } = place();
        const { done } = writer(out, header, { TOKENMAXX_FAULT: `kill@${OPEN_OPS + k + 1}` });
        const ended = await done;
        expect(ended.signal, ended.stderr).toBe('SIGKILL');
        const back = readBack(out, header);
        expect([...back.keys()]).toEqual(order.slice(0, k));
        expectExact(back, header.width);
        // The dead writer's lock is stale: a second writer takes it over and finishes.
        expect((await writer(out, header).done).stdout).toBe('ready\ndone\n');
        const all = readBack(out, header);
        expect([...all.keys()]).toEqual(order);
        expectExact(all, header.width);
        expect(readdirSync(root)).toEqual(['.out.tokenmaxx-checkpoint']);
      }),
      { numRuns: 3 },
    );
  });

  test('killed before its checkpoint got its name: no checkpoint, and the next writer starts afresh', async () => {
    const { out, root } = place();
    const header: CheckpointHeader = { experiment: experiment('link'), runs: 5, width: 2 };
    expect((await writer(out, header, { TOKENMAXX_FAULT: 'kill@4' }).done).signal).toBe('SIGKILL');
    expect(readdirSync(root).filter((n) => n.startsWith('.out.tokenmaxx-checkpoint'))).toEqual([expect.stringMatching(/^\.out\.tokenmaxx-checkpoint\.\d+$/)]);
    expect((await writer(out, header).done).stdout).toBe('ready\ndone\n');
    expect(readBack(out, header).size).toBe(5);
    expect(readdirSync(root)).toEqual(['.out.tokenmaxx-checkpoint']);
  });

  test('a failed append (a full disk) leaves the runs before it, and the checkpoint refuses further appends', async () => {
    const { out } = place();
    const header: CheckpointHeader = { experiment: experiment('enospc'), runs: 20, width: 5 };
    const ended = await writer(out, header, { TOKENMAXX_FAULT: `enospc@${OPEN_OPS + 8}` }).done;
    expect(ended.stdout).toBe('ready\nfailed ENOSPC\nrefused after a failure\n');
    const back = readBack(out, header);
    expect([...back.keys()]).toEqual(appendOrder(header.runs).slice(0, 7));
    expectExact(back, header.width);
  });

  test('a real kill -9 at any instant: the runs read back are those appended, in order, each exact', async () => {
    const header: CheckpointHeader = { experiment: experiment('sigkill'), runs: 200_000, width: 60 };
    const order = appendOrder(header.runs);
    const sizes: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 10, max: 300 }), async (delayMs) => {
        const { out } = place();
        const w = writer(out, header);
        await w.ready;
        await new Promise((r) => setTimeout(r, delayMs));
        w.child.kill('SIGKILL');
        expect((await w.done).signal).toBe('SIGKILL');
        const back = readBack(out, header);
        // Appends are in order and none is torn by a kill: the runs read back are a prefix of the order.
        expect([...back.keys()]).toEqual(order.slice(0, back.size));
        expectExact(back, header.width);
        sizes.push(back.size);
      }),
      { numRuns: 5 },
    );
    // The kills fell while runs were being appended, not only before the first.
    expect(Math.max(...sizes)).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThan(header.runs);
  });
});
