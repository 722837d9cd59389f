/**
 * Assembles report.html: one self-contained file with vega, vega-lite and vega-embed inlined and the
 * data inline, so it opens from disk with no network and keeps tooltips and legend highlighting.
 *
 * The page is one `html` template (markup.ts): every interpolation is escaped unless it is markup the
 * tool built itself, so no text from a run folder or a scenario file can become markup. Chart specs
 * are embedded as JSON in a non-executed script element with every `<` written as `\u003c`
 * (scriptJson), so no string in them can close the element.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../plots/data.js';
import { HEADLINE_WINDOWS } from '../experiment/headline.js';
import { dominanceSentences, headlineSentences, intervalRows, referenceScenario, takeaway, windowHeading } from './headline.js';
import type { ExplorerData } from '../explorer/data.js';
import { html, inlineScript, scriptJson, type Trusted } from './markup.js';
import { comparisonTable, metricsTable, policyTable } from './tables.js';

/** The JavaScript libraries the report inlines. */
export interface ReportAssets {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
  /** The explorer's page script and its worker, which carries the model (scripts/bundle.ts); absent where not built. */
  explorerPage?: string;
  explorerWorker?: string;
}

export { escapeHtml, html, inlineScript, scriptJson, Trusted, type Interpolation } from './markup.js';

function table(rows: string[][], cls: string): Trusted {
  const [head, ...body] = rows;
  const trs = body.map((r) => html`<tr>${r.map((c, k) => (k === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>\n`);
  return html`<table class="${cls}"><thead><tr>${head.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>\n${trs}</tbody></table>`;
}

const STYLE = html`
body{font:15px/1.5 Helvetica,Arial,sans-serif;color:#222;max-width:1180px;margin:2em auto;padding:0 1.5em}
h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.lead{font-size:1.15em}.muted{color:#666}ul.headline li{margin:.3em 0}
table{border-collapse:collapse;font-size:13px;margin:1em 0;display:block;overflow-x:auto}
th,td{border:1px solid #e3e3e3;padding:4px 8px;text-align:right;white-space:nowrap}
thead th{background:#f5f5f5}th[scope=row]{text-align:left;background:#fafafa}
figure{margin:2em 0}.chart,.explorer-chart{min-height:120px}
pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:12px;max-height:30em}
code{background:#f2f2f2;padding:1px 4px}
dl.scenarios dt{font-weight:bold;margin-top:.8em}dl.scenarios dd{margin-left:1.2em}
.explorer-form{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:.8em;margin:1em 0}
.explorer-form fieldset{border:1px solid #ddd;border-radius:4px;padding:.4em .8em .6em}
.explorer-form legend{font-weight:bold;padding:0 .3em}
.control{display:grid;grid-template-columns:1fr;margin:.35em 0}.control label{font-size:13px}
.control input,.control select{width:100%;max-width:300px;margin:.1em 0}.control output{font-size:12px;color:#555}
.control.changed output{color:#332288;font-weight:bold}
.explorer-form button,.explorer-results button{font:inherit;padding:.25em .8em}
:focus-visible{outline:3px solid #332288;outline-offset:2px}
#explorer-status{font-size:1.05em;min-height:1.5em}.explorer-results.stale table,.explorer-results.stale figure,.explorer-results.stale pre{opacity:.45}progress{width:240px;vertical-align:middle}
.explorer-results figure{display:inline-block;vertical-align:top;margin:1.5em 1.5em 0 0}#explorer-description{font-size:13px}
table.explorer-figures td{min-width:9em}table.explorer-figures caption{caption-side:bottom;text-align:left;color:#666;font-size:12px;padding-top:.3em}
`;

/**
 * The answers as intervals (a run with posterior draws): what the two intervals mean, which one
 * dominates in plain words, and the table of every figure at year 1 and at steady state.
 */
function intervalsSection(run: RunData): Trusted {
  const h = run.headline;
  if (!h) return html``;
  const windows = HEADLINE_WINDOWS.map((w) => html`<th colspan="4" scope="colgroup">${windowHeading(w, h.windows[w])}</th>`);
  const sub = HEADLINE_WINDOWS.map(() => html`<th>mean</th><th>replicate CI</th><th>posterior interval</th><th>dominates</th>`);
  const rows = intervalRows(h).map(
    (r) => html`<tr><th scope="row">${r.scenario}</th><th scope="row">${r.figure}</th>${HEADLINE_WINDOWS.map((w) => html`<td>${r.cells[w].mean}</td><td>${r.cells[w].replicateCI}</td><td>${r.cells[w].posteriorInterval}</td><td>${r.cells[w].dominant}</td>`)}</tr>\n`,
  );
  const sentences = dominanceSentences(h).map((t) => html`<li>${t}</li>\n`);
  const notes = h.notes.map((t) => html`<li>${t}</li>\n`);
  return html`<h2 id="intervals">The answers as intervals</h2>
<p>Each answer is a mean over ${h.draws ?? 1} posterior draws × ${h.replicatesPerDraw} replicates; ratios and differences are with ${h.reference} on the same draw and seed. The <b>replicate CI</b> (95%) is how far chance alone leaves that mean uncertain, the parameters held at the draws: it narrows as draws × replicates grow. The <b>posterior interval</b> (2.5% to 97.5% of the draws' means) is where the answer lies over what the calibration leaves unknown about employees: more runs do not narrow it. The wider one dominates.</p>
<ul class="headline">
${sentences}</ul>
<table class="intervals"><thead><tr><th rowspan="2">scenario</th><th rowspan="2">figure</th>${windows}</tr><tr>${sub}</tr></thead><tbody>
${rows}</tbody></table>
${notes.length > 0 ? html`<ul class="muted notes">\n${notes}</ul>` : html``}
`;
}

/** A comparison's own section (`tokenmaxx compare`): its table and charts; nothing for a plain run. */
function comparisonSection(run: RunData, figures: Trusted[]): Trusted {
  const c = run.comparison;
  if (!c) return html``;
  const n = c.rows[0]?.n ?? 0;
  return html`<h2>${c.b} against ${c.a}</h2>
<p>Each of the ${n} replicates ran ${c.a} (A) and ${c.b} (B) on the same seed: the same employees, with the same traits, meeting the same luck, so a difference is the policies', not chance's. Intervals are 95% paired-t intervals of the difference; beside them, the interval that ${n} replicates of B on seeds of their own give, and how much wider it is. Every metric, at the final week and as a weekly average, is in comparison.csv.</p>
${table(comparisonTable(run), 'comparison')}
${figures}`;
}

/**
 * The explorer's section: its introduction, what a reader without JavaScript is told, and the
 * element the page script fills with the controls and results (hidden until it does).
 */
function explorerSection(run: RunData, explorer: { data: ExplorerData } | { unavailable: string }): Trusted {
  if ('unavailable' in explorer) {
    return html`<section id="explore" aria-labelledby="explore-heading">
<h2 id="explore-heading">Explore a policy</h2>
<p class="muted">The explorer is not available for this run: ${explorer.unavailable}.</p>
</section>
`;
  }
  const posterior = run.manifest.posterior ? ', without the posterior draws of the figures above' : '';
  return html`<section id="explore" aria-labelledby="explore-heading">
<h2 id="explore-heading">Explore a policy</h2>
<p id="explorer-intro">Pick a base scenario and change its policies: the model itself runs in this page, with no network, and the figures and charts below are redrawn as you go. Base and explored share every seed, replicate by replicate (common random numbers), so a difference is the policy's, not luck's. Scenarios run with their parameters as written${posterior}.</p>
<noscript><p class="muted">The explorer runs the model in this page and needs JavaScript. The rest of this report is static and complete without it.</p></noscript>
<div id="explorer" hidden></div>
</section>
`;
}

/** The complete report. `charts` are the Vega-Lite specs in display order, with their file names. */
export function reportHtml(run: RunData, charts: readonly { name: string; spec: TopLevelSpec; section?: 'comparison' | 'run' }[], assets: ReportAssets, explorer?: { data: ExplorerData } | { unavailable: string }): string {
  const m = run.manifest;
  const ref = referenceScenario(run);
  const figure = (c: { name: string }, k: number) =>
    html`<figure><div class="chart" id="chart-${k}" data-name="${c.name}"><noscript><p class="muted">This chart is drawn by JavaScript; without it, open charts/${c.name}.svg beside this report.</p></noscript></div></figure>\n`;
  const figures = charts.map((c, k) => (c.section === 'comparison' ? html`` : figure(c, k)));
  const comparisonFigures = charts.map((c, k) => (c.section === 'comparison' ? figure(c, k) : html``));
  const descriptions = m.scenarios.map((s) => html`<dt>${s.name}</dt><dd>${s.description || '—'}</dd>\n`);
  const headline = headlineSentences(run).map((s) => html`<li>${s}</li>\n`);
  const body = html`<h1>What the AI push buys</h1>
<p class="muted">tokenmaxx ${m.toolVersion} · ${run.scenarios.length} scenarios × ${m.posterior ? `${m.posterior.draws} posterior draws × ${m.posterior.replicatesPerDraw}` : m.replicates} replicates · ${run.employees.toLocaleString('en-US')} employees · ${run.weeks} weeks · seed ${String(m.seed)}</p>
<p class="lead">${takeaway(run)}</p>
<ul class="headline">
${headline}</ul>
<p class="muted">Figures are weekly averages over the whole run, mean of replicates ± half-width of the 95% confidence interval; comparisons are with ${ref}, under common random numbers.</p>
${explorer ? explorerSection(run, explorer) : html``}${intervalsSection(run)}${comparisonSection(run, comparisonFigures)}
<h2>The scenarios</h2>
<dl class="scenarios">
${descriptions}</dl>
<h3>Policies side by side</h3>
${table(policyTable(run), 'policies')}

<h2>Charts</h2>
<p class="muted">Hover for values; click a scenario in a legend to highlight it (shift-click for several, double-click to reset).</p>
${figures}
<h2>Metrics</h2>
<p class="muted">Weekly averages over the run: mean [95% CI] over replicates.</p>
${table(metricsTable(run), 'metrics')}

<h2>Provenance</h2>
<p>Reproduce every number in this report with:</p>
<pre><code>${m.command}</code></pre>
<p class="muted">Git commit ${m.gitCommit ?? 'unknown'} · Node ${m.nodeVersion}. The manifest below records every replicate seed, the resolved scenarios and the SHA-256 of every data file.</p>
<pre>${run.manifestText}</pre>
`;
  return pageHtml(`tokenmaxx report: ${run.scenarios.join(', ')}`, body, charts.map((c) => c.spec), assets, explorer && 'data' in explorer ? explorer.data : undefined);
}

/**
 * A self-contained page: `body`, then the chart specs as inert JSON and the inlined libraries that
 * draw each into its `#chart-K` element (K its place in `specs`).
 */
export function pageHtml(pageTitle: string, body: Trusted, specs: readonly TopLevelSpec[], assets: ReportAssets, explorer?: ExplorerData): string {
  // The explorer's engine is inert text (type text/plain) that its page script starts as workers.
  const explorerScripts =
    explorer && assets.explorerPage && assets.explorerWorker
      ? html`<script type="application/json" id="explorer-data">${scriptJson(explorer)}</script>
<script type="text/plain" id="explorer-engine">${inlineScript(assets.explorerWorker)}</script>
<script>${inlineScript(assets.explorerPage)}</script>
`
      : html``;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pageTitle}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script type="application/json" id="specs">${scriptJson(specs)}</script>
<script>${inlineScript(assets.vega)}</script>
<script>${inlineScript(assets.vegaLite)}</script>
<script>${inlineScript(assets.vegaEmbed)}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('specs').textContent);
  specs.forEach(function (spec, k) {
    vegaEmbed('#chart-' + k, spec, { actions: false, renderer: 'svg' }).catch(function (e) {
      document.getElementById('chart-' + k).textContent = 'This chart could not be drawn: ' + e.message;
      console.error(e);
    });
  });
})();
</script>
${explorerScripts}</body>
</html>
`.toString();
}

/** A table from rows of text cells (the first row the header, the first cell of each row its heading). */
export { table as htmlTable };
