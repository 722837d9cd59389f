/** Agent incidents and their cost over time. */
import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from './data.js';
import { linePanels } from './lines.js';
import { FORMAT, title } from './theme.js';

/** Incidents per 1,000 units of output and incident cost per employee, per scenario over time. */
export function incidentsChart(run: RunData): TopLevelSpec {
  return linePanels(
    run,
    title('What do autonomous agents cost in incidents?', 'Incidents per 1,000 employee-weeks of output (top) and their cost per employee (bottom). Incidents follow agent actions, not output.'),
    [
      { measure: 'incidentsPer1kOutput', axisTitle: 'Incidents per 1,000 output units', format: FORMAT.ratio },
      { measure: 'incidentCostPerEmployeeUSD', axisTitle: 'Incident cost per employee (USD/week)', format: FORMAT.usdCents },
    ],
  );
}
