/**
 * A process that appends to a checkpoint until it is killed, for checkpoint.test.ts:
 *
 *   node --import tsx test/output/checkpointWriter.ts DIR EXPERIMENT RUNS WIDTH
 *
 * It takes DIR's lock, opens the checkpoint, prints "ready", then appends every run not yet done, in
 * a scrambled order, with the values `valuesOf` gives; it prints "done" if nothing stops it. A failed
 * append is printed ("failed CODE") and followed by one more attempt, which must fail too.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCheckpoint } from '../../src/output/checkpoint.js';
import { acquireLock } from '../../src/output/lock.js';
import { sidePaths } from '../../src/output/target.js';

const SPECIAL = [-0, Infinity, -Infinity, NaN, Number.MIN_VALUE, Number.MAX_VALUE, -2.5e-310, 0.1];

/** The values of run `index`: arbitrary float64 bit patterns, with a special value every 7th. */
export function valuesOf(index: number, width: number): Float64Array {
  const values = new Float64Array(width);
  const bits = new DataView(values.buffer);
  for (let j = 0; j < width; j++) {
    let h = Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(j + 1, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    const low = Math.imul(h ^ (h >>> 13), 0x297a2d39) >>> 0;
    if (j % 7 === 3) values[j] = SPECIAL[(index + j) % SPECIAL.length];
    else {
      bits.setUint32(8 * j, low, true);
      bits.setUint32(8 * j + 4, (h ^ low) >>> 0, true);
    }
  }
  return values;
}

/** The order the writer appends runs in: a stride through the run list, not 0, 1, 2, … */
export function appendOrder(runs: number): number[] {
  let stride = Math.max(1, Math.floor(runs * 0.618));
  while (gcd(stride, runs) !== 1) stride += 1;
  return Array.from({ length: runs }, (_, k) => (k * stride) % runs);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function main([dir, experiment, runs, width]: string[]): void {
  acquireLock(sidePaths(resolve(dir)).lock);
  const header = { experiment, runs: Number(runs), width: Number(width) };
  const checkpoint = openCheckpoint(dir, '--out', header);
  process.stdout.write('ready\n');
  for (const index of appendOrder(header.runs)) {
    if (checkpoint.done.has(index)) continue;
    try {
      checkpoint.append(index, valuesOf(index, header.width));
    } catch (e) {
      process.stdout.write(`failed ${(e as NodeJS.ErrnoException).code}\n`);
      try {
        checkpoint.append(index, valuesOf(index, header.width));
        process.stdout.write('appended after a failure\n');
      } catch {
        process.stdout.write('refused after a failure\n');
      }
      checkpoint.close();
      return;
    }
  }
  checkpoint.close();
  process.stdout.write('done\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
