/**
 * The package as a user gets it: `npm pack`ed, installed from the tarball into an empty folder, and
 * used from plain ESM, from type-checked TypeScript and through its bin.
 *
 * The install is a real `npm install` of the tarball, offline: npm takes tokenmaxx's dependencies
 * (and the consumer's @types/node) from its own cache, which the repository's `npm ci` filled, and
 * never asks the registry. Nothing of the repository's node_modules is copied or linked; only the
 * repository's tsc is borrowed to type-check the consumer's files. The tarball is packed from dist/,
 * built by `npm test` before the tests run, with `--ignore-scripts` so that `prepare` does not
 * rebuild dist/ under other tests.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

/** Everything an installed tokenmaxx may hold: the compiled library and CLI, its presets and schema, and the package's own files. */
const ALLOWED = [/^dist\/src\/.+\.(js|d\.ts)$/, /^dist\/explorer\/(page|worker)\.js$/, /^(package\.json|README\.md|LICENSE|scenarios\.json|scenarios\.schema\.json)$/];
/** What it must hold: the entry points, the worker the thread pool starts, the report's explorer bundles, the presets it reads. */
const REQUIRED = ['package.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/src/experiment/worker.js', 'dist/explorer/page.js', 'dist/explorer/worker.js', 'scenarios.json'];

/** A tiny run in memory, its numbers printed; `SPECIFIER` is where tokenmaxx is imported from. */
const RUN_SCRIPT = `import { createHash } from 'node:crypto';
import { runPipeline, presetsPath, toolVersion, METRICS } from 'SPECIFIER';

const result = await runPipeline(
  { scenariosFile: presetsPath(), names: ['amazon-2026'], sets: ['population.employees=40', 'weeks=8'] },
  { seed: 7, replicates: 2, provenance: { toolVersion: toolVersion(), nodeVersion: 'any', gitCommit: null, command: 'pack test' } },
);
const summary = result.summarised.files['summary.json'];
const net = result.summarised.summaries['amazon-2026'].netValuePerEmployeeUSD.weeklyMean.mean;
console.log(METRICS.length, net, createHash('sha256').update(summary).digest('hex'));
`;

/** Types and functions across the surface, used as a notebook would. */
const TYPED = `import {
  runPipeline, presetsPath, toolVersion, METRICS, comparePipeline, sweepPipeline, sensitivityPipeline, calibratePipeline,
  loadPosterior, posteriorSummary, runHeadline, chartsFor, toVega, toSvg, buildReport, validateModel, scenarioJsonSchema,
  plausibleRanges, defaultParameters, simulateReplicate, resolveScenario, loadScenarioFile, MemoryDestination,
  type RunRequest, type RunOptions, type PipelineResult, type MetricName, type Parameters, type RunData, type Posterior,
} from 'tokenmaxx';

const request: RunRequest = { scenariosFile: presetsPath(), names: ['amazon-2026'], sets: ['weeks=8'] };
const options: RunOptions = { seed: 1, replicates: 2, provenance: { toolVersion: toolVersion(), nodeVersion: process.version, gitCommit: null, command: 'typed' } };
export const result: Promise<PipelineResult> = runPipeline(request, options, new MemoryDestination());
export const metric: MetricName = METRICS[0].name;
export const defaults: Parameters = defaultParameters();
export const weekly = resolveScenario(loadScenarioFile(presetsPath()), 'amazon-2026').weekly;
export const final: number = simulateReplicate(weekly, 'seed').weeks;
export const svg = async (run: RunData): Promise<string[]> => Promise.all(chartsFor(run).map((c) => toSvg(toVega(c.build(run)))));
export const spread = (p: Posterior) => posteriorSummary(p);
export const used = [comparePipeline, sweepPipeline, sensitivityPipeline, calibratePipeline, loadPosterior, runHeadline, buildReport, validateModel, scenarioJsonSchema, plausibleRanges];
`;

/** A call the types must refuse: a scenario file is a path, and the options need a seed. */
const WRONG = `import { runPipeline } from 'tokenmaxx';
export const result = runPipeline({ scenariosFile: 42 }, { replicates: 2 });
`;

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

function ok(r: SpawnSyncReturns<string>): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('the package, packed and installed', { timeout: 120_000 }, () => {
  let work: string;
  let app: string;
  let packed: string[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'pack-'));
    const [info] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repo, encoding: 'utf8' })) as {
      filename: string;
      files: { path: string }[];
    }[];
    packed = info.files.map((f) => f.path);
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'app', private: true, type: 'module' })}\n`);
    ok(run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, info.filename), `@types/node@${pkg.devDependencies['@types/node']}`], app));
  }, 120_000);

  it('holds only what an installed package needs', () => {
    expect(packed.filter((p) => !ALLOWED.some((a) => a.test(p)))).toEqual([]);
    for (const p of REQUIRED) expect(packed).toContain(p);
  });

  it('runs from plain ESM, giving the bytes the repository gives', () => {
    writeFileSync(join(app, 'installed.mjs'), RUN_SCRIPT.replace('SPECIFIER', 'tokenmaxx'));
    writeFileSync(join(app, 'repository.mjs'), RUN_SCRIPT.replace('SPECIFIER', pathToFileURL(join(repo, 'dist', 'src', 'index.js')).href));
    const installed = ok(run(process.execPath, ['installed.mjs'], app));
    expect(installed).toMatch(/^\d+ -?\d[\d.e+-]* [0-9a-f]{64}\n$/);
    expect(installed).toBe(ok(run(process.execPath, ['repository.mjs'], app)));
  });

  it('type-checks a TypeScript consumer, and refuses a wrong call', () => {
    const config = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: ['node'] } };
    writeFileSync(join(app, 'typed.ts'), TYPED);
    writeFileSync(join(app, 'wrong.ts'), WRONG);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ ...config, files: ['typed.ts'] }));
    writeFileSync(join(app, 'tsconfig.wrong.json'), JSON.stringify({ ...config, files: ['wrong.ts'] }));
    ok(run(process.execPath, [tsc, '-p', 'tsconfig.json'], app));
    const wrong = run(process.execPath, [tsc, '-p', 'tsconfig.wrong.json'], app);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS\d+/);
  });

  it('runs its bin', () => {
    expect(ok(run(process.execPath, [join('node_modules', '.bin', 'tokenmaxx'), '--version'], app))).toBe(`${pkg.version}\n`);
    expect(ok(run('npx', ['--no-install', 'tokenmaxx', '--help'], app))).toContain('tokenmaxx <command>');
  });

  it('writes a report with its explorer from the installed package', () => {
    ok(run(process.execPath, [join('node_modules', '.bin', 'tokenmaxx'), 'run', 'amazon-2026', '--employees', '40', '--weeks', '8', '--reps', '1', '--report', '--out', 'out', '--quiet'], app));
    const html = readFileSync(join(app, 'out', 'report.html'), 'utf8');
    expect(html).toContain('id="explorer-engine"');
    expect(html).not.toContain('The explorer is not available');
  });
});
