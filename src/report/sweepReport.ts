/**
 * A sweep's report: one self-contained page with the design, the answer to `--best` when asked, a
 * heatmap over two varied parameters and lines over each, the best points by net value, and how to
 * reproduce it. Built from what the sweep computed (its point summaries), by the same page template
 * and renderer as a run's report.
 */
import type { DesignSpec } from '../experiment/design.js';
import type { BestAnswer, PointSummary } from '../experiment/sweep.js';
import { METRIC_INDEX } from '../model/metrics.js';
import type { SensitivityAnalysis } from '../experiment/sensitivity.js';
import { sensitivityCharts } from '../plots/sensitivity.js';
import { sweepCharts } from '../plots/sweep.js';
import { toSvg, toVega } from '../plots/render.js';
import { reportAssets } from './assets.js';
import { svgToPng } from './build.js';
import type { TopLevelSpec } from 'vega-lite';
import { html, htmlTable, pageHtml, type Trusted } from './html.js';

/** What the sweep report shows. */
export interface SweepReportInput {
  spec: DesignSpec;
  summaries: readonly PointSummary[];
  best?: BestAnswer;
  /** A sensitivity analysis of the sweep's points, when it is one. */
  sensitivity?: SensitivityAnalysis;
  replicates: number;
  seed: string | number;
  /** Also render each chart to PNG. */
  png?: boolean;
  command: string;
  toolVersion: string;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString());
/** A parameter value as a label shows it: numbers to 4 significant digits. */
const valueText = (v: string | number) => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : v);
const pointLabel = (p: PointSummary, spec: DesignSpec) => (spec.parameters.length === 0 ? p.scenario : `${p.scenario} #${p.point}: ${spec.parameters.map((q, j) => `${q.path} = ${valueText(p.values[j])}`).join(', ')}`);

/** The points ranked by net value per employee-week, best first (at most `limit`). */
function rankedTable(summaries: readonly PointSummary[], spec: DesignSpec, limit: number): string[][] {
  const net = METRIC_INDEX.netValuePerEmployeeUSD;
  const cols = ['netValuePerEmployeeUSD', 'adoptionRate', 'gamingShare', 'wasteShare', 'spendPerEmployeeUSD', 'outputGain'] as const;
  const ranked = [...summaries].sort((a, b) => b.estimates.weeklyMean[net].mean - a.estimates.weeklyMean[net].mean).slice(0, limit);
  return [
    ['Point', ...cols],
    ...ranked.map((p) => [
      pointLabel(p, spec),
      ...cols.map((c) => {
        const e = p.estimates.weeklyMean[METRIC_INDEX[c]];
        return `${fmt(e.mean)} [${fmt(e.ci95[0])}, ${fmt(e.ci95[1])}]`;
      }),
    ]),
  ];
}

/** The answer to --best in words. */
function bestSection(best: BestAnswer | undefined, spec: DesignSpec) {
  if (!best) return html``;
  const q = best.question;
  const m = METRIC_INDEX[q.metric as keyof typeof METRIC_INDEX];
  const where = q.where ? html` among the ${best.eligible} of ${best.points} points where <code>${q.where}</code>` : html` among all ${best.points} points`;
  if (!best.best) return html`<h2>The best point</h2><p>No point meets <code>${q.where ?? ''}</code>.</p>`;
  const e = best.best.estimates[q.statistic][m];
  const tied = best.tied.map(({ point, difference }) => html`<li>${pointLabel(point, spec)}: difference ${fmt(difference.mean)} [${fmt(difference.ci95[0])}, ${fmt(difference.ci95[1])}]</li>\n`);
  return html`<h2>The best point</h2>
<p class="lead">By ${q.metric} (${q.statistic}, ${q.minimize ? 'lowest' : 'highest'})${where}: <strong>${pointLabel(best.best, spec)}</strong>, ${fmt(e.mean)} [${fmt(e.ci95[0])}, ${fmt(e.ci95[1])}].</p>
<p>${best.tied.length === 0 ? 'No other point is statistically tied with it.' : `${best.tied.length} point(s) are statistically tied with it: the paired 95% interval of their difference from it (same replicate seeds) contains 0.`}</p>
${best.tied.length > 0 ? html`<ul>${tied}</ul>` : html``}`;
}

/** The three most influential parameters of each metric, in words. */
function influenceList(a: SensitivityAnalysis) {
  const items = a.metrics.map((m) => {
    const ranked = a.method === 'morris' ? [...m.morris!].sort((x, y) => y.muStar - x.muStar).map((x) => `${x.path} (μ* ${fmt(x.muStar)})`) : [...m.sobol!].sort((x, y) => y.st - x.st).map((x) => `${x.path} (ST ${fmt(x.st)})`);
    const moves = a.method === 'morris' ? m.morris!.some((x) => x.muStar > 0) : m.sobol!.some((x) => x.st > 0 || x.s1 > 0);
    if (!moves) return html`<li><strong>${m.metric}</strong>: does not change over the design (every index is 0)</li>\n`;
    return html`<li><strong>${m.metric}</strong>: ${ranked.slice(0, 3).join(', ')}</li>\n`;
  });
  return html`<h2>What matters most</h2>
<ul class="headline">${items}</ul>`;
}

/** A part of a report: its body (figures numbered from `first`) and its charts. */
interface Part {
  body: Trusted;
  charts: { name: string; spec: TopLevelSpec }[];
}

/** A sweep's or a sensitivity analysis's part of a report, its figures numbered from `first`. */
function sweepPart(input: SweepReportInput, first: number, level: 'h1' | 'h2'): Part {
  // A sensitivity design's points are not a grid to draw: its part shows the indices.
  const charts = input.sensitivity ? sensitivityCharts(input.sensitivity) : sweepCharts(input.summaries, input.spec);
  const { spec } = input;
  const params = spec.parameters.map((p) => html`<li><code>${p.path}</code>: ${p.values ? `values ${p.values.join(', ')}` : `range ${p.range![0]} to ${p.range![1]}`}</li>\n`);
  const figures = charts.map((c, k) => html`<figure><div class="chart" id="chart-${first + k}" data-name="${c.name}"></div></figure>\n`);
  const scenarios = [...new Set(input.summaries.map((s) => s.scenario))];
  const points = input.summaries.length / Math.max(1, scenarios.length);
  const heading = input.sensitivity ? (input.sensitivity.method === 'morris' ? 'Which assumptions drive the answer (Morris)' : "Which assumptions drive the answer (Sobol')") : 'A policy sweep';
  const intro = input.sensitivity
    ? html`<p>Each point of the design ran on the same replicate seeds; its output is the mean over replicates of each metric's ${input.sensitivity.statistic === 'final' ? 'final-week value' : 'weekly average'}. The indices, with bootstrap intervals, are in sensitivity.csv; SALib's text files in salib/ let a Python user check them. Ranges:</p>`
    : html`<p>Every point ran on the same replicate seeds (common random numbers), so points differ by their parameters, not by luck. Varied:${spec.parameters.length === 0 ? ' nothing but the scenarios.' : ''}</p>`;
  const h = (text: string) => (level === 'h1' ? html`<h1>${text}</h1>` : html`<h2>${text}</h2>`);
  const body = html`${h(heading)}
<p class="muted">tokenmaxx ${input.toolVersion} · ${scenarios.join(', ')} · ${spec.parameters.length === 0 ? `${scenarios.length} scenarios` : `${spec.method} design, ${points} point${points === 1 ? '' : 's'}${scenarios.length > 1 ? ` per scenario` : ''}`} × ${input.replicates} replicates · seed ${String(input.seed)}</p>
${intro}
${spec.parameters.length > 8 ? html`<details><summary>${spec.parameters.length} parameters</summary><ul>${params}</ul></details>` : html`<ul>${params}</ul>`}
${input.sensitivity ? influenceList(input.sensitivity) : bestSection(input.best, spec)}
${figures}
${
  input.sensitivity
    ? html``
    : html`<h3>The points with the most net value</h3>
<p class="muted">Weekly averages over the run: mean [95% CI] over replicates. Every point and metric is in sweep-summary.csv; every run in sweep.csv.</p>
${htmlTable(rankedTable(input.summaries, spec, 15), 'metrics')}`
}
<p class="muted">Reproduce every number of this part with:</p>
<pre><code>${input.command}</code></pre>
`;
  return { body, charts };
}

/** Each chart's files (Vega-Lite, Vega, SVG, and PNG on request), by path. */
async function chartFiles(charts: readonly { name: string; spec: TopLevelSpec }[], png: boolean | undefined): Promise<Record<string, string | Uint8Array>> {
  const out: Record<string, string | Uint8Array> = {};
  for (const { name, spec } of charts) {
    const vg = toVega(spec);
    out[`charts/${name}.vl.json`] = `${JSON.stringify(spec, null, 2)}\n`;
    out[`charts/${name}.vg.json`] = `${JSON.stringify(vg, null, 2)}\n`;
    const svg = await toSvg(vg);
    out[`charts/${name}.svg`] = svg;
    if (png) out[`charts/${name}.png`] = svgToPng(svg);
  }
  return out;
}

/** Every file of a sweep's report: each chart (Vega-Lite, Vega, SVG) and report.html. */
export async function buildSweepReport(input: SweepReportInput): Promise<Record<string, string | Uint8Array>> {
  const part = sweepPart(input, 0, 'h1');
  const scenarios = [...new Set(input.summaries.map((s) => s.scenario))];
  return {
    ...(await chartFiles(part.charts, input.png)),
    'report.html': pageHtml(`tokenmaxx sweep: ${scenarios.join(', ')}`, part.body, part.charts.map((c) => c.spec), reportAssets()),
  };
}

/**
 * One report of a study: a sweep (the best policy, how sure) and a sensitivity analysis (which
 * assumptions would change the answer), in that order, each as its own report shows it.
 */
export async function buildStudyReport(parts: readonly SweepReportInput[], options: { png?: boolean; command: string; toolVersion: string }): Promise<Record<string, string | Uint8Array>> {
  const built: Part[] = [];
  for (const input of parts) built.push(sweepPart(input, built.reduce((n, p) => n + p.charts.length, 0), 'h2'));
  const charts = built.flatMap((p) => p.charts);
  const body = html`<h1>A policy study</h1>
<p class="muted">tokenmaxx ${options.toolVersion} · ${parts.length} parts, each read from its folder and checked against its manifest</p>
${built.map((p) => p.body)}
<h2>Provenance</h2>
<p>This report was made with:</p>
<pre><code>${options.command}</code></pre>
`;
  return { ...(await chartFiles(charts, options.png)), 'report.html': pageHtml('tokenmaxx study', body, charts.map((c) => c.spec), reportAssets()) };
}
