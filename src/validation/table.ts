/**
 * The results of a validation as a person reads them (a text table, one row per claim under its
 * fact's row) and as files: results.json (everything) and results.csv (tidy: one row per claim).
 */
import { shownValue } from './claims.js';
import type { Validation } from './validate.js';

const verdict = (pass: boolean) => (pass ? 'pass' : 'FAIL');

/**
 * The text table: a heading naming the scale, then each fact (number, verdict, title) with its claims
 * below it (figure, value, bound; a failing claim marked), then the count of failures.
 */
export function resultsTable(v: Validation): string {
  const claims = v.results.flatMap((r) => r.claims);
  const nameWidth = Math.max(0, ...claims.map((c) => c.name.length));
  const valueWidth = Math.max(5, ...claims.map((c) => shownValue(c).length));
  const indent = ' '.repeat(14);
  const lines = [`${'fact'.padEnd(4)}  ${'result'.padEnd(6)}  title`, `${indent}${'measured'.padEnd(nameWidth)}  ${'value'.padStart(valueWidth)}  expected`];
  for (const r of v.results) {
    lines.push(`${r.id.padEnd(4)}  ${verdict(r.pass).padEnd(6)}  ${r.title}`);
    for (const c of r.claims) lines.push(`${indent}${c.name.padEnd(nameWidth)}  ${shownValue(c).padStart(valueWidth)}  ${c.expected}${c.pass ? '' : '   <- FAIL'}`);
  }
  const failed = v.results.filter((r) => !r.pass).length;
  const s = v.scale;
  return [
    `stylized facts at ${s.employees} employees × ${v.weeks} weeks × ${s.replicates} replicates (seed "${s.seed}"), fact 5 read in ${v.tolerance.name} windows`,
    '',
    ...lines,
    '',
    failed === 0 ? `all ${v.results.length} facts hold` : `${failed} of ${v.results.length} facts fail: ${v.results.filter((r) => !r.pass).map((r) => r.id).join(', ')}`,
    '',
  ].join('\n');
}

/** Non-finite figures (a ratio over zero) as strings, which JSON cannot hold as numbers. */
const finiteOrText = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value);

/** results.json: the scale, the tolerance, the scenarios run and every fact's verdict with its claims. */
export function resultsJson(v: Validation): string {
  return JSON.stringify(v, finiteOrText, 2) + '\n';
}

const csvCell = (x: string | number | boolean) => {
  const text = String(x);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** results.csv: one row per claim, with its fact, the fact's verdict, the figure and its bound. */
export function resultsCsv(v: Validation): string {
  const header = ['fact', 'title', 'factPass', 'measure', 'value', 'expected', 'pass'];
  const rows = v.results.flatMap((r) => r.claims.map((c) => [r.id, r.title, r.pass, c.name, c.value, c.expected, c.pass]));
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
