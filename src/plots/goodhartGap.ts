/** The Goodhart gap: the adoption KPI against real output gain and waste, over time. */
import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from './data.js';
import { linePanels } from './lines.js';
import { FORMAT, title } from './theme.js';

/** Adoption rate (the KPI), output gain and waste share per scenario, stacked. */
export function goodhartGapChart(run: RunData): TopLevelSpec {
  return linePanels(
    run,
    title('Does the adoption KPI track real gains?', 'The KPI a mandate reports (top), the output gain it is meant to bring (middle), and the share of tokens that bought nothing (bottom).'),
    [
      { measure: 'adoptionRate', axisTitle: 'Weekly AI adoption (the KPI)', format: FORMAT.pct },
      { measure: 'outputGain', axisTitle: 'Output gain per employee', format: FORMAT.pct },
      { measure: 'wasteShare', axisTitle: 'Share of tokens wasted', format: FORMAT.pct },
    ],
  );
}
