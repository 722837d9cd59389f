/**
 * Preloaded by `npm run bench` into a `tokenmaxx` process (`node --import`): at exit, prints the
 * process's peak resident memory and CPU time to stderr, so the benchmark measures the real CLI.
 */
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`bench: peakRssKiB=${u.maxRSS} cpuSeconds=${(u.userCPUTime + u.systemCPUTime) / 1e6}\n`);
});
