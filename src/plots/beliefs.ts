/** Beliefs across review cycles: what employees think token rank counts for, with review weeks marked. */
import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from './data.js';
import { linePanels } from './lines.js';
import { FORMAT, title } from './theme.js';

/** The weeks that end a review cycle in any scenario of the run (cycles may differ by scenario). */
export function reviewWeeks(run: RunData): number[] {
  const weeks = new Set<number>();
  for (const s of run.manifest.scenarios) {
    const cycle = Number(s.parameters.reviews.cycleWeeks);
    for (let w = cycle - 1; w < Number(s.parameters.weeks); w += cycle) weeks.add(w);
  }
  return [...weeks].sort((a, b) => a - b);
}

/** Mean belief per scenario over time, with the review weeks as dashed rules. */
export function beliefsChart(run: RunData): TopLevelSpec {
  const rules = {
    data: { values: reviewWeeks(run).map((week) => ({ week, label: `review (week ${week})` })) },
    mark: { type: 'rule', strokeDash: [4, 4], color: '#999' },
    encoding: { x: { field: 'week', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'Review' }] },
  };
  return linePanels(
    run,
    title('Do employees think token rank counts in reviews?', 'Mean believed weight of token rank relative to output. Manager mentions push it up; each review (dashed) moves it toward the weight the ratings reveal.'),
    [{ measure: 'meanBelief', axisTitle: 'Believed weight of token rank', format: FORMAT.ratio }],
    [rules],
  );
}
