/**
 * The pipeline (src/experiment/pipeline.ts), stage by stage, in-process, on small scenarios: what
 * each stage makes, that the whole run equals its stages taken one by one, and that memory holds no
 * replicate once it is collected.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MemoryDestination, folderDestination } from '../../src/experiment/destination.js';
import { RUN_DATA_FILES } from '../../src/experiment/outputs.js';
import { chart, collect, load, report, resolve, resolveRequest, runOutputs, runPipeline, simulate, summarise, validate, type RunRequest } from '../../src/experiment/pipeline.js';
import { runExperiment } from '../../src/experiment/run.js';
import { InputError } from '../../src/scenarios/problems.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scenarioFile(scenarios: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-pipeline-'));
  dirs.push(dir);
  const path = join(dir, 'scenarios.json');
  writeFileSync(path, JSON.stringify({ scenarios }));
  return path;
}

const FILE = scenarioFile({
  base: { weeks: 6, population: { employees: 40 } },
  board: { extends: 'base', leaderboard: { visibility: 'org' }, schedule: [{ week: 3, leaderboard: { visibility: 'none' } }] },
});
const REQUEST: RunRequest = { scenariosFile: FILE, sets: ['mandate.pressure=0.5'] };
const PROVENANCE = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };
const OPTIONS = { seed: 'pipeline', replicates: 2, provenance: PROVENANCE };

describe('each stage', () => {
  test('1. load: the file checked, its scenarios and names', () => {
    const loaded = load(REQUEST);
    expect(loaded.checked.problems).toEqual([]);
    expect(loaded.checked.names).toEqual(['base', 'board']);
    expect(loaded.checked.file.source).toBe(FILE);
  });

  test('2. validate: --set arguments as typed patches', () => {
    const validated = validate(load(REQUEST));
    expect(validated.sets.problems).toEqual([]);
    expect(validated.sets.overrides).toEqual([{ source: '--set mandate.pressure=0.5', patch: { mandate: { pressure: 0.5 } } }]);
  });

  test('3. resolve: every scenario, every week, in name order', () => {
    const resolved = resolve(validate(load(REQUEST)));
    expect(resolved.problems).toEqual([]);
    expect(resolved.scenarios.map((s) => s.name)).toEqual(['base', 'board']);
    const board = resolved.scenarios[1];
    expect(board.weekly).toHaveLength(6);
    expect(board.weekly.map((w) => w.leaderboard.visibility)).toEqual(['org', 'org', 'org', 'none', 'none', 'none']);
    expect(board.weekly.every((w) => w.mandate.pressure === 0.5 && w.population.employees === 40)).toBe(true);
  });

  test('1–3 gather every problem of the file, the names and --set, without throwing', () => {
    const resolved = resolve(validate(load({ scenariosFile: FILE, names: ['nope'], sets: ['mandate.presure=1'] })));
    expect(resolved.scenarios).toEqual([]);
    expect(resolved.problems.map((p) => p.source)).toEqual(['--set mandate.presure=1', FILE]);
    expect(() => resolveRequest({ scenariosFile: FILE, names: ['nope'] })).toThrow(InputError);
  });

  test('4–5. simulate makes each replicate when collect asks for it; collect streams the rows', async () => {
    const resolved = resolve(validate(load(REQUEST)));
    const simulation = simulate(resolved, OPTIONS);
    expect(simulation.replicateSeeds).toHaveLength(2);
    const seen: string[] = [];
    // The replicates as collect takes them, noting each as it is made.
    async function* noted() {
      for await (const r of simulation.replicates) {
        seen.push(`${r.scenario.name}/${r.replicate}`);
        yield r;
      }
    }
    const lazy = { ...simulation, replicates: noted() };
    const chunks: string[] = [];
    const collected = await collect(lazy, (text) => {
      chunks.push(text);
      // Each replicate's rows arrive as soon as it is made, before the next is simulated.
      if (chunks.length > 1) expect(seen).toHaveLength(chunks.length - 1);
    });
    expect(seen).toEqual(['base/0', 'base/1', 'board/0', 'board/1']);
    expect(chunks).toHaveLength(1 + 4);
    expect(chunks.join('').split('\n').filter(Boolean)).toHaveLength(1 + 4 * 6);
    expect(collected.replicateSeeds).toEqual(simulation.replicateSeeds);
  });

  test('6. summarise: summary.json and distributions.json, and the summaries they hold', async () => {
    const collected = await collect(simulate(resolve(validate(load(REQUEST))), OPTIONS), () => {});
    const summarised = summarise(collected);
    expect(Object.keys(summarised.files)).toEqual(RUN_DATA_FILES.filter((f) => f !== 'timeseries.csv'));
    expect(Object.keys(summarised.summaries)).toEqual(['base', 'board']);
    expect(JSON.parse(summarised.files['summary.json']).scenarios).toEqual(summarised.summaries);
  });
});

describe('the whole run', () => {
  test('into memory: the files its stages make, and a manifest listing them', async () => {
    const destination = new MemoryDestination();
    const result = await runPipeline(REQUEST, OPTIONS, destination);
    expect(Object.keys(destination.files).sort()).toEqual([...RUN_DATA_FILES, 'manifest.json'].sort());
    // The same bytes as the stages taken one by one on results held in memory.
    const scenarios = result.resolved.scenarios;
    const byHand = runOutputs(runExperiment({ scenarios, seed: OPTIONS.seed, replicates: 2 }), { ...PROVENANCE, seed: OPTIONS.seed, replicates: 2 });
    for (const name of [...RUN_DATA_FILES, 'manifest.json'] as const) expect(destination.files[name], name).toBe(byHand[name]);
    expect(result.charted).toBeUndefined();
  });

  test('refuses before any work, naming the caller\'s problems first, then the input\'s', async () => {
    const destination = new MemoryDestination();
    const own = { source: '--reps', path: [], message: 'bad' };
    const error = await runPipeline({ scenariosFile: FILE, sets: ['weeks=0'] }, { ...OPTIONS, problems: [own] }, destination).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.source)).toEqual(['--reps', '--set weeks=0']);
    expect(destination.files).toEqual({});
  });

  test('7–8. chart and report: one spec per chart, the report built from the run read back', async () => {
    const destination = new MemoryDestination();
    const result = await runPipeline(REQUEST, { ...OPTIONS, report: true }, destination);
    const charted = result.charted!;
    expect(charted.run.scenarios).toEqual(['base', 'board']);
    for (const { name, spec } of charted.charts) expect(destination.files[`charts/${name}.vl.json`]).toBe(`${JSON.stringify(spec, null, 2)}\n`);
    expect(Object.keys(result.reported!.files)).toContain('report.html');
    const manifest = JSON.parse(destination.files['manifest.json'] as string);
    expect(Object.keys(manifest.files)).toContain('report.html');
    // Stages 7 and 8 called on their own give the same report.
    const again = await report(await chart(charted.run));
    expect(again.files['report.html']).toBe(destination.files['report.html']);
  }, 60_000);

  test('into a folder: the output set committed with the same bytes as in memory', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tokenmaxx-pipeline-out-')), 'run');
    dirs.push(out, join(out, '..'));
    const memory = new MemoryDestination();
    await runPipeline(REQUEST, OPTIONS, memory);
    const result = await runPipeline(REQUEST, OPTIONS, folderDestination(out, '--out'));
    expect(result.written.names.sort()).toEqual([...RUN_DATA_FILES, 'manifest.json'].sort());
    for (const name of result.written.names) expect(readFileSync(join(out, name), 'utf8'), name).toBe(memory.files[name]);
  });
});
