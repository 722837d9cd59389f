/**
 * The parameter and metric tables of docs/ODD.md, generated from their single definitions: the
 * scenario schema (`parametersSchema` with the `paramMeta` registry) and the metric declarations
 * (`METRICS`). Both functions are pure and return Markdown.
 *
 * docs/ODD.md holds their output verbatim between the marker lines `<!-- parameters:begin -->` /
 * `<!-- parameters:end -->` and `<!-- metrics:begin -->` / `<!-- metrics:end -->`; test/docs.test.ts
 * checks that it does. After changing a parameter or a metric, regenerate the block with
 *
 *   npm run docs
 *
 * which also rewrites scenarios.schema.json.
 */
import { z } from 'zod';
import { METRICS } from '../model/metrics.js';
import { paramMeta, parameterLeafSchemas, type PlausibleRange } from './schema.js';

/** A number as the tables show it: thousands separators below a million, powers of ten beyond. */
function formatNumber(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-3) return x.toExponential().replace('e+', 'e');
  if (Number.isInteger(x)) return String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return String(x);
}

/** Text made safe for a Markdown table cell (no pipes, no line breaks). */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

/** A value shown as a default: numbers formatted, choices and expressions as code. */
function formatDefault(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value) : `\`${String(value)}\``;
}

/** What a number schema allows: `[min, max]`, marked when only integers are accepted. */
function numberRange(n: z.ZodNumber): string {
  const range = `[${formatNumber(n.minValue ?? -Infinity)}, ${formatNumber(n.maxValue ?? Infinity)}]`;
  return n.isInt ? `integer in ${range}` : range;
}

/** What a leaf's inner schema (below its default) allows, in words. */
function allowed(inner: z.ZodType): string {
  if (inner instanceof z.ZodNumber) return numberRange(inner);
  if (inner instanceof z.ZodEnum) return `one of ${(inner.options as string[]).map((o) => `\`${o}\``).join(', ')}`;
  if (inner instanceof z.ZodUnion) {
    const options = inner.options as z.ZodType[];
    const number = options.find((o) => o instanceof z.ZodNumber) as z.ZodNumber | undefined;
    const expression = options.some((o) => o instanceof z.ZodString);
    const base = number ? numberRange(number) : options.map(allowed).join(' or ');
    return expression ? `${base} or expression of t` : base;
  }
  if (inner instanceof z.ZodString) return 'text';
  return 'see schema';
}

/** A source as the table shows it: assumptions flagged in bold so they cannot be missed. */
function formatSource(source: string): string {
  const match = /^assumption/i.exec(source);
  if (!match) return cell(source);
  const rest = source.slice(match[0].length);
  return `**${match[0]}**${/^\s/.test(rest) ? ' ' : ''}${cell(rest)}`;
}

/** A plausible range as the table shows it: `[lo, hi]` and where it comes from; empty for a parameter without one. */
function formatPlausible(p: PlausibleRange | undefined): string {
  return p ? `[${formatNumber(p.lo)}, ${formatNumber(p.hi)}]: ${formatSource(p.source)}` : '';
}

/** One table row for the leaf `leaf` named `name`. */
function parameterRow(name: string, leaf: z.ZodDefault): string {
  const meta = paramMeta.get(leaf);
  const inner = leaf.unwrap() as z.ZodType;
  const cells = [
    `\`${name}\``,
    formatDefault(leaf.def.defaultValue),
    allowed(inner),
    formatPlausible(meta?.plausible),
    cell(meta?.unit ?? ''),
    cell(leaf.description ?? ''),
    formatSource(meta?.source ?? ''),
  ];
  return `| ${cells.join(' | ')} |`;
}

/**
 * The full parameter table, one row per parameter in schema order (`weeks`, then each section's
 * leaves as `section.key`), with columns parameter, default, allowed (range or choices, and "or
 * expression of t" where a mathjs expression of the week is accepted), plausible range (with its
 * source; empty where the parameter declares none), unit, meaning and source of the default.
 * Sources that are assumptions are shown as **assumption**. Pure: the same schema gives the same text.
 */
export function parameterTableMarkdown(): string {
  const lines = ['| parameter | default | allowed | plausible range | unit | meaning | source |', '|---|---|---|---|---|---|---|'];
  for (const { path, leaf } of parameterLeafSchemas()) lines.push(parameterRow(path, leaf));
  return lines.join('\n');
}

/**
 * The metric table: one row per metric of `METRICS`, in the column order of timeseries.csv, with
 * its name, unit and definition. Pure.
 */
export function metricTableMarkdown(): string {
  const lines = ['| metric | unit | definition |', '|---|---|---|'];
  for (const m of METRICS) lines.push(`| \`${m.name}\` | ${cell(m.unit)} | ${cell(m.definition)} |`);
  return lines.join('\n');
}

/** The same function as {@link metricTableMarkdown}, under an upper-case name. */
export const METRIC_TABLE_MARKDOWN = metricTableMarkdown;

/** Replaces the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in `doc` by `block`. */
function replaceBlock(doc: string, name: string, block: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs: markers ${begin} … ${end} not found`);
  return `${doc.slice(0, i + begin.length)}\n${block.trimEnd()}\n${doc.slice(j)}`;
}

/** `doc` (the text of docs/ODD.md) with its parameter and metric tables regenerated. */
export function docsWithTables(doc: string): string {
  return replaceBlock(replaceBlock(doc, 'parameters', parameterTableMarkdown()), 'metrics', metricTableMarkdown());
}
