import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docsWithTables } from '../src/scenarios/parameterTable.js';
import { METRICS } from '../src/model/metrics.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('docs', () => {
  it('docs/ODD.md holds the parameter and metric tables generated from their definitions (npm run docs)', () => {
    const odd = read('../docs/ODD.md');
    expect(odd).toBe(docsWithTables(odd));
  });

  it('README.md names every timeseries column', () => {
    const readme = read('../README.md');
    for (const m of METRICS) expect(readme).toContain(m.name);
  });
});
