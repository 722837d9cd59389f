import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.js';
import { readRunTexts } from '../../src/report/readRun.js';
import { escapeHtml, reportHtml, scriptJson } from '../../src/report/html.js';
import { reportAssets } from '../../src/report/assets.js';
import { CHARTS } from '../../src/plots/index.js';
import { smallRunFiles } from '../fixtures.js';

const ATTACK = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

describe('report', () => {
  let files: Record<string, string>;
  let report: Record<string, string | Uint8Array>;
  beforeAll(async () => {
    files = smallRunFiles(ATTACK);
    report = await buildReport(readRunTexts(files));
  });

  it('writes every chart as Vega-Lite, Vega and SVG, and report.html', () => {
    for (const c of CHARTS) for (const ext of ['vl.json', 'vg.json', 'svg']) expect(report).toHaveProperty([`charts/${c.name}.${ext}`]);
    expect(Object.keys(report).filter((k) => k.endsWith('.png'))).toEqual([]);
    expect(report).toHaveProperty(['report.html']);
  });

  it("without the explorer's bundle, still writes the rest and says why the explorer is missing", () => {
    const html = reportHtml(readRunTexts(files), [], { ...reportAssets(), explorerPage: undefined, explorerWorker: undefined }, { unavailable: 'this copy of tokenmaxx was built without it (run npm run build)' });
    expect(html).toContain('The explorer is not available for this run: this copy of tokenmaxx was built without it (run npm run build).');
    expect(html).not.toContain('id="explorer-engine"');
    expect(html).toContain('<h2>The scenarios</h2>');
  });

  it('is one self-contained file under 2 MB: libraries and data inline, nothing fetched', () => {
    const html = String(report['report.html']);
    expect(html.length).toBeLessThan(2 * 1024 * 1024);
    expect(html).toContain('vegaEmbed(');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toContain('sourceMappingURL');
    expect(html).toContain(files['manifest.json'].split('\n')[1].trim().replace(/"/g, '&quot;'));
    expect(html).toContain('tokenmaxx run --report');
  });

  it('states the headline in sentences with computed numbers, and a metrics table with CIs', () => {
    const html = String(report['report.html']);
    expect(html).toMatch(/Under amazon-2026, \d+% ± [\d.]+% of tokens bought no output; compute spend per employee was [\d.]+× mandate-only for ([+−][\d.]+% output|the same output)\./);
    expect(html).toMatch(/\d+\.\d% \[\d+\.\d%, \d+\.\d%\]/);
  });

  it('escapes text from scenario files: a description holding script tags stays text', () => {
    const html = String(report['report.html']);
    expect(html).not.toContain(ATTACK);
    expect(html).toContain(escapeHtml(ATTACK));
    // Only the report's own script elements open: specs, three libraries, the embedding code, and
    // the explorer's data, engine (inert text) and page script.
    expect(html.match(/<script/g)?.length).toBe(8);
    expect(String(scriptJson({ d: ATTACK }))).not.toContain('<');
  });

  it('the same inputs give a byte-identical report and charts', async () => {
    const again = await buildReport(readRunTexts(files));
    for (const [name, content] of Object.entries(report)) expect(again[name], name).toEqual(content);
  });
});
