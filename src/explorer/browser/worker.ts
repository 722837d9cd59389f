/**
 * The explorer's worker: the model itself, bundled into the report and started from the page (a
 * Blob URL of this script's text, so it runs from file:// with no request). It simulates one
 * replicate per task, exactly as `tokenmaxx run` does, and sends back what the page summarises.
 */
import { replicateScalars } from '../../experiment/summarize.js';
import { replicateSeed } from '../../model/rng.js';
import { simulateReplicate } from '../../model/simulate.js';
import type { ReplicateTask, WorkerMessage } from '../protocol.js';
import { replicateSeries } from '../results.js';
import { exploredWeeks } from '../weekly.js';

const post = (m: WorkerMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Progress is sent every this many weeks. */
const PROGRESS_EVERY = 8;

self.onmessage = (event: MessageEvent<ReplicateTask>) => {
  const t = event.data;
  try {
    const weekly = exploredWeeks(t.packed, t.exploration);
    const result = simulateReplicate(weekly, replicateSeed(t.seed, t.replicate), (week) => {
      if (week % PROGRESS_EVERY === PROGRESS_EVERY - 1) post({ type: 'progress', run: t.run, arm: t.arm, replicate: t.replicate, week: week + 1 });
    });
    const scalars = replicateScalars(result);
    const series = replicateSeries(result.values, result.weeks);
    post({ type: 'done', run: t.run, arm: t.arm, replicate: t.replicate, scalars, series }, [scalars.buffer, series.buffer]);
  } catch (e) {
    post({ type: 'failed', run: t.run, message: e instanceof Error ? e.message : String(e) });
  }
};
