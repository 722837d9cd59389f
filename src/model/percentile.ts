/**
 * Percentile ranks in O(1) per lookup and O(N) per rebuild, from a histogram of log-values.
 *
 * Token counts span six orders of magnitude with a heavy tail, so bins are even in log space between
 * the week's smallest and largest positive value; zeros (employees not using AI) are counted apart.
 * A rank is the mid-rank of the value: the share below it plus half the share equal to it, with
 * linear interpolation inside a bin. With 2,048 bins the error is far below a percentile point.
 */

/** Number of histogram bins. */
export const BINS = 2048;

/** Slots of a ranker's statistics. */
const Stat = { zeros: 0, total: 1, logMin: 2, logMax: 3, scale: 4 } as const;

/** Slots of a ranker's rebuild under way. */
const Pending = { n: 0, zeros: 1, min: 2, max: 3 } as const;

/**
 * A rebuildable histogram that answers percentile ranks and quantiles.
 *
 * A rebuild is three calls, so that it can ride along a pass that computes the values anyway:
 * `start(n)`, `put(i, log value)` for every employee (tracking the range as it goes), `finish(values)`
 * (one pass that bins them). Until `finish`, ranks are still those of the previous rebuild, so a pass
 * may rank against last week's values while it puts this week's. `rebuild` does all three.
 */
export class LogRanker {
  /** Count per bin. */
  readonly counts = new Float64Array(BINS);
  /** Sum of values per bin (for Gini and tail means). */
  readonly sums = new Float64Array(BINS);
  /** Cumulative count below each bin. */
  readonly below = new Float64Array(BINS + 1);
  /**
   * The last rebuild's zeros, total, smallest and largest log, and bins per unit of log, in a typed
   * array: read at every rank, and V8 keeps a typed array's numbers unboxed.
   */
  private readonly stats = Float64Array.of(0, 0, 0, 0, 1);

  /** Zeros among the values of the last rebuild. */
  get zeros(): number {
    return this.stats[Stat.zeros];
  }

  /** Number of values of the last rebuild. */
  get total(): number {
    return this.stats[Stat.total];
  }

  /** The largest value of the last rebuild (0 if none was positive). */
  get max(): number {
    return this.stats[Stat.total] > this.stats[Stat.zeros] ? Math.exp(this.stats[Stat.logMax]) : 0;
  }

  /** The log of each value put since `start` (−Infinity for zero): ranks of own values need no logarithm. Grown on demand. */
  private logs = new Float64Array(0);
  /** The rebuild under way: values put, zeros among them, smallest and largest log (a typed array, updated in place). */
  private readonly pending = new Float64Array(4);

  /** Memory held by this ranker, in bytes. */
  get bytes(): number {
    return this.logs.byteLength + this.counts.byteLength + this.sums.byteLength + this.below.byteLength;
  }

  /** Starts a rebuild over `n` values. */
  start(n: number): void {
    if (this.logs.length < n) this.logs = new Float64Array(n);
    this.pending[Pending.n] = n;
    this.pending[Pending.zeros] = 0;
    this.pending[Pending.min] = Infinity;
    this.pending[Pending.max] = -Infinity;
  }

  /** Records the natural log of the `i`-th value (−Infinity for a zero). */
  put(i: number, logValue: number): void {
    this.logs[i] = logValue;
    const pending = this.pending;
    if (logValue === -Infinity) pending[Pending.zeros] += 1;
    else {
      if (logValue < pending[Pending.min]) pending[Pending.min] = logValue;
      if (logValue > pending[Pending.max]) pending[Pending.max] = logValue;
    }
  }

  /** Ends a rebuild: bins every value put; `values` are the values themselves (for the bins' sums). */
  finish(values: ArrayLike<number>): void {
    const n = this.pending[Pending.n];
    const logs = this.logs;
    const st = this.stats;
    this.counts.fill(0);
    this.sums.fill(0);
    st[Stat.zeros] = this.pending[Pending.zeros];
    st[Stat.total] = n;
    if (this.pending[Pending.max] === -Infinity) {
      st[Stat.logMin] = 0;
      st[Stat.logMax] = 0;
      st[Stat.scale] = 1;
    } else {
      st[Stat.logMin] = this.pending[Pending.min];
      st[Stat.logMax] = this.pending[Pending.max];
      const span = st[Stat.logMax] - st[Stat.logMin];
      st[Stat.scale] = span > 1e-12 ? (BINS - 1e-9) / span : 0;
      for (let i = 0; i < n; i++) {
        const lv = logs[i];
        if (lv === -Infinity) continue;
        const b = this.positionOf(lv) | 0;
        this.counts[b] += 1;
        this.sums[b] += values[i];
      }
    }
    this.below[0] = st[Stat.zeros];
    for (let b = 0; b < BINS; b++) this.below[b + 1] = this.below[b] + this.counts[b];
  }

  /** Rebuilds from the first `n` values of `values` (non-negative), in O(n). */
  rebuild(values: ArrayLike<number>, n: number): void {
    this.start(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      this.put(i, v > 0 ? Math.log(v) : -Infinity);
    }
    this.finish(values);
  }

  /** Position of a log-value in bin units, clamped to [0, BINS − 1/512] (inside the last bin). */
  private positionOf(logValue: number): number {
    const st = this.stats;
    const x = (logValue - st[Stat.logMin]) * st[Stat.scale];
    return x <= 0 ? 0 : x >= BINS - 1 / 512 ? BINS - 1 / 512 : x;
  }


  /** The mid-rank of the `i`-th value of the last rebuild, in O(1) with no logarithm. */
  rankOf(i: number): number {
    const st = this.stats;
    const lv = this.logs[i];
    const n = st[Stat.total];
    const zeros = st[Stat.zeros];
    if (lv === -Infinity) return (0.5 * zeros) / n;
    if (st[Stat.scale] === 0) return (zeros + 0.5 * (n - zeros)) / n;
    const x = this.positionOf(lv);
    const b = x | 0;
    return (this.below[b] + this.counts[b] * (x - b)) / n;
  }


  /** Mid-rank percentile of `v` in [0, 1]: share below plus half the share tied with it. */
  rank(v: number): number {
    return this.rankOfLog(v > 0 ? Math.log(v) : -Infinity);
  }

  /** {@link rank} of a value given by its natural log (−Infinity for zero). */
  rankOfLog(lv: number): number {
    const st = this.stats;
    const n = st[Stat.total];
    const zeros = st[Stat.zeros];
    if (n === 0) return 0.5;
    if (lv === -Infinity) return (0.5 * zeros) / n;
    if (lv < st[Stat.logMin]) return zeros / n;
    if (lv > st[Stat.logMax]) return 1;
    if (st[Stat.scale] === 0) return (zeros + 0.5 * (n - zeros)) / n;
    const x = (lv - st[Stat.logMin]) * st[Stat.scale];
    const b = x >= BINS - 1 ? BINS - 1 : x | 0;
    const frac = x - b > 1 ? 1 : x - b;
    return (this.below[b] + this.counts[b] * frac) / n;
  }


  /** The value below which a share `q` of the values lie (interpolated in log space). */
  quantile(q: number): number {
    const target = q * this.total;
    if (target <= this.zeros || this.total === this.zeros) return 0;
    let lo = 0;
    let hi = BINS;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.below[mid + 1] < target) lo = mid + 1;
      else hi = mid;
    }
    const b = Math.min(lo, BINS - 1);
    const frac = this.counts[b] > 0 ? (target - this.below[b]) / this.counts[b] : 0;
    if (this.stats[Stat.scale] === 0) return Math.exp(this.stats[Stat.logMin]);
    return Math.exp(this.stats[Stat.logMin] + (b + frac) / this.stats[Stat.scale]);
  }

  /**
   * The Lorenz curve at population shares `grid` (ascending, in [0, 1]): the share of the total held
   * by the lowest `q` of values, interpolating linearly inside a bin. O(bins + grid).
   */
  lorenz(grid: readonly number[]): number[] {
    const n = this.total;
    let total = 0;
    for (let b = 0; b < BINS; b++) total += this.sums[b];
    if (n === 0 || total <= 0) return grid.map((q) => q);
    const out: number[] = [];
    let b = 0;
    let countBelow = this.zeros;
    let sumBelow = 0;
    for (const q of grid) {
      const target = q * n;
      while (b < BINS && countBelow + this.counts[b] < target) {
        countBelow += this.counts[b];
        sumBelow += this.sums[b];
        b += 1;
      }
      const inBin = b < BINS && this.counts[b] > 0 ? Math.max(0, target - countBelow) / this.counts[b] : 0;
      out.push(Math.min(1, (sumBelow + (b < BINS ? inBin * this.sums[b] : 0)) / total));
    }
    return out;
  }

  /**
   * Gini coefficient of the values (zeros included), treating values in one bin as equal to the
   * bin's mean: O(bins).
   */
  gini(): number {
    const n = this.total;
    let sum = 0;
    for (let b = 0; b < BINS; b++) sum += this.sums[b];
    if (n === 0 || sum <= 0) return 0;
    // Area under the Lorenz curve by trapezoids over bins (ascending).
    let cumShare = 0;
    let area = 0;
    for (let b = 0; b < BINS; b++) {
      if (this.counts[b] === 0) continue;
      const next = cumShare + this.sums[b] / sum;
      area += (this.counts[b] / n) * (cumShare + next) * 0.5;
      cumShare = next;
    }
    return 1 - 2 * area;
  }
}

/** The q-quantile of the first `n` values (any sign) from a 4,096-bin linear histogram: O(n). */
export function linearQuantile(values: ArrayLike<number>, n: number, q: number): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return min;
  const bins = 4096;
  const counts = new Float64Array(bins);
  const scale = (bins - 1e-9) / (max - min);
  for (let i = 0; i < n; i++) counts[((values[i] - min) * scale) | 0] += 1;
  const target = q * n;
  let below = 0;
  for (let b = 0; b < bins; b++) {
    if (below + counts[b] >= target) return min + (b + (target - below) / counts[b]) / scale;
    below += counts[b];
  }
  return max;
}
