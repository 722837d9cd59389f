/** The report's tables, as rows of plain text cells (escaped when the HTML is assembled). */
import type { MetricName } from '../model/metrics.js';
import type { RunData } from '../plots/data.js';

/** Policy settings shown side by side: label and JSON path into the resolved parameters. */
const POLICY_ROWS: [string, string][] = [
  ['Mandate', 'mandate.type'],
  ['Target weekly adoption', 'mandate.targetShare'],
  ['Mandate pressure', 'mandate.pressure'],
  ['Leaderboard visibility', 'leaderboard.visibility'],
  ['Leaderboard metric', 'leaderboard.metric'],
  ['Board window (weeks)', 'leaderboard.windowWeeks'],
  ['Badged top share', 'leaderboard.topShare'],
  ['Manager attention', 'managers.attention'],
  ['Official token weight in reviews', 'reviews.officialTokenWeight'],
  ['Manager leak', 'reviews.managerLeak'],
  ['Review cycle (weeks)', 'reviews.cycleWeeks'],
  ['Weekly audit rate', 'audits.rate'],
  ['Agent autonomy', 'guardrails.autonomy'],
  ['Price (USD per Mtok)', 'economics.pricePerMTokUSD'],
  ['Employees', 'population.employees'],
  ['Weeks', 'weeks'],
];

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

/** Policies of every scenario side by side: a header row of names, then one row per setting. */
export function policyTable(run: RunData): string[][] {
  const scenarios = run.manifest.scenarios;
  const rows = POLICY_ROWS.map(([label, path]) => [label, ...scenarios.map((s) => String(at(s.parameters, path)))]);
  const schedule = ['Schedule', ...scenarios.map((s) => s.schedule.map((c) => `from week ${c.week}: ${Object.entries(c.set).map(([k, v]) => `${k} = ${v}`).join(', ')}`).join('; ') || '—')];
  return [['', ...scenarios.map((s) => s.name)], ...rows, schedule];
}

/** The metrics table's columns: a metric of summary.json (derived figures included) and its format. */
const METRIC_COLUMNS: [string, MetricName, (x: number) => string][] = [
  ['Adoption', 'adoptionRate', (x) => pct(x)],
  ['Gaming share', 'gamingShare', (x) => pct(x)],
  ['Waste share', 'wasteShare', (x) => pct(x)],
  ['Spend (USD/employee-week)', 'spendPerEmployeeUSD', (x) => x.toFixed(2)],
  ['Output gain', 'outputGain', (x) => pct(x)],
  ['Output per Mtok', 'outputPerMTok', (x) => x.toFixed(4)],
  ['Mean belief', 'meanBelief', (x) => x.toFixed(2)],
  ['Incidents per 1k output', 'incidentsPer1kOutput', (x) => x.toFixed(1)],
  ['Net value (USD/employee-week)', 'netValuePerEmployeeUSD', (x) => x.toFixed(0)],
];

/** Key metrics with 95% CIs (weekly averages over the run), one row per scenario, read from summary.json. */
export function metricsTable(run: RunData): string[][] {
  return [
    ['Scenario', ...METRIC_COLUMNS.map((c) => c[0])],
    ...run.scenarios.map((n) => [
      n,
      ...METRIC_COLUMNS.map(([, metric, fmt]) => {
        const e = run.summary[n][metric].weeklyMean;
        return `${fmt(e.mean)} [${fmt(e.ci95[0])}, ${fmt(e.ci95[1])}]`;
      }),
    ]),
  ];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
