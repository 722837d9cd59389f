/**
 * One report of a study: a sweep and a sensitivity analysis read back from their folders (verified
 * against their manifests, parsed as hostile input) into one report.html; a single sweep folder's
 * report rebuilt in place; folders that are not sweeps, or were tampered with, refused.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli, PRESETS, removeTempDirs, tempDir } from '../cli/helpers.js';

afterAll(removeTempDirs);

const SMALL = ['--scenarios', PRESETS, '--employees', '60', '--weeks', '6', '--reps', '2', '--quiet'];

describe('report --from a sweep and a sensitivity analysis', async () => {
  const cwd = tempDir();
  const sweep = await cli(cwd, ['sweep', 'baseline', 'amazon-2026', 'audited', ...SMALL, '--best', 'netValuePerEmployeeUSD', '--where', 'adoptionRate >= 0', '--out', 'policies']);
  const sensitivity = await cli(cwd, ['sensitivity', 'amazon-2026', ...SMALL, '--vary', 'reviews.rewardValue=15:60', '--vary', 'traits.integrityMedian=0.15:0.6', '--trajectories', '3', '--resamples', '20', '--out', 'assumptions']);

  test('one report.html with both parts, the best point and the indices, and a manifest naming its sources', async () => {
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(sensitivity.status, sensitivity.stderr).toBe(0);
    const r = await cli(cwd, ['report', '--from', 'policies', '--from', 'assumptions', '--out', 'study']);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(join(cwd, 'study', 'report.html'), 'utf8');
    expect(html).toMatch(/A policy study/);
    expect(html).toMatch(/The best point/);
    expect(html).toMatch(/Which assumptions drive the answer \(Morris\)/);
    expect(html).toMatch(/reviews\.rewardValue \(μ\* /);
    const best = JSON.parse(readFileSync(join(cwd, 'policies', 'best.json'), 'utf8')) as { best: { scenario: string } };
    expect(html).toContain(`<strong>${best.best.scenario}</strong>`);
    const manifest = JSON.parse(readFileSync(join(cwd, 'study', 'manifest.json'), 'utf8')) as { sources: { folder: string; manifestSha256: string }[]; files: Record<string, unknown> };
    expect(manifest.sources.map((s) => s.folder)).toEqual(['policies', 'assumptions']);
    expect(Object.keys(manifest.files)).toContain('report.html');
    expect(Object.keys(manifest.files).some((f) => f.startsWith('charts/sensitivity-morris'))).toBe(true);
  });

  test('one sweep folder: its report rebuilt in place, its data untouched', async () => {
    const before = readFileSync(join(cwd, 'policies', 'sweep.csv'), 'utf8');
    const r = await cli(cwd, ['report', '--from', 'policies']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(cwd, 'policies', 'report.html'))).toBe(true);
    expect(readFileSync(join(cwd, 'policies', 'sweep.csv'), 'utf8')).toBe(before);
  });

  test('a run folder among sweeps, and a tampered summary, are refused with located problems', async () => {
    expect((await cli(cwd, ['run', 'baseline', ...SMALL, '--out', 'plain'])).status).toBe(0);
    const mixed = await cli(cwd, ['report', '--from', 'policies', '--from', 'plain']);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/plain is not a sweep or sensitivity folder/);
    const path = join(cwd, 'assumptions', 'sweep-summary.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/,weeklyMean,2,/, ',weeklyMean,two,'));
    const tampered = await cli(cwd, ['report', '--from', 'policies', '--from', 'assumptions', '--out', 'study2']);
    expect(tampered.status).toBe(2);
    expect(tampered.stderr).toMatch(/assumptions\/sweep-summary\.csv/);
    expect(existsSync(join(cwd, 'study2'))).toBe(false);
  });
});
