/** Every export of the package has a doc comment where it is declared, as the editor shows it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declarations } from './declarations.js';

const entry = fileURLToPath(new URL('../../dist/src/index.d.ts', import.meta.url));

describe('the public surface', () => {
  const all = declarations(entry);

  it('documents every exported name at its declaration', () => {
    expect(all.filter((d) => !d.documented).map((d) => `${d.exported} (${d.name} in ${d.file})`)).toEqual([]);
  });

  it('exports what a notebook needs to do everything the CLI does', () => {
    const names = new Set(all.map((d) => d.exported));
    const needed = [
      ...['loadScenarioFile', 'validateScenarioFile', 'checkRequest', 'resolveScenario', 'scenarioJsonSchema', 'plausibleRanges', 'defaultParameters', 'presetsPath'],
      ...['runPipeline', 'load', 'validate', 'resolve', 'draw', 'simulate', 'collect', 'summarise', 'chart', 'report', 'simulateReplicate', 'METRICS', 'METRIC_NAMES'],
      ...['comparePipeline', 'comparisonTable', 'sweepPipeline', 'sweepTable', 'sensitivityPipeline', 'sensitivityTable', 'studyReport'],
      ...['calibratePipeline', 'calibrationTable', 'loadPosterior', 'posteriorSummary', 'drawParticles', 'CALIBRATION_TARGETS', 'HELD_OUT_FACTS'],
      ...['runHeadline', 'headlineTable', 'validateModel', 'FACTS', 'resultsTable'],
      ...['chartsFor', 'CHARTS', 'sweepCharts', 'sensitivityCharts', 'toVega', 'toSvg', 'buildReport', 'reportFolder', 'loadRun'],
    ];
    expect(needed.filter((n) => !names.has(n))).toEqual([]);
  });

  it('finds an undocumented export, through a re-export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'declarations-'));
    writeFileSync(join(dir, 'index.d.ts'), "export { a, type B as C } from './m.js';\nexport * from './n.js';\n");
    writeFileSync(join(dir, 'm.d.ts'), '/** Documented. */\nexport declare function a(): void;\nexport interface B {\n}\n');
    writeFileSync(join(dir, 'n.d.ts'), "import { d } from './m.js';\n/** Documented. */\nexport declare const e = 1;\n// Not a doc comment.\nexport declare const f = 2;\n");
    expect(declarations(join(dir, 'index.d.ts')).map((d) => [d.exported, d.documented])).toEqual([
      ['a', true],
      ['C', false],
      ['e', true],
      ['f', false],
    ]);
  });
});
