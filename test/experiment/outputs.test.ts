/**
 * Output texts: the files the CLI streams to disk are the bytes the library builds in memory, and the
 * manifest's table of files is rewritten canonically, keeping only the fields tokenmaxx writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { manifestWithFiles, RUN_DATA_FILES } from '../../src/experiment/outputs.js';
import { resolveRequest, runOutputs } from '../../src/experiment/pipeline.js';
import { runExperiment } from '../../src/experiment/run.js';
import { PRESETS, removeTempDirs, runCli, tempDir } from '../cli/helpers.js';

afterAll(removeTempDirs);

describe('streamed and in-memory outputs', () => {
  test('timeseries.csv, summary.json and distributions.json written by the CLI equal the library\'s texts, byte for byte', async () => {
    // Large enough that timeseries.csv is written in many chunks.
    const args = ['--employees', '100', '--weeks', '40', '--reps', '12', '--seed', 'same'];
    const cwd = tempDir();
    const res = await runCli(cwd, ['run', 'baseline', 'amazon-2026', '--scenarios', PRESETS, ...args, '--quiet', '--out', 'out']);
    expect(res.status, res.stderr).toBe(0);
    const { scenarios } = resolveRequest({ scenariosFile: PRESETS, names: ['baseline', 'amazon-2026'], sets: ['population.employees=100', 'weeks=40'] });
    const files = runOutputs(runExperiment({ scenarios, seed: 'same', replicates: 12 }), {
      toolVersion: 'x',
      nodeVersion: 'x',
      gitCommit: null,
      command: 'x',
      seed: 'same',
      replicates: 12,
    });
    expect(files['timeseries.csv'].length).toBeGreaterThan(1 << 17);
    for (const name of RUN_DATA_FILES) expect(readFileSync(join(cwd, 'out', name), 'utf8'), name).toBe(files[name]);
    const manifest = JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
    const library = JSON.parse(files['manifest.json']) as { files: Record<string, unknown> };
    expect(manifest.files).toEqual(library.files);
  });
});

describe('manifestWithFiles', () => {
  test('replaces the table of files, keeps only the fields tokenmaxx writes, sorts keys', () => {
    const text = JSON.stringify({ seed: 1, tool: 'tokenmaxx', injected: '<script>', files: { old: {} }, replicates: 2 });
    const files = { 'b.csv': { sha256: 'b'.repeat(64), bytes: 2 }, 'a.json': { sha256: 'a'.repeat(64), bytes: 1 } };
    const out = manifestWithFiles(text, files);
    expect(JSON.parse(out)).toEqual({ tool: 'tokenmaxx', seed: 1, replicates: 2, files });
    expect(out.indexOf('"replicates"')).toBeLessThan(out.indexOf('"seed"'));
    expect(out.endsWith('}\n')).toBe(true);
  });
});
