/**
 * The messages between the explorer's page and its workers. A task is one replicate of one arm; a
 * worker answers with progress now and then, and with the replicate's outcome.
 */
import type { Exploration, PackedWeeks } from './weekly.js';

/** One replicate to simulate. */
export interface ReplicateTask {
  /** The run it belongs to: answers for an older run are dropped. */
  run: number;
  /** `base` or `explored`. */
  arm: 'base' | 'explored';
  replicate: number;
  /** The run seed: the replicate's seed derives from it and `replicate`, as on the command line. */
  seed: string | number;
  packed: PackedWeeks;
  exploration: Exploration;
}

/** A worker's answers. */
export type WorkerMessage =
  | { type: 'progress'; run: number; arm: 'base' | 'explored'; replicate: number; week: number }
  | { type: 'done'; run: number; arm: 'base' | 'explored'; replicate: number; scalars: Float64Array; series: Float64Array }
  | { type: 'failed'; run: number; message: string };
