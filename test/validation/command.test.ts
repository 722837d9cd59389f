/**
 * `npm run validate-model` at a CI-sized scale (400 employees × 2 replicates), through the same
 * function the script calls: the table, the exit code, and the files of --out.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateModelCommand } from '../../src/validation/command.js';
import { Claims } from '../../src/validation/claims.js';
import { FACTS, type Fact } from '../../src/validation/facts.js';
import { shipped } from '../../src/validation/scenarios.js';

const TINY = ['--employees', '400', '--reps', '2', '--workers', '1'];

async function command(args: string[], facts?: readonly Fact[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await validateModelCommand(args, { out: (t) => (out += t), err: (t) => (err += t) }, facts);
  return { code, out, err };
}

/** A fact on the baseline preset that holds, or (`holds` false) one whose bound no run can keep. */
const adoptionFact = (id: string, holds: boolean): Fact => ({
  id,
  title: holds ? 'adoption is a share' : 'adoption above one',
  scenarios: { baseline: shipped('baseline') },
  check: (s) => new Claims().claim('adoption week 0', s.mean('baseline', 'adoptionRate', 0), holds ? '≤' : '>', 1).result(),
});

describe('validate-model', () => {
  it('prints every fact with its claims, and exits 0 exactly when every fact holds', async () => {
    const { code, out } = await command(TINY);
    expect(out).toContain('400 employees × 52 weeks × 2 replicates');
    for (const fact of FACTS) expect(out).toMatch(new RegExp(`^${fact.id} +(pass|FAIL) +${fact.title.slice(0, 20)}`, 'm'));
    const failing = [...out.matchAll(/^(\S+) +FAIL /gm)].map((m) => m[1]);
    expect(code).toBe(failing.length === 0 ? 0 : 1);
    expect(out).toMatch(failing.length === 0 ? /all 9 facts hold/ : new RegExp(`${failing.length} of 9 facts fail: ${failing.join(', ')}`));
  });

  it('exits 1 when a fact fails, and marks its failing claim', async () => {
    expect((await command(TINY, [adoptionFact('A', true)])).code).toBe(0);
    const { code, out } = await command(TINY, [adoptionFact('A', true), adoptionFact('B', false)]);
    expect(code).toBe(1);
    expect(out).toMatch(/^A +pass +adoption is a share/m);
    expect(out).toMatch(/^B +FAIL +adoption above one/m);
    expect(out).toMatch(/adoption week 0 +[\d.]+ +> 1 +<- FAIL/);
    expect(out).toContain('1 of 2 facts fail: B');
  });

  it('with --out, writes results.json, results.csv and manifest.json there, and nothing beside', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tokenmaxx-validate-'));
    const dir = join(parent, 'results');
    const { code } = await command([...TINY, '--out', dir], [adoptionFact('A', true), adoptionFact('B', false)]);
    expect(code).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { pass: boolean; results: { id: string; pass: boolean; measured: Record<string, number> }[] };
    expect(json.pass).toBe(false);
    expect(json.results.map((r) => [r.id, r.pass])).toEqual([['A', true], ['B', false]]);
    expect(Object.keys(json.results[0].measured)).toEqual(['adoption week 0']);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('fact,title,factPass,measure,value,expected,pass');
    expect(csv).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ tool: 'tokenmaxx', seed: 'stylized', replicates: 2 });
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'results.csv', 'results.json']);
    expect(readdirSync(parent)).toEqual(['results']);
  });

  it('refuses unusable arguments with exit code 2, before simulating anything', async () => {
    for (const args of [['--reps', '0'], ['--employees', 'many'], ['--workers', '1.5'], ['--unknown']]) {
      const { code, out, err } = await command(args);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain('usage: validate-model');
    }
  });
});
