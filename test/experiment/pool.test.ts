/**
 * The run pool (src/experiment/pool.ts): results in list order and the same bytes for 1, 2 and 3
 * workers (3 through the pipeline), also when later runs finish first; a run that fails throws what it throws in this thread;
 * the workers are gone on every path (counted as the process's threads, /proc/self/task).
 */
import { readdirSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MemoryDestination } from '../../src/experiment/destination.js';
import { runPipeline } from '../../src/experiment/pipeline.js';
import { openRunPool, runInOrder, type RunSpec } from '../../src/experiment/pool.js';
import { simulateReplicate, type ReplicateResult } from '../../src/model/simulate.js';
import { scenario } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Threads of this process now; workers add one each while they live. */
const threads = () => readdirSync('/proc/self/task').length;

const BIG = scenario({ weeks: 6, population: { employees: 1500 } }, 'big');
const SMALL = scenario({ weeks: 6, population: { employees: 20 } }, 'small');

/**
 * A slow run, then fast ones, then slow ones: with two workers or more, one works on the first while
 * another finishes the fast ones listed after it.
 */
function specs(): (RunSpec & { name: string })[] {
  const run = (s: typeof BIG, seed: string) => ({ name: `${s.name}/${seed}`, weekly: s.weekly, seed });
  return [run(BIG, 'r0'), run(SMALL, 'r0'), run(SMALL, 'r1'), run(SMALL, 'r2'), run(BIG, 'r1'), run(BIG, 'r2')];
}

async function inOrder(workers: number, list: RunSpec[]): Promise<ReplicateResult[]> {
  const results: ReplicateResult[] = [];
  for await (const { result } of runInOrder(list, { workers })) results.push(result);
  return results;
}

describe('runInOrder', () => {
  test('runs finish out of list order: a slow one first, fast ones after it', async () => {
    const pool = openRunPool(2);
    try {
      const slow = scenario({ weeks: 6, population: { employees: 20_000 } }, 'slow');
      const list = [{ name: 'slow', weekly: slow.weekly, seed: 'r0' }, ...specs()];
      const finished: string[] = [];
      await Promise.all(list.map((s) => pool.run(s).then(() => finished.push(s.name))));
      expect(finished.indexOf('slow')).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  test('yields every result in list order, the same numbers with 1 and 2 workers, reading at most `inFlight` runs ahead; stopping early closes the workers', async () => {
    const before = threads();
    const list = specs();
    const byHand = list.map((s) => simulateReplicate(s.weekly, s.seed));
    expect(await inOrder(1, list)).toEqual(byHand);
    let read = 0;
    function* counted() {
      for (const s of list) {
        read += 1;
        yield s;
      }
    }
    const results: ReplicateResult[] = [];
    for await (const { spec, result } of runInOrder(counted(), { workers: 2, inFlight: 2 })) {
      // The run taken, one more submitted in its place, and the one after it: never more than two ahead.
      expect(read).toBe(Math.min(results.length + 3, list.length));
      expect(result.seed).toBe(spec.seed);
      results.push(result);
    }
    expect(results).toEqual(byHand);
    for await (const _ of runInOrder(list, { workers: 2 })) break;
    expect(threads()).toBe(before);
  });

  test('a run that fails throws the error it throws in this thread, after the runs before it; the workers are closed', async () => {
    const before = threads();
    const broken: RunSpec = { weekly: [], seed: 'broken' };
    const inThread = (() => {
      try {
        simulateReplicate(broken.weekly, broken.seed);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(inThread).toBeInstanceOf(TypeError);
    const [first, second] = specs();
    for (const workers of [1, 2]) {
      const seen: string[] = [];
      const error = await (async () => {
        for await (const { result } of runInOrder([first, broken, second], { workers })) seen.push(result.seed);
      })().catch((e: unknown) => e as Error);
      expect(seen, `workers ${workers}`).toEqual([first.seed]);
      expect(error, `workers ${workers}`).toBeInstanceOf(TypeError);
      expect((error as Error).message, `workers ${workers}`).toBe(inThread!.message);
    }
    expect(threads()).toBe(before);
  });

  test('one worker starts no thread', async () => {
    const before = threads();
    const taken = runInOrder(specs(), { workers: 1 });
    await taken.next();
    expect(threads()).toBe(before);
    await taken.return(undefined);
    expect(() => openRunPool(0)).toThrow(RangeError);
  });
});

describe('runPipeline with workers', () => {
  test('every file is the same bytes for 1, 2 and 3 workers, a slow scenario listed before a fast one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-pool-'));
    dirs.push(dir);
    const file = join(dir, 'scenarios.json');
    writeFileSync(file, JSON.stringify({ scenarios: { 'a-big': { weeks: 5, population: { employees: 2000 } }, 'b-small': { weeks: 5, population: { employees: 30 } } } }));
    const provenance = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };
    const files = [];
    for (const workers of [1, 2, 3]) {
      const destination = new MemoryDestination();
      await runPipeline({ scenariosFile: file }, { seed: 'pool', replicates: 3, provenance, workers }, destination);
      files.push(destination.files);
    }
    expect(Object.keys(files[0]).sort()).toEqual(['distributions.json', 'manifest.json', 'summary.json', 'timeseries.csv']);
    expect(files[1]).toEqual(files[0]);
    expect(files[2]).toEqual(files[0]);
  });
});
