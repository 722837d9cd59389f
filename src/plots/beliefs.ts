/** Beliefs across review cycles: what employees think token rank counts for, and how reviews move it. */
import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from './data.js';
import { linePanels } from './lines.js';
import { FORMAT, title } from './theme.js';

/**
 * The org-wide review weeks of the run's scenarios (cycles may differ by scenario). Under the default
 * staggered calendar each team has its own date, and no week is marked.
 */
export function reviewWeeks(run: RunData): number[] {
  const weeks = new Set<number>();
  for (const s of run.manifest.scenarios) {
    if (s.parameters.reviews.calendar !== 'org-wide') continue;
    const cycle = Number(s.parameters.reviews.cycleWeeks);
    for (let w = cycle - 1; w < Number(s.parameters.weeks); w += cycle) weeks.add(w);
  }
  return [...weeks].sort((a, b) => a - b);
}

/** Mean belief per scenario over time, and its mean change at reviews; org-wide review weeks as dashed rules. */
export function beliefsChart(run: RunData): TopLevelSpec {
  const weeks = reviewWeeks(run);
  // No rule layer without a week to mark: an empty layer has no extent, which Vega warns about.
  const rules = {
    data: { values: weeks.map((week) => ({ week, label: `review (week ${week})` })) },
    mark: { type: 'rule', strokeDash: [4, 4], color: '#999' },
    encoding: { x: { field: 'week', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'Review' }] },
  };
  return linePanels(
    run,
    title(
      'Do employees think token rank counts in reviews?',
      [
        "Top: mean believed weight of token rank in ratings (output rank's weight is 0.5); manager mentions push it up.",
        "Bottom: the mean change in belief of those whose team was reviewed that week — below 0 the review corrects beliefs down, above it confirms a leak.",
      ],
    ),
    [
      { measure: 'meanBelief', axisTitle: 'Believed weight of token rank', format: FORMAT.ratio },
      { measure: 'beliefShiftAtReview', axisTitle: 'Change at review', format: FORMAT.ratio },
    ],
    weeks.length > 0 ? [rules] : [],
  );
}
