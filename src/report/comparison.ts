/**
 * comparison.csv and flows.csv of a `tokenmaxx compare` folder, read back for its report, every byte
 * treated as hostile: the header must be the writer's columns, each row in the writer's order (every
 * metric × statistic once; every from → to pair once), every number finite and written in
 * JavaScript's shortest form. Problems are located `file:LINE:COLUMN`, all at once.
 */
import { COMPARISON_COLUMNS, FLOW_COLUMNS, STATISTICS, type ComparisonRow, type FlowRow } from '../experiment/compare.js';
import { messages } from '../messages.js';
import { METRICS } from '../model/metrics.js';
import { STRATEGY_NAMES } from '../model/strategies.js';
import type { Problem } from '../scenarios/problems.js';
import { forEachLineOfText, splitCsvLine } from './lines.js';
import { cellColumn } from './timeseries.js';

/** A comparison as the report shows it. */
export interface ComparisonData {
  /** Scenario A (the reference) and B. */
  a: string;
  b: string;
  rows: ComparisonRow[];
  flows: FlowRow[];
}

/** The key cells each row must hold, in order. */
const COMPARISON_KEYS = STATISTICS.flatMap((statistic) => METRICS.map((m) => [m.name, m.unit, statistic]));
const FLOW_KEYS = STRATEGY_NAMES.flatMap((from) => STRATEGY_NAMES.map((to) => [from, to]));

/**
 * Reads a small table: `keys[k]` are the exact first cells of row k; the other cells are numbers
 * (empty allowed where `nullable` says). Returns the rows as objects, or problems.
 */
function readTable(text: string, where: string, columns: readonly string[], keys: readonly string[][], nullable: ReadonlySet<string>, problems: Problem[]): Record<string, string | number | null>[] {
  const header = columns.join(',');
  const out: Record<string, string | number | null>[] = [];
  const report = (line: number, column: number, message: string) => problems.push({ source: where, path: [], line, column, message });
  const before = problems.length;
  let lines = 0;
  forEachLineOfText(text, (line, n) => {
    lines = n;
    if (n === 1) {
      if (line !== header) report(1, 1, messages.csvHeader(line, header));
      return line === header;
    }
    const cells = splitCsvLine(line);
    if (!cells) return void report(n, 1, messages.csvQuote());
    if (cells.length !== columns.length) return void report(n, 1, messages.csvCellCount(cells.length, columns.length));
    const key = keys[n - 2];
    if (!key) return void report(n, 1, messages.csvExtraRow(keys.length));
    const row: Record<string, string | number | null> = {};
    columns.forEach((c, k) => {
      const cell = cells[k];
      if (k < key.length) {
        if (cell !== key[k]) report(n, cellColumn(line, k), messages.csvKey(c, cell, key[k]));
        row[c] = cell;
      } else if (cell === '' && nullable.has(c)) row[c] = null;
      else {
        const x = Number(cell);
        if (!Number.isFinite(x) || String(x) !== cell) report(n, cellColumn(line, k), messages.csvNumber(c, cell));
        row[c] = x;
      }
    });
    out.push(row);
    return problems.length - before < 20;
  });
  if (lines === 0) report(1, 1, messages.csvEmpty(header));
  else if (problems.length === before && out.length < keys.length) report(lines + 1, 1, messages.csvEndsEarly(keys[out.length].join(',')));
  return out;
}

/** Reads and checks comparison.csv and flows.csv (texts), for scenarios `a` and `b`. */
export function readComparison(texts: { comparison: string; flows: string }, where: (name: string) => string, names: { a: string; b: string }, problems: Problem[]): ComparisonData | undefined {
  const before = problems.length;
  const rows = readTable(texts.comparison, where('comparison.csv'), COMPARISON_COLUMNS, COMPARISON_KEYS, new Set(['ciWidthRatio']), problems);
  const flows = readTable(texts.flows, where('flows.csv'), FLOW_COLUMNS, FLOW_KEYS, new Set(), problems);
  if (problems.length > before) return undefined;
  return { ...names, rows: rows as unknown as ComparisonRow[], flows: flows as unknown as FlowRow[] };
}
