/**
 * timeseries.csv, checked and reduced line by line: the header must be the writer's columns; each row
 * must have one cell per column, a scenario of the manifest, integer replicate and week, the
 * replicate's seed, and every metric a finite number written as JavaScript writes it; rows must come
 * scenario by scenario (manifest order), replicate by replicate, week 0 to the last, with exactly the
 * manifest's replicates. Valid rows go to a RunAccumulator; nothing else is kept, so memory does not
 * grow with the file. Problems are located `timeseries.csv:LINE:COLUMN`; after `maxProblems` the
 * check stops and says how many lines it left.
 */
import { TIMESERIES_COLUMNS } from '../experiment/outputs.js';
import { messages } from '../messages.js';
import { METRIC_NAMES } from '../model/metrics.js';
import { RunAccumulator } from '../plots/data.js';
import type { Problem } from '../scenarios/problems.js';
import { splitCsvLine, type LineCount } from './lines.js';

/** What the manifest says the file must hold. */
export interface TimeseriesLayout {
  /** Scenario names and weeks, in the run's order. */
  scenarios: readonly { name: string; weeks: number }[];
  replicates: number;
  /** Seed of each replicate, as the manifest records them. */
  replicateSeeds: readonly string[];
}

/** Problems reported per file before the check stops. */
export const MAX_CSV_PROBLEMS = 20;

const HEADER = TIMESERIES_COLUMNS.join(',');
const COLUMNS = TIMESERIES_COLUMNS.length;
const FIRST_METRIC = TIMESERIES_COLUMNS.indexOf(METRIC_NAMES[0]);
const COL = { scenario: 0, replicate: 1, seed: 2, week: 3 } as const;
const INTEGER = /^(0|[1-9][0-9]{0,8})$/;

/** A place in the expected sequence of rows. */
interface Position {
  scenario: number;
  replicate: number;
  week: number;
}

/** Checks and reduces timeseries.csv, fed one line at a time (see forEachLine). */
export class TimeseriesCheck {
  readonly problems: Problem[] = [];
  readonly accumulator: RunAccumulator;
  private readonly index = new Map<string, number>();
  private readonly metrics = new Float64Array(METRIC_NAMES.length);
  /** The next row expected; undefined once every row has been seen. */
  private next: Position | undefined = { scenario: 0, replicate: 0, week: 0 };
  private lastOutOfRange = '';
  private headerOk = false;
  private lines = 0;

  constructor(
    private readonly layout: TimeseriesLayout,
    private readonly source: string,
    private readonly maxProblems = MAX_CSV_PROBLEMS,
  ) {
    layout.scenarios.forEach((s, k) => this.index.set(s.name, k));
    this.accumulator = new RunAccumulator(layout.scenarios, layout.replicates);
  }

  /** Takes one line (1-based number); false to stop reading: the header is wrong, or too many problems. */
  line(text: string, lineNumber: number, cut: boolean): boolean {
    this.lines = lineNumber;
    if (lineNumber === 1) return this.header(text);
    if (cut) this.report(lineNumber, 1, messages.csvLineTooLong(text.length));
    else this.row(text, lineNumber);
    return this.problems.length < this.maxProblems;
  }

  /** Problems found once the reader is done (an empty file, rows missing at the end, lines left unchecked). */
  finish(count: LineCount): Problem[] {
    if (count.lines === 0) this.report(1, 1, messages.csvEmpty(HEADER));
    else if (count.skippedLines > 0) {
      if (this.headerOk) this.report(this.lines, 1, messages.csvStopped(this.problems.length, count.skippedLines));
    } else if (this.headerOk && this.next) this.report(this.lines + 1, 1, messages.csvEndsEarly(this.describe(this.next)));
    return this.problems;
  }

  private report(line: number, column: number, message: string): void {
    this.problems.push({ source: this.source, path: [], line, column, message });
  }

  private header(text: string): boolean {
    if (text === HEADER) return (this.headerOk = true);
    // Point at the first character that differs.
    let k = 0;
    while (k < text.length && text[k] === HEADER[k]) k++;
    this.report(1, k + 1, messages.csvHeader(text, HEADER));
    return false;
  }

  private row(text: string, lineNumber: number): void {
    const cells = splitCsvLine(text);
    if (!cells) return this.report(lineNumber, 1, messages.csvQuote());
    if (cells.length !== COLUMNS) return this.report(lineNumber, 1, messages.csvCellCount(cells.length, COLUMNS));
    const before = this.problems.length;
    const column = (k: number) => cellColumn(text, k);
    const scenario = this.index.get(cells[COL.scenario]);
    if (scenario === undefined) this.report(lineNumber, 1, messages.csvScenario(cells[COL.scenario], this.layout.scenarios.map((s) => s.name)));
    const replicate = this.integer(cells, COL.replicate, lineNumber, column);
    const week = this.integer(cells, COL.week, lineNumber, column);
    for (let m = 0; m < this.metrics.length; m++) {
      const cell = cells[FIRST_METRIC + m];
      const x = Number(cell);
      // JavaScript's own shortest round-trip form, as the writer prints it: nothing else reads back the same.
      if (!Number.isFinite(x) || String(x) !== cell) this.report(lineNumber, column(FIRST_METRIC + m), messages.csvNumber(TIMESERIES_COLUMNS[FIRST_METRIC + m], cell));
      this.metrics[m] = x;
    }
    if (replicate !== undefined && replicate < this.layout.replicates) {
      const seed = this.layout.replicateSeeds[replicate];
      if (cells[COL.seed] !== seed) this.report(lineNumber, column(COL.seed), messages.csvSeed(cells[COL.seed], replicate, seed));
    }
    if (scenario === undefined || replicate === undefined || week === undefined) {
      // A row with a bad key cell still takes its place in the sequence when its other keys fit it,
      // so one typo gives one problem, not one more for every row after it.
      const next = this.next;
      if (next && (scenario ?? next.scenario) === next.scenario && (replicate ?? next.replicate) === next.replicate && (week ?? next.week) === next.week) this.next = this.after(next);
      return;
    }
    if (this.inOrder({ scenario, replicate, week }, lineNumber, column) && this.problems.length === before) this.accumulator.add(scenario, replicate, week, this.metrics);
  }

  private integer(cells: readonly string[], k: number, lineNumber: number, column: (k: number) => number): number | undefined {
    if (INTEGER.test(cells[k])) return Number(cells[k]);
    this.report(lineNumber, column(k), messages.csvInteger(TIMESERIES_COLUMNS[k], cells[k]));
    return undefined;
  }

  /** Is the row where the sequence expects it (and in range)? Reports it if not, and follows on from it. */
  private inOrder(found: Position, lineNumber: number, column: (k: number) => number): boolean {
    const { replicates, scenarios } = this.layout;
    const weeks = scenarios[found.scenario].weeks;
    if (found.replicate >= replicates || found.week >= weeks) {
      // One problem per block of out-of-range rows, not one per row.
      const key = `${found.scenario}/${found.replicate}/${found.replicate >= replicates ? '' : 'w'}`;
      if (key !== this.lastOutOfRange) {
        this.lastOutOfRange = key;
        if (found.replicate >= replicates) this.report(lineNumber, column(COL.replicate), messages.csvReplicateRange(found.replicate, replicates));
        else this.report(lineNumber, column(COL.week), messages.csvWeekRange(found.week, weeks, scenarios[found.scenario].name));
      }
      return false;
    }
    const expected = this.next;
    const same = expected !== undefined && expected.scenario === found.scenario && expected.replicate === found.replicate && expected.week === found.week;
    if (!same) {
      const k = !expected || expected.scenario !== found.scenario ? COL.scenario : expected.replicate !== found.replicate ? COL.replicate : COL.week;
      this.report(lineNumber, column(k), messages.csvOrder(expected ? this.describe(expected) : 'the end of the file', this.describe(found)));
    }
    this.next = this.after(found);
    return same;
  }

  /** The position after `p`, or undefined after the last row. */
  private after(p: Position): Position | undefined {
    const { replicates, scenarios } = this.layout;
    if (p.week + 1 < scenarios[p.scenario].weeks) return { ...p, week: p.week + 1 };
    if (p.replicate + 1 < replicates) return { scenario: p.scenario, replicate: p.replicate + 1, week: 0 };
    if (p.scenario + 1 < scenarios.length) return { scenario: p.scenario + 1, replicate: 0, week: 0 };
    return undefined;
  }

  private describe(p: Position): string {
    return `scenario ${JSON.stringify(this.layout.scenarios[p.scenario].name)} replicate ${p.replicate} week ${p.week}`;
  }
}

/** The 1-based column where cell `k` of a line starts (only computed when a problem is reported). */
export function cellColumn(line: string, k: number): number {
  let at = 0;
  for (let cell = 0; cell < k; cell++) {
    if (line.charCodeAt(at) === 34) {
      // Skip a quoted cell: to the closing quote not followed by another.
      let j = at + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return at + 1;
        if (line.charCodeAt(q + 1) === 34) j = q + 2;
        else {
          j = q + 1;
          break;
        }
      }
      at = j;
    }
    const comma = line.indexOf(',', at);
    if (comma < 0) return at + 1;
    at = comma + 1;
  }
  return at + 1;
}
