/**
 * How busy the whole machine is, for the benchmark's parts that run side by side with whatever else
 * the shared machine is doing: they print the cores other processes used during each measurement.
 */
import { readFileSync } from 'node:fs';

/** CPU seconds the whole machine has spent busy (every core, every process), from /proc/stat; undefined where there is none. */
export function machineBusySeconds(): number | undefined {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return undefined;
  }
}
