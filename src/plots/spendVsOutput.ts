/** The headline: does compute spend buy output? Spend per employee and output gain, week by week. */
import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from './data.js';
import { linePanels } from './lines.js';
import { FORMAT, title } from './theme.js';

/** Compute spend per employee-week against output gain over time, one line per scenario. */
export function spendVsOutputChart(run: RunData): TopLevelSpec {
  return linePanels(
    run,
    title('Does the extra compute buy extra output?', 'Weekly compute spend per employee (top) and output gain over a week without AI (bottom); mean of replicates, 95% CI shaded. Click a legend entry to highlight it.'),
    [
      { measure: 'spendPerEmployeeUSD', axisTitle: 'Compute spend per employee (USD/week)', format: FORMAT.usdCents },
      { measure: 'outputGain', axisTitle: 'Output gain per employee', format: FORMAT.pct },
    ],
  );
}
