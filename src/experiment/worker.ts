/**
 * A worker thread of the run pool (pool.ts): simulates one run per task and posts its result back.
 * A scenario's weekly parameters arrive once per worker, as bytes in shared memory, and are decoded
 * the first time a run of that scenario reaches this worker; later runs name them by number.
 *
 * The result is posted as it is (structured clone, ~25 KB at 10,000 employees): marking its buffer
 * for transfer with piscina's `move` made every run about 8% slower in paired measurements
 * (docs/PERFORMANCE.md), far more than the copy costs.
 */
import { deserialize } from 'node:v8';
import { simulateReplicate, type ReplicateResult } from '../model/simulate.js';
import type { WeekParameters } from '../scenarios/schema.js';

/** A scenario's weekly parameters, shared with every worker: a number and their `v8.serialize` bytes. */
export interface SharedWeekly {
  id: number;
  bytes: SharedArrayBuffer;
}

/** One run, as posted to a worker. */
export interface RunTask {
  weekly: SharedWeekly;
  seed: string;
}

/**
 * Decoded weekly parameters by number. A run list goes scenario by scenario, so a few suffice; the
 * oldest is dropped past that, which bounds a worker's memory in a sweep over many scenarios.
 */
const decoded = new Map<number, readonly WeekParameters[]>();
const DECODED_KEPT = 8;

function weeklyOf(shared: SharedWeekly): readonly WeekParameters[] {
  let weekly = decoded.get(shared.id);
  if (weekly === undefined) {
    weekly = deserialize(new Uint8Array(shared.bytes)) as readonly WeekParameters[];
    if (decoded.size >= DECODED_KEPT) decoded.delete(decoded.keys().next().value!);
    decoded.set(shared.id, weekly);
  }
  return weekly;
}

/** Simulates the task's run; piscina posts the result back to the caller. */
export default function runTask(task: RunTask): ReplicateResult {
  return simulateReplicate(weeklyOf(task.weekly), task.seed);
}
