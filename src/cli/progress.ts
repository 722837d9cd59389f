/**
 * Progress on stderr with cli-progress: a bar on a terminal, and a plain line every few seconds when
 * stderr is a file or a pipe (CI logs), nothing at all with --quiet.
 */
import cliProgress from 'cli-progress';
import { messages } from '../messages.js';

/** A progress reporter: call with (done, total, scenario); `stop` when finished. */
export interface Progress {
  update: (done: number, total: number, scenario: string) => void;
  stop: () => void;
}

/** Runs per second, shown with three significant digits at most. */
function runsPerSecond(done: number, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  return rate >= 100 ? rate.toFixed(0) : rate.toPrecision(3);
}

/**
 * A progress reporter on stderr, or a silent one: runs done of the total, runs per second since the
 * reporter was made (the workers start then) and cli-progress's estimate of the time left.
 */
export function progressReporter(quiet: boolean): Progress {
  if (quiet) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: messages.progressFormat, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const start = performance.now();
  let started = false;
  return {
    update: (done, total, scenario) => {
      const payload = { scenario, rate: runsPerSecond(done, (performance.now() - start) / 1000) };
      if (!started) {
        bar.start(total, 0, payload);
        started = true;
      }
      bar.update(done, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
