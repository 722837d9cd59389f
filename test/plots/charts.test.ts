import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunData } from '../../src/plots/data.js';
import { readRunTexts } from '../../src/report/readRun.js';
import { CHARTS } from '../../src/plots/index.js';
import { PALETTE } from '../../src/plots/theme.js';
import { toSvg, toVega } from '../../src/plots/render.js';
import { svgToPng } from '../../src/report/build.js';
import { smallRunFiles } from '../fixtures.js';

const require = createRequire(import.meta.url);
// The package's export map hides its schema file: find it beside the package's main entry.
const vlSchema = JSON.parse(readFileSync(join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json'), 'utf8')) as object;

/** The marks each chart must draw (Vega's SVG classes). */
const EXPECTED_MARKS: Record<string, string[]> = {
  'spend-vs-output': ['mark-line', 'mark-area'],
  frontier: ['mark-symbol', 'mark-rule', 'mark-text'],
  'strategy-shares': ['mark-area'],
  'goodhart-gap': ['mark-line', 'mark-area'],
  'token-inequality': ['mark-line', 'mark-symbol'],
  beliefs: ['mark-line', 'mark-rule'],
  incidents: ['mark-line', 'mark-area'],
};

describe('charts', () => {
  let run: RunData;
  beforeAll(() => {
    run = readRunTexts(smallRunFiles());
  });

  it('every spec validates against Vega-Lite\'s published JSON Schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
    const validate = ajv.compile(vlSchema);
    for (const c of CHARTS) {
      const ok = validate(c.build(run));
      expect(ok, `${c.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('every chart asks its question, colours scenarios consistently and renders to SVG with its marks', async () => {
    for (const c of CHARTS) {
      const spec = c.build(run) as { title: { text: string } };
      expect(spec.title.text.endsWith('?'), c.name).toBe(true);
      const json = JSON.stringify(spec);
      if (c.name !== 'strategy-shares') expect(json).toContain(JSON.stringify(PALETTE.slice(0, run.scenarios.length)));
      const svg = await toSvg(toVega(c.build(run)));
      expect(svg.startsWith('<svg')).toBe(true);
      for (const mark of EXPECTED_MARKS[c.name]) expect(svg, `${c.name} draws ${mark}`).toContain(mark);
      expect(svg).not.toContain('NaN');
    }
  });

  it('axis titles carry units and numbers are formatted', () => {
    const spend = JSON.stringify(CHARTS[0].build(run));
    expect(spend).toContain('USD/week');
    expect(spend).toContain('"format":"$,.2f"');
    expect(spend).toContain('"format":".0%"');
  });

  it('rendering is deterministic, SVG and PNG', async () => {
    const spec = CHARTS[1].build(run);
    const a = await toSvg(toVega(spec));
    const b = await toSvg(toVega(spec));
    expect(a).toBe(b);
    expect(Buffer.from(svgToPng(a)).equals(Buffer.from(svgToPng(b)))).toBe(true);
    expect(Buffer.from(svgToPng(a)).subarray(1, 4).toString()).toBe('PNG');
  });
});
