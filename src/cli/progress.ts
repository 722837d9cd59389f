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

/** A progress reporter on stderr, or a silent one. */
export function progressReporter(quiet: boolean): Progress {
  if (quiet) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: messages.progressFormat, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total, scenario) => {
      if (!started) {
        bar.start(total, 0, { scenario });
        started = true;
      }
      bar.update(done, { scenario });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
