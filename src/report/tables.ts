/** The report's tables, as rows of plain text cells (escaped when the HTML is assembled). */
import type { MetricName } from '../model/metrics.js';
import type { RunData } from '../plots/data.js';
import type { Parameters } from '../scenarios/schema.js';

/** Policy settings shown side by side: label and the setting, read from the resolved parameters. */
const POLICY_ROWS: readonly [string, (p: Parameters) => number | string][] = [
  ['Mandate', (p) => p.mandate.type],
  ['Target weekly adoption', (p) => p.mandate.targetShare],
  ['Mandate pressure', (p) => p.mandate.pressure],
  ['Leaderboard visibility', (p) => p.leaderboard.visibility],
  ['Leaderboard metric', (p) => p.leaderboard.metric],
  ['Board window (weeks)', (p) => p.leaderboard.windowWeeks],
  ['Badged top share', (p) => p.leaderboard.topShare],
  ['Manager attention', (p) => p.managers.attention],
  ['Official token weight in reviews', (p) => p.reviews.officialTokenWeight],
  ['Manager leak', (p) => p.reviews.managerLeak],
  ['Review calendar', (p) => p.reviews.calendar],
  ['Review cycle (weeks)', (p) => p.reviews.cycleWeeks],
  ['Top rating worth (employee-weeks)', (p) => p.reviews.rewardValue],
  ['Low rating cost (employee-weeks)', (p) => p.reviews.lowRatingCost],
  ['Weekly audit rate', (p) => p.audits.rate],
  ['Agent autonomy', (p) => p.guardrails.autonomy],
  ['Price (USD per Mtok)', (p) => p.economics.pricePerMTokUSD],
  ['Employees', (p) => p.population.employees],
  ['Weeks', (p) => p.weeks],
];

/** Policies of every scenario side by side: a header row of names, then one row per setting. */
export function policyTable(run: RunData): string[][] {
  const scenarios = run.manifest.scenarios;
  const rows = POLICY_ROWS.map(([label, setting]) => [label, ...scenarios.map((s) => String(setting(s.parameters)))]);
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
  ['Gamers in the top token decile', 'topDecileGamingShare', (x) => pct(x)],
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

/**
 * A comparison's key metrics (weekly averages over the run), read from comparison.csv: A, B, the
 * paired difference with its 95% CI, the CI on independent seeds, and how much wider that one is.
 */
export function comparisonTable(run: RunData): string[][] {
  const c = run.comparison;
  if (!c) return [];
  const rows = METRIC_COLUMNS.map(([label, metric, fmt]) => {
    const r = c.rows.find((row) => row.metric === metric && row.statistic === 'weeklyMean')!;
    // A difference of shares is in percentage points, not percent.
    const diff = r.unit === 'share' ? (x: number) => `${(100 * x).toFixed(1)} pp` : fmt;
    const signed = (x: number) => (x > 0 ? `+${diff(x)}` : diff(x));
    return [
      label,
      fmt(r.meanA),
      fmt(r.meanB),
      signed(r.difference),
      `[${signed(r.ciLow)}, ${signed(r.ciHigh)}]`,
      `[${signed(r.independentCiLow)}, ${signed(r.independentCiHigh)}]`,
      r.ciWidthRatio === null ? '—' : `${r.ciWidthRatio.toFixed(1)}×`,
    ];
  });
  return [['Metric', `${c.a} (A)`, `${c.b} (B)`, 'B − A', '95% CI, paired', '95% CI, independent seeds', 'Width ratio'], ...rows];
}
