/**
 * The report stage of the pipeline: a run's files in, chart files and report.html out.
 *
 *   parse the run's files → build each chart's Vega-Lite spec → compile to Vega → render SVG (and PNG
 *   on request) → assemble report.html
 *
 * `run --report` and `report --from DIR` both call this on the same file texts, so they give the
 * same bytes.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { parseRun } from '../plots/data.js';
import { CHARTS } from '../plots/index.js';
import { toSvg, toVega } from '../plots/render.js';
import { reportAssets } from './assets.js';
import { reportHtml } from './html.js';

const require = createRequire(import.meta.url);

/** The files a run must hold for a report. */
export const RUN_FILES = ['manifest.json', 'timeseries.csv', 'summary.json', 'distributions.json'] as const;

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

/** Builds every chart file and report.html from a run's files (name → text). */
export async function buildReport(runFiles: Record<string, string>, options: { png?: boolean } = {}): Promise<Record<string, string | Uint8Array>> {
  const run = parseRun(runFiles);
  const out: Record<string, string | Uint8Array> = {};
  const charts = CHARTS.map((c) => ({ name: c.name, spec: c.build(run) }));
  for (const { name, spec } of charts) {
    const vg = toVega(spec);
    const svg = await toSvg(vg);
    out[`charts/${name}.vl.json`] = `${JSON.stringify(spec, null, 2)}\n`;
    out[`charts/${name}.vg.json`] = `${JSON.stringify(vg, null, 2)}\n`;
    out[`charts/${name}.svg`] = svg;
    if (options.png) out[`charts/${name}.png`] = svgToPng(svg);
  }
  out['report.html'] = reportHtml(run, charts, reportAssets(), runFiles['manifest.json']);
  return out;
}
