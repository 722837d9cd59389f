/**
 * Runs on every core. A run is a scenario's weekly parameters and a replicate seed ({@link RunSpec});
 * a {@link RunPool} simulates runs on worker threads (piscina, one run per task) and hands back each
 * whole {@link ReplicateResult}, posted back by structured clone (see worker.ts for why not moved).
 * {@link runInOrder} yields the results of a list of runs in the list's order whatever order they
 * finish in, so whatever is made of them is the same bytes for any number of workers: each run's
 * draws depend only on its seed (src/model/rng.ts), never on the thread that made it.
 *
 * One worker means no thread at all: runs are simulated in this thread, each when it is asked for,
 * with no start-up cost and the same results.
 *
 * Memory: `runInOrder` keeps at most `inFlight` runs (default {@link IN_FLIGHT_PER_WORKER} per
 * worker) submitted and not yet taken by its caller — queued, running, or finished and waiting for an
 * earlier one — and reads the run list only as that allows, so memory does not grow with the number
 * of runs. A finished result is weeks × METRICS.length doubles (12 KB at 52 weeks); a worker holds one
 * run's state at a time and the weekly parameters of its last few scenarios.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import type { Piscina } from 'piscina';
import { simulateReplicate, type ReplicateResult } from '../model/simulate.js';
import type { WeekParameters } from '../scenarios/schema.js';
import type { RunTask, SharedWeekly } from './worker.js';

/** One run to simulate. */
export interface RunSpec {
  /** The parameters in force in each week (a resolved scenario's `weekly`). Runs that share this array send it to each worker once. */
  weekly: readonly WeekParameters[];
  /** The replicate's seed. */
  seed: string;
}

/** Runs simulated on worker threads, or in this thread. */
export interface RunPool {
  /** Worker threads; 1 = runs are simulated in this thread. */
  readonly workers: number;
  /** Simulates one run; rejects with the error the simulation threw, as it would be thrown in this thread. */
  run(spec: RunSpec): Promise<ReplicateResult>;
  /** Stops the workers; runs not finished are abandoned. Call it on every path. */
  close(): Promise<void>;
}

/** How many runs {@link runInOrder} keeps in flight or waiting per worker, by default. */
export const IN_FLIGHT_PER_WORKER = 4;

/** Options of {@link runInOrder}. */
export interface RunInOrderOptions {
  /** Worker threads, at least 1; 1 = in this thread, no worker started. */
  workers: number;
  /** At most this many runs submitted and not yet taken (default {@link IN_FLIGHT_PER_WORKER} × workers). */
  inFlight?: number;
}

/** Rough single-thread cost of a run, for {@link autoWorkers}: seconds per employee-week, and per week whatever the employees. */
const SECONDS_PER_AGENT_WEEK = 250e-9;
const SECONDS_PER_WEEK = 100e-6;
/**
 * Work (estimated seconds in one thread) below which threads cost more than they save: starting them
 * takes ~0.15 s and each worker's first runs are unoptimised code (docs/PERFORMANCE.md).
 */
export const THREADS_PAY_OFF_SECONDS = 1;

/** A run's estimated time in one thread, in seconds (the model's cost per employee-week and per week). */
export function estimatedSeconds(weekly: readonly WeekParameters[]): number {
  let seconds = 0;
  for (const week of weekly) seconds += SECONDS_PER_WEEK + week.population.employees * SECONDS_PER_AGENT_WEEK;
  return seconds;
}

/**
 * Workers for a batch of runs when the caller leaves it to us: one per core this process may use, or
 * 1 (this thread) when the batch is too small for threads to pay off. Results never depend on it.
 */
export function autoWorkers(batch: readonly { weekly: readonly WeekParameters[]; runs: number }[]): number {
  const seconds = batch.reduce((sum, b) => sum + b.runs * estimatedSeconds(b.weekly), 0);
  return seconds < THREADS_PAY_OFF_SECONDS ? 1 : availableParallelism();
}

/** A pool of `workers` threads, or, for 1, one that simulates in this thread. */
export function openRunPool(workers: number): RunPool {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`openRunPool: workers must be an integer ≥ 1, not ${workers}`);
  return workers === 1 ? inThisThread : new ThreadPool(workers);
}

const inThisThread: RunPool = {
  workers: 1,
  run: async (spec) => simulateReplicate(spec.weekly, spec.seed),
  close: async () => {},
};

/**
 * Running from the TypeScript sources (tests, `tsx`), the worker is the `.ts` module beside this one
 * and needs tsx to load; built, it is the `.js` beside this one.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { filename: new URL('./worker.js', import.meta.url).href };
  // tsx is found from here, not from the working folder, which may be anywhere.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename: new URL('./worker.ts', import.meta.url).href, execArgv: ['--import', tsx] };
}

class ThreadPool implements RunPool {
  /** Piscina, loaded with the first run: a command that runs in one thread never loads it. */
  private piscina: Promise<Piscina<RunTask, ReplicateResult>> | undefined;
  private readonly shared = new WeakMap<readonly WeekParameters[], SharedWeekly>();
  private nextWeeklyId = 0;
  /** An error a worker raised outside any run (it failed to start, or died idle). */
  private failure: unknown;

  constructor(readonly workers: number) {}

  async run(spec: RunSpec): Promise<ReplicateResult> {
    const task = { weekly: this.sharedWeekly(spec.weekly), seed: spec.seed };
    const piscina = await (this.piscina ??= this.start());
    if (this.failure !== undefined) throw this.failure;
    return piscina.run(task);
  }

  async close(): Promise<void> {
    if (this.piscina !== undefined) await (await this.piscina).destroy();
  }

  private async start(): Promise<Piscina<RunTask, ReplicateResult>> {
    const { Piscina } = await import('piscina');
    const piscina = new Piscina<RunTask, ReplicateResult>({ ...workerModule(), minThreads: this.workers, maxThreads: this.workers, idleTimeout: Infinity });
    piscina.on('error', (e: unknown) => {
      this.failure ??= e;
    });
    return piscina;
  }

  /** The weekly parameters as bytes in shared memory, encoded once per array (posting them then copies nothing). */
  private sharedWeekly(weekly: readonly WeekParameters[]): SharedWeekly {
    let shared = this.shared.get(weekly);
    if (shared === undefined) {
      const encoded = serialize(weekly);
      const bytes = new SharedArrayBuffer(encoded.length);
      new Uint8Array(bytes).set(encoded);
      shared = { id: this.nextWeeklyId++, bytes };
      this.shared.set(weekly, shared);
    }
    return shared;
  }
}

/**
 * Simulates every run of `specs` on `options.workers` workers and yields each with its result, in
 * the order of `specs`. `specs` is read only as runs may be submitted (at most `inFlight` ahead of
 * the caller), so it may be a generator of any length. The first run to fail, in that order, throws
 * its error here after the runs before it were yielded, as in this thread. The pool is closed when
 * the last result is taken, when a run fails, and when the caller stops early.
 */
export async function* runInOrder<S extends RunSpec>(specs: Iterable<S>, options: RunInOrderOptions): AsyncGenerator<{ spec: S; result: ReplicateResult }> {
  if (options.workers === 1) {
    // No pool: each run is simulated when the caller asks for it.
    for (const spec of specs) yield { spec, result: simulateReplicate(spec.weekly, spec.seed) };
    return;
  }
  const inFlight = options.inFlight ?? IN_FLIGHT_PER_WORKER * options.workers;
  if (!Number.isInteger(inFlight) || inFlight < 1) throw new RangeError(`runInOrder: inFlight must be an integer ≥ 1, not ${inFlight}`);
  const pool = openRunPool(options.workers);
  const next = specs[Symbol.iterator]();
  // The reorder buffer: runs in list order, each a promise that may have settled before the ones ahead of it.
  const waiting: { spec: S; result: Promise<ReplicateResult> }[] = [];
  let listed = false;
  const submit = () => {
    while (!listed && waiting.length < inFlight) {
      const item = next.next();
      if (item.done) listed = true;
      else waiting.push({ spec: item.value, result: caught(pool.run(item.value)) });
    }
  };
  try {
    submit();
    while (waiting.length > 0) {
      const { spec, result } = waiting.shift()!;
      submit();
      yield { spec, result: await result };
    }
  } finally {
    next.return?.();
    await pool.close();
  }
}

/** The same promise, marked as handled: a run abandoned when the pool closes must not be reported as an unhandled rejection. */
function caught<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}
