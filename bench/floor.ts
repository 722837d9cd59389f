/**
 * The C floor beside the simulator: `../shared/reference/floor.c` (beside the repository, as in CI)
 * does the weekly arithmetic of a simplified model in C, single-threaded. `prepareFloor` compiles it
 * with `gcc -O2` into a temporary folder; `runFloor` runs it and returns its CPU and wall time per
 * agent-week.
 *
 * How the floor's CPU time is read without touching floor.c: it runs under a small C wrapper
 * (compiled beside it) that forks, execs it and collects its resource usage with `wait4(2)`, which
 * reports the child's user and system time in microseconds (Linux derives them from the scheduler's
 * nanosecond runtime). Bash's `times` reads the same counters but prints milliseconds, 4% of the
 * 25 ms a 10k-employee floor runs for. That CPU time covers the whole process: exec, loading libm
 * and floor.c's initialisation of its columns, as well as the 52 weeks. The simulator's figure
 * covers its state's initialisation and the 52 weeks, not Node's start-up, so the floor's fixed
 * process cost (the median CPU time of five runs with 0 employees, about 1 ms) is subtracted. The
 * floor's wall figure is the one it prints itself: its CLOCK_MONOTONIC over the weekly loop.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { packageRoot } from '../src/paths.js';

/** Weeks floor.c simulates (its `W`, fixed). */
export const FLOOR_WEEKS = 52;

/** Runs argv[1..] and prints its CPU time (user + system, ns, from wait4) to stderr. */
const CPU_WRAPPER_C = `#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int status; struct rusage ru; pid_t pid = fork();
  if (pid == 0) { execv(argv[1], argv + 1); _exit(127); }
  if (argc < 2 || pid < 0 || wait4(pid, &status, 0, &ru) < 0) return 126;
  long long us = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
  fprintf(stderr, "cpuNs=%lld\\n", us * 1000LL);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 125;
}
`;

/** The compiled floor, ready to run. */
export interface Floor {
  /** floor.c's path relative to the repository root, for the bench's header. */
  source: string;
  /** `gcc --version`'s first line. */
  compiler: string;
  /** The temporary folder holding both executables. */
  dir: string;
  /** Median CPU time of a 0-employee run (exec, libm, exit), ns: subtracted from every run. */
  fixedCpuNs: number;
}

/** One run of the floor at a given size. */
export interface FloorRun {
  /** CPU time (user + system) of its initialisation and 52 weeks, per agent-week, ns. */
  cpuNsPerAgentWeek: number;
  /** Wall time of its weekly loop per agent-week, ns, as floor.c measures and prints it. */
  wallNsPerAgentWeek: number;
}

/** Why the comparison was skipped, for the bench's output. */
export interface FloorSkipped {
  skipped: string;
}

function runWrapped(dir: string, employees: number): { cpuNs: number; stdout: string } {
  const res = spawnSync(join(dir, 'cpu'), [join(dir, 'floor'), String(employees)]);
  const m = /cpuNs=(\d+)/.exec(res.stderr?.toString() ?? '');
  if (res.error || res.status !== 0 || !m) {
    throw new Error(`the C floor failed at ${employees} employees: ${res.error?.message ?? res.stderr.toString().trim()}`);
  }
  return { cpuNs: Number(m[1]), stdout: res.stdout.toString() };
}

/** The median of a non-empty list of numbers (the mean of the middle two when its length is even). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Compiles floor.c and the CPU-time wrapper with gcc into a new temporary folder (never into the
 * repository or ../shared) and measures the floor's fixed process cost. Returns why not, rather than
 * throwing, when floor.c or gcc is missing or either does not build; `disposeFloor` removes the folder.
 */
export function prepareFloor(): Floor | FloorSkipped {
  const root = packageRoot();
  const path = join(root, '..', 'shared', 'reference', 'floor.c');
  const source = relative(root, path);
  if (!existsSync(path)) return { skipped: `${source} not found (the repository's sibling folder shared/ is missing)` };
  const version = spawnSync('gcc', ['--version']);
  if (version.error || version.status !== 0) return { skipped: 'gcc not found on PATH' };
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-floor-'));
  writeFileSync(join(dir, 'cpu.c'), CPU_WRAPPER_C);
  for (const [out, src, libs] of [['floor', path, ['-lm']], ['cpu', join(dir, 'cpu.c'), []]] as const) {
    const cc = spawnSync('gcc', ['-O2', '-o', join(dir, out), src, ...libs]);
    if (cc.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return { skipped: `gcc -O2 ${out === 'floor' ? source : 'the CPU-time wrapper'} failed: ${cc.stderr.toString().trim()}` };
    }
  }
  try {
    const fixedCpuNs = median([0, 1, 2, 3, 4].map(() => runWrapped(dir, 0).cpuNs));
    return { source, compiler: version.stdout.toString().split('\n')[0], dir, fixedCpuNs };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: (e as Error).message };
  }
}

/** Runs the floor once at `employees` (throws if it fails or prints something unexpected). */
export function runFloor(floor: Floor, employees: number): FloorRun {
  const { cpuNs, stdout } = runWrapped(floor.dir, employees);
  const m = /^([\d.]+) ns per agent-week/.exec(stdout);
  if (!m) throw new Error(`the C floor printed something unexpected: ${stdout.trim()}`);
  return { cpuNsPerAgentWeek: (cpuNs - floor.fixedCpuNs) / (employees * FLOOR_WEEKS), wallNsPerAgentWeek: Number(m[1]) };
}

/** Removes the floor's temporary folder. */
export function disposeFloor(floor: Floor): void {
  rmSync(floor.dir, { recursive: true, force: true });
}
