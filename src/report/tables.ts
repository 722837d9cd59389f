/** The report's tables, as rows of plain text cells (escaped when the HTML is assembled). */
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

/** Key metrics with 95% CIs (weekly averages over the run), one row per scenario. */
export function metricsTable(run: RunData): string[][] {
  const cols: [string, (n: string) => [number, number, number], (x: number) => string][] = [
    ['Adoption', (n) => est(run, n, 'adoptionRate'), pct],
    ['Gaming share', (n) => add(est(run, n, 'sharePadding'), est(run, n, 'shareMaxxing')), pct],
    ['Waste share', (n) => est(run, n, 'wasteShare'), pct],
    ['Spend (USD/employee-week)', (n) => perEmployee(run, n, 'computeSpendUSD'), (x) => x.toFixed(2)],
    ['Output gain', (n) => est(run, n, 'outputGain'), pct],
    ['Output per Mtok', (n) => est(run, n, 'outputPerMTok'), (x) => x.toFixed(4)],
    ['Mean belief', (n) => est(run, n, 'meanBelief'), (x) => x.toFixed(2)],
    ['Incidents per week', (n) => est(run, n, 'incidents'), (x) => x.toFixed(0)],
    ['Net value (USD/employee-week)', (n) => perEmployee(run, n, 'netValueUSD'), (x) => x.toFixed(0)],
  ];
  return [
    ['Scenario', ...cols.map((c) => c[0])],
    ...run.scenarios.map((n) => [n, ...cols.map(([, f, fmt]) => { const [m, lo, hi] = f(n); return `${fmt(m)} [${fmt(lo)}, ${fmt(hi)}]`; })]),
  ];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function est(run: RunData, scenario: string, metric: keyof RunData['summary'][string]): [number, number, number] {
  const e = run.summary[scenario][metric].weeklyMean;
  return [e.mean, e.ci95[0], e.ci95[1]];
}

function add(a: [number, number, number], b: [number, number, number]): [number, number, number] {
  // A conservative interval for a sum: the sum of the bounds.
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

function perEmployee(run: RunData, scenario: string, metric: 'computeSpendUSD' | 'netValueUSD'): [number, number, number] {
  const n = run.summary[scenario].employees.weeklyMean.mean;
  return est(run, scenario, metric).map((x) => x / n) as [number, number, number];
}
