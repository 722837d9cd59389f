/**
 * The report stage of the pipeline: a run read and validated by `loadRun` in, chart files and
 * report.html out.
 *
 *   loadRun(dir) (readRun.ts) → build each chart's Vega-Lite spec → compile to Vega → render SVG
 *   (and PNG on request) → assemble report.html
 *
 * `run --report` and `report --from DIR` both call `loadRun(dir)` on the same bytes and then this, so
 * they give the same bytes.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { RunData } from '../plots/data.js';
import { chartsFor } from '../plots/index.js';
import { toSvg, toVega } from '../plots/render.js';
import { reportAssets } from './assets.js';
import { explorerData } from '../explorer/data.js';
import { referenceScenario } from './headline.js';
import { reportHtml } from './html.js';

const require = createRequire(import.meta.url);

/** Renders an SVG to PNG with the bundled DejaVu Sans, so PNGs are the same bytes on every machine. */
export function svgToPng(svg: string): Uint8Array {
  const font = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  const bold = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: false, fontFiles: [font, bold], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** What to build besides the SVGs. */
export interface ReportOptions {
  /** Also render each chart to PNG. */
  png?: boolean;
}

/**
 * Builds every chart file and report.html (relative path → content) from a run read and validated by
 * `loadRun` (a folder) or `readRunTexts` (texts in memory).
 */
export async function buildReport(run: RunData, options: ReportOptions = {}): Promise<Record<string, string | Uint8Array>> {
  const out: Record<string, string | Uint8Array> = {};
  const charts = chartsFor(run).map((c) => ({ name: c.name, section: c.section, spec: c.build(run) }));
  for (const { name, spec } of charts) {
    const vg = toVega(spec);
    const svg = await toSvg(vg);
    out[`charts/${name}.vl.json`] = `${JSON.stringify(spec, null, 2)}\n`;
    out[`charts/${name}.vg.json`] = `${JSON.stringify(vg, null, 2)}\n`;
    out[`charts/${name}.svg`] = svg;
    if (options.png) out[`charts/${name}.png`] = svgToPng(svg);
  }
  const assets = reportAssets();
  // A copy of tokenmaxx built without its bundle step still writes the rest of the report.
  const explorer = assets.explorerPage && assets.explorerWorker ? explorerData(run, referenceScenario(run)) : { unavailable: 'this copy of tokenmaxx was built without it (run npm run build)' };
  out['report.html'] = reportHtml(run, charts, assets, explorer);
  return out;
}
