/**
 * The headline as intervals in the report: summary.json's `headline` read as hostile input and
 * checked against the manifest's draws, and the section of report.html, every text escaped.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { MemoryDestination } from '../../src/experiment/destination.js';
import { runPipeline } from '../../src/experiment/pipeline.js';
import { reportAssets } from '../../src/report/assets.js';
import { dominanceSentences, DOMINANCE_WORDS, intervalRows } from '../../src/report/headline.js';
import { reportHtml } from '../../src/report/html.js';
import { readRunTexts } from '../../src/report/readRun.js';
import { InputError, formatProblem } from '../../src/scenarios/problems.js';

const FIXTURE = new URL('../fixtures/posterior-small.json', import.meta.url).pathname;
const PRESETS = new URL('../../scenarios.json', import.meta.url).pathname;
const PROVENANCE = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };

let files: Record<string, string> = {};
beforeAll(async () => {
  const destination = new MemoryDestination();
  await runPipeline(
    { scenariosFile: PRESETS, names: ['baseline', 'amazon-2026'], sets: ['weeks=8', 'population.employees=40'], posterior: { file: FIXTURE, draws: 3 } },
    { seed: 'report', replicates: 2, provenance: PROVENANCE },
    destination,
  );
  files = Object.fromEntries(Object.entries(destination.files).filter((e): e is [string, string] => typeof e[1] === 'string'));
}, 60_000);

/** The files with summary.json or manifest.json edited. */
function edited(name: 'summary.json' | 'manifest.json', f: (value: Record<string, any>) => void): Record<string, string> {
  const value = JSON.parse(files[name]) as Record<string, any>;
  f(value);
  return { ...files, [name]: `${JSON.stringify(value, null, 2)}\n` };
}

function problemsOf(texts: Record<string, string>): string[] {
  try {
    readRunTexts(texts);
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error('readRunTexts accepted the run');
}

describe('reading the headline', () => {
  test('a run with draws is read with its headline', () => {
    const run = readRunTexts(files);
    expect(run.headline?.reference).toBe('baseline');
    expect(run.manifest.posterior?.draws).toBe(3);
  });

  test('a headline without draws in the manifest, or draws without a headline, is refused', () => {
    expect(problemsOf(edited('manifest.json', (m) => delete m.posterior))).toEqual([expect.stringMatching(/^summary\.json:\d+:\d+: \$\.headline: holds a headline, but manifest\.json records no posterior draws/)]);
    expect(problemsOf(edited('summary.json', (s) => delete s.headline))).toEqual([expect.stringMatching(/^summary\.json: holds no headline, but manifest\.json records posterior draws/)]);
  });

  test('a headline of another layout, reference or scenarios is refused, each problem located', () => {
    const lines = problemsOf(
      edited('summary.json', (s) => {
        s.headline.draws = 2;
        s.headline.reference = 'nobody';
        s.headline.scenarios.extra = s.headline.scenarios.baseline;
        delete s.headline.scenarios['amazon-2026'];
      }),
    );
    expect(lines).toEqual([
      expect.stringMatching(/^summary\.json:\d+:\d+: \$\.headline\.draws: lays the replicates out as 2 draws × 2; expected 3 draws × 2/),
      expect.stringMatching(/^summary\.json:\d+:\d+: \$\.headline\.reference: the reference "nobody" is not a scenario of the run/),
      expect.stringMatching(/^summary\.json:\d+:\d+: \$\.headline\.scenarios: has no scenario "amazon-2026"/),
      expect.stringMatching(/^summary\.json:\d+:\d+: \$\.headline\.scenarios\.extra: scenario "extra" is not in manifest\.json/),
    ]);
  });

  test('a figure of the wrong shape is refused by the schema', () => {
    const lines = problemsOf(edited('summary.json', (s) => (s.headline.scenarios.baseline.spendRatio.yearOne.dominant = 'luck')));
    expect(lines).toEqual([expect.stringMatching(/^summary\.json:\d+:\d+: \$\.headline\.scenarios\.baseline\.spendRatio\.yearOne\.dominant: .*"parameters", "replicates" or null/)]);
  });

  test('draws × replicates per draw must be the manifest\'s replicates', () => {
    const lines = problemsOf(edited('manifest.json', (m) => (m.posterior.replicatesPerDraw = 5)));
    expect(lines[0]).toMatch(/^manifest\.json:\d+:\d+: \$\.posterior\.replicatesPerDraw: records 3 draws × 5 replicates per draw for 6 replicates/);
  });
});

describe('the section', () => {
  test('rows: every scenario\'s waste share, the others\' figures against the reference', () => {
    const rows = intervalRows(readRunTexts(files).headline!);
    expect(rows.map((r) => `${r.scenario}: ${r.figure}`)).toEqual(['baseline: waste share', 'amazon-2026: waste share', 'amazon-2026: spend ratio', 'amazon-2026: output difference', 'amazon-2026: net value gap $/emp-wk']);
    expect(rows[2].cells.steadyState).toEqual({ mean: '—', replicateCI: '—', posteriorInterval: '—', dominant: '—' });
    expect(rows[2].cells.yearOne.posteriorInterval).toMatch(/^\d\.\d\d× to \d\.\d\d×$/);
  });

  test('which interval dominates, in plain words', () => {
    const run = readRunTexts(files);
    const sentences = dominanceSentences(run.headline!);
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.every((s) => s.startsWith('Year 1 (weeks 0–7): '))).toBe(true);
    expect(sentences.some((s) => s.includes(DOMINANCE_WORDS.parameters) || s.includes(DOMINANCE_WORDS.replicates))).toBe(true);
    const html = reportHtml(run, [], reportAssets());
    expect(html).toContain('<h2 id="intervals">The answers as intervals</h2>');
    expect(html.indexOf('id="intervals"')).toBeLessThan(html.indexOf('The scenarios</h2>'));
  });

  test('text read from the run is escaped', () => {
    const run = readRunTexts(edited('summary.json', (s) => (s.headline.notes = ['<img src=x onerror=alert(1)>'])));
    const html = reportHtml(run, [], reportAssets());
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  });

  test('a run without draws has no such section', () => {
    const withoutDraws = edited('manifest.json', (m) => delete m.posterior);
    const run = readRunTexts({ ...withoutDraws, 'summary.json': edited('summary.json', (s) => delete s.headline)['summary.json'] });
    expect(run.headline).toBeUndefined();
    expect(reportHtml(run, [], reportAssets())).not.toContain('id="intervals"');
  });
});
