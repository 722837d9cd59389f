/**
 * The charts of the experiments — compare's differences and flows, a sweep's heatmap, lines and
 * scenario chart, a sensitivity analysis's Morris and Sobol' charts — on real (small) results: each
 * validates against Vega-Lite's published JSON Schema, asks its question, and renders with its marks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, test } from 'vitest';
import { comparePipeline } from '../../src/experiment/compare.js';
import { parseVaryArguments, type DesignSpec } from '../../src/experiment/design.js';
import { MemoryDestination } from '../../src/experiment/destination.js';
import { sensitivityPipeline } from '../../src/experiment/sensitivity.js';
import { sweepPipeline } from '../../src/experiment/sweep.js';
import { COMPARISON_CHARTS } from '../../src/plots/index.js';
import { toSvg, toVega } from '../../src/plots/render.js';
import { sensitivityCharts } from '../../src/plots/sensitivity.js';
import { sweepCharts } from '../../src/plots/sweep.js';
import { readRunTexts } from '../../src/report/readRun.js';

const require = createRequire(import.meta.url);
const vlSchema = JSON.parse(readFileSync(join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json'), 'utf8')) as object;
const PRESETS = new URL('../../scenarios.json', import.meta.url).pathname;
const PROVENANCE = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };
const SETS = ['population.employees=60', 'weeks=6'];

function design(vary: string[], method: DesignSpec['method']): DesignSpec {
  const { parameters } = parseVaryArguments(vary);
  return { method, levels: 3, samples: 4, trajectories: 3, parameters };
}

async function charts(): Promise<{ name: string; spec: TopLevelSpec; marks: string[] }[]> {
  const options = { seed: 'charts', replicates: 2, workers: 1 as const, provenance: PROVENANCE };
  const memory = new MemoryDestination();
  await comparePipeline({ scenariosFile: PRESETS, a: 'baseline', b: 'amazon-2026', sets: SETS }, options, memory);
  const run = readRunTexts(Object.fromEntries(Object.entries(memory.files).map(([k, v]) => [k, String(v)])));
  const grid = await sweepPipeline({ scenariosFile: PRESETS, names: ['amazon-2026'], sets: SETS, design: design(['reviews.managerLeak=0:0.5', 'leaderboard.visibility=none,org'], 'grid') }, options, new MemoryDestination());
  const lhs = await sweepPipeline({ scenariosFile: PRESETS, names: ['amazon-2026'], sets: SETS, design: design(['reviews.managerLeak=0:0.5', 'audits.rate=0:0.05'], 'lhs') }, options, new MemoryDestination());
  const policies = await sweepPipeline({ scenariosFile: PRESETS, names: ['baseline', 'amazon-2026'], sets: SETS, design: design([], 'grid') }, options, new MemoryDestination());
  const analysis = (method: 'morris' | 'sobol') =>
    sensitivityPipeline(
      { scenariosFile: PRESETS, scenario: 'amazon-2026', sets: SETS, design: design(['reviews.rewardValue=15:60', 'traits.integrityMedian=0.15:0.6'], method), metrics: ['wasteShare', 'netValuePerEmployeeUSD'], statistic: 'weeklyMean', resamples: 20 },
      options,
      new MemoryDestination(),
    );
  const marks: Record<string, string[]> = {
    'comparison-differences': ['mark-rule', 'mark-symbol'],
    'comparison-flows': ['mark-rect', 'mark-text'],
    'sweep-heatmap': ['mark-rect'],
    'sweep-lines-1': ['mark-line', 'mark-area'],
    'sweep-lines-2': ['mark-line'],
    'sweep-scenarios': ['mark-rule', 'mark-symbol'],
    'sensitivity-morris': ['mark-rect', 'mark-rule', 'mark-symbol'],
    'sensitivity-sobol': ['mark-rect', 'mark-rule'],
  };
  const all = [
    ...COMPARISON_CHARTS.map((c) => ({ name: c.name, spec: c.build(run) })),
    ...sweepCharts(grid.summaries, grid.design.spec),
    ...sweepCharts(lhs.summaries, lhs.design.spec).map((c) => ({ ...c, name: `${c.name}-lhs` })),
    ...sweepCharts(policies.summaries, policies.design.spec),
    ...sensitivityCharts((await analysis('morris')).sensitivity),
    ...sensitivityCharts((await analysis('sobol')).sensitivity),
  ];
  // A random design's points are dots: in its heatmap, and along each parameter.
  return all.map((c) => ({ ...c, marks: marks[c.name] ?? (c.name.endsWith('-lhs') ? ['mark-symbol'] : []) }));
}

describe('experiment charts', async () => {
  const all = await charts();

  test('every chart validates against the Vega-Lite schema and asks its question', () => {
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(vlSchema);
    expect(all.map((c) => c.name)).toEqual(expect.arrayContaining(['comparison-differences', 'comparison-flows', 'sweep-heatmap', 'sweep-scenarios', 'sensitivity-morris', 'sensitivity-sobol']));
    for (const c of all) {
      expect(validate(c.spec), `${c.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
      expect((c.spec as { title: { text: string } }).title.text.endsWith('?'), c.name).toBe(true);
    }
  });

  test('every chart renders to SVG with its marks and no NaN', async () => {
    for (const c of all) {
      const svg = await toSvg(toVega(c.spec));
      for (const mark of c.marks) expect(svg, `${c.name} draws ${mark}`).toContain(mark);
      expect(svg, c.name).not.toContain('NaN');
    }
  });
});
