/**
 * Runs with posterior draws (src/experiment/draws.ts through the pipeline): which parameters each
 * replicate ran, what the manifest records, that the files are the same bytes for any number of
 * workers and on every run, that a run without a posterior is the same bytes as the golden snapshot
 * pins, and that every problem of a posterior is named at once.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MemoryDestination } from '../../src/experiment/destination.js';
import { checkPosteriorDraws, drawnWeekly } from '../../src/experiment/draws.js';
import { draw, load, resolve, runPipeline, validate, type RunRequest } from '../../src/experiment/pipeline.js';
import { InputError, formatProblem } from '../../src/scenarios/problems.js';

const FIXTURE = new URL('../fixtures/posterior-small.json', import.meta.url).pathname;
const PRESETS = new URL('../../scenarios.json', import.meta.url).pathname;
const GOLDEN = new URL('./__snapshots__/golden.test.ts.snap', import.meta.url).pathname;
const PROVENANCE = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-draws-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const SMALL: RunRequest = { scenariosFile: PRESETS, names: ['mandate-only', 'amazon-2026'], sets: ['weeks=8', 'population.employees=40'], posterior: { file: FIXTURE, draws: 3 } };

describe('what each replicate runs', () => {
  test('replicate k of every scenario runs draw ⌊k / R⌋; --set still pins a calibrated parameter', () => {
    const request = { ...SMALL, sets: [...SMALL.sets!, 'traits.careerConcernMedian=0.42'] };
    const validated = validate(load(request));
    const resolved = draw(validated, resolve(validated), { seed: 7, replicates: 2 });
    expect(resolved.problems).toEqual([]);
    const { draws, weeklyOf } = resolved.posterior!;
    const weekly = weeklyOf();
    for (let s = 0; s < 2; s++) {
      for (let k = 0; k < 6; k++) {
        const week = weekly(s, k)[0];
        expect(week.traits.integrityMedian).toBe(draws.values[Math.floor(k / 2)]['traits.integrityMedian']);
        expect(week.productivity.maxGain).toBe(draws.values[Math.floor(k / 2)]['productivity.maxGain']);
        expect(week.traits.careerConcernMedian).toBe(0.42);
      }
    }
    // The replicates of a draw share one array of weekly parameters (sent to a worker once).
    expect(weekly(1, 4)).toBe(weekly(1, 5));
  });

  test('the draws are the seed\'s: the same seed gives the same draws, in particle order', () => {
    const a = checkPosteriorDraws({ file: FIXTURE, draws: 5 }, 'x', 2).draws!;
    expect(checkPosteriorDraws({ file: FIXTURE, draws: 5 }, 'x', 2).draws!.values).toEqual(a.values);
    expect(a.particles).toEqual([...a.particles].sort((p, q) => p - q));
    expect(a.sha256).toBe(sha256(readFileSync(FIXTURE)));
  });

  test('a draw resolved for the same scenario twice gives the same weekly parameters', () => {
    const validated = validate(load(SMALL));
    const resolved = resolve(validated);
    const draws = checkPosteriorDraws({ file: FIXTURE, draws: 3 }, 1, 2).draws!;
    const one = drawnWeekly(validated.checked.file, resolved.scenarios, [], draws);
    const two = drawnWeekly(validated.checked.file, resolved.scenarios, [], draws);
    expect(one(0, 3)).toEqual(two(0, 3));
  });
});

describe('the files of a run with draws', () => {
  const run = async (workers: number) => {
    const destination = new MemoryDestination();
    await runPipeline(SMALL, { seed: 'draws', replicates: 2, workers, report: true, provenance: PROVENANCE }, destination);
    return destination.files;
  };

  test('the manifest records the posterior file, K and every draw\'s values; K × R replicates per scenario', async () => {
    const files = await run(1);
    const manifest = JSON.parse(String(files['manifest.json']));
    expect(manifest.replicates).toBe(6);
    expect(manifest.replicateSeeds).toHaveLength(6);
    expect(manifest.posterior).toMatchObject({ file: FIXTURE, sha256: sha256(readFileSync(FIXTURE)), draws: 3, replicatesPerDraw: 2 });
    expect(manifest.posterior.values).toHaveLength(3);
    expect(Object.keys(manifest.posterior.values[0])).toEqual(['productivity.maxGain', 'traits.careerConcernMedian', 'traits.integrityMedian']);
    const summary = JSON.parse(String(files['summary.json']));
    expect(Object.keys(summary)).toEqual(['scenarios', 'headline']);
    expect(summary.headline).toMatchObject({ reference: 'mandate-only', draws: 3, replicatesPerDraw: 2 });
    expect(summary.headline.scenarios['amazon-2026'].netValueGap.yearOne.posteriorInterval).toHaveLength(2);
    const report = String(files['report.html']);
    expect(report).toContain('<h2 id="intervals">The answers as intervals</h2>');
    expect(report).toContain('2 scenarios × 3 posterior draws × 2 replicates');
  }, 60_000);

  test('the same bytes, every file, with 1 and 2 workers and on a second run', async () => {
    const [one, two, again] = [await run(1), await run(2), await run(1)];
    const hashes = (files: Awaited<ReturnType<typeof run>>) => Object.fromEntries(Object.entries(files).map(([name, data]) => [name, sha256(data)]));
    expect(hashes(two)).toEqual(hashes(one));
    expect(hashes(again)).toEqual(hashes(one));
  }, 120_000);
});

describe('without a posterior, nothing changes', () => {
  /** The golden snapshot's pinned hashes, by preset. */
  const golden = (): Record<string, Record<string, string>> => {
    const text = readFileSync(GOLDEN, 'utf8');
    const out: Record<string, Record<string, string>> = {};
    for (const m of text.matchAll(/exports\[`every preset, pinned > (.+?) 1`\] = `\n\{\n([\s\S]*?)\}\n`;/g)) {
      out[m[1]] = Object.fromEntries([...m[2].matchAll(/"([^"]+)": "([0-9a-f]{64})"/g)].map((h) => [h[1], h[2]]));
    }
    return out;
  };

  test.each(['amazon-2026', 'mandate-only', 'baseline'])('run %s through the pipeline: the golden snapshot\'s bytes, and no headline', async (name) => {
    const destination = new MemoryDestination();
    const { summarised } = await runPipeline(
      { scenariosFile: PRESETS, names: [name], sets: ['population.employees=300', 'weeks=30'] },
      { seed: 'golden', replicates: 2, provenance: PROVENANCE },
      destination,
    );
    const files = destination.files;
    expect(golden()[name]).toEqual({ 'distributions.json': sha256(files['distributions.json']), 'summary.json': sha256(files['summary.json']), 'timeseries.csv': sha256(files['timeseries.csv']) });
    expect(summarised.headline).toBeUndefined();
    expect(JSON.parse(String(files['manifest.json']))).not.toHaveProperty('posterior');
  }, 60_000);
});

describe('every problem at once', () => {
  const problemsOf = async (request: RunRequest, replicates = 2): Promise<string[]> => {
    try {
      await runPipeline(request, { seed: 1, replicates, provenance: PROVENANCE });
    } catch (e) {
      if (e instanceof InputError) return e.problems.map(formatProblem);
      throw e;
    }
    throw new Error('expected a refusal');
  };

  test('a missing posterior file, with a bad --set', async () => {
    expect(await problemsOf({ ...SMALL, sets: ['mandate.presure=1'], posterior: { file: '/nonexistent/posterior.json', draws: 3 } })).toEqual([
      expect.stringMatching(/^--set mandate\.presure=1: .*unknown key "presure"/),
      expect.stringMatching(/^\/nonexistent\/posterior\.json: cannot be read: /),
    ]);
  });

  test('a malformed posterior: every problem located in the file', async () => {
    const bad = file('posterior.json', JSON.stringify({ ...JSON.parse(readFileSync(FIXTURE, 'utf8')), version: 2, method: 'magic' }, null, 2));
    const lines = await problemsOf({ ...SMALL, posterior: { file: bad, draws: 3 } });
    expect(lines).toEqual([expect.stringMatching(/posterior\.json:3:3: \$\.version: 2 is not allowed; expected 1/), expect.stringMatching(/posterior\.json:5:3: \$\.method: "magic" is not allowed; expected one of "smc", "rejection"$/)]);
  });

  test('calibrated paths a scenario cannot set, weeks, a drawn value the schema refuses, and too many replicates', async () => {
    const posterior = {
      format: 'tokenmaxx-posterior',
      version: 1,
      seed: 1,
      method: 'rejection',
      prior: [
        { path: 'traits.nope', lo: 0, hi: 1, scale: 'linear' },
        { path: 'mandate', lo: 0, hi: 1, scale: 'linear' },
        { path: 'weeks', lo: 1, hi: 10, scale: 'linear' },
        { path: 'productivity.maxGain', lo: 0, hi: 9, scale: 'linear' },
      ],
      targets: [{ name: 't', observed: 1, scale: 1 }],
      generations: [{ tolerance: 1, acceptance: 1, proposed: 1 }],
      particles: [{ values: { 'traits.nope': 0.5, mandate: 0.5, weeks: 5, 'productivity.maxGain': 8 }, weight: 1, distance: 0 }],
    };
    const bad = file('posterior.json', JSON.stringify(posterior, null, 2));
    const lines = await problemsOf({ ...SMALL, posterior: { file: bad, draws: 50_001 } });
    expect(lines).toEqual([
      expect.stringMatching(/^--draws: --draws 50001 × --reps 2 is 100,002 replicates per scenario; expected at most 100,000/),
      expect.stringMatching(/posterior\.json:\d+:\d+: \$\.prior\[0\]\.path: .*unknown key "nope"/),
      expect.stringMatching(/posterior\.json:\d+:\d+: \$\.prior\[1\]\.path: "mandate" is a section, not a parameter/),
      expect.stringMatching(/posterior\.json:\d+:\d+: \$\.prior\[2\]\.path: sets weeks, the length of the run/),
      expect.stringMatching(/posterior\.json:52:9: \$\.particles\[0\]\.values\["productivity\.maxGain"\]: 8 is not allowed; expected a number in \[0, 5\]/),
    ]);
  });
});
