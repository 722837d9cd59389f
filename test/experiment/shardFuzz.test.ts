/**
 * Shard folders are untrusted input (they are copied between machines and shared): a shard whose
 * files were changed and whose manifest was made to match, so that every sha256 checks, is still
 * either read as the shard it is or refused with a located problem, never a crash; and a merge of
 * it writes nothing unless it is a whole, consistent study.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readShards } from '../../src/experiment/shard.js';
import { toolVersion } from '../../src/paths.js';
import { InputError } from '../../src/scenarios/problems.js';
import { cli, expectSuccess, PRESETS, removeTempDirs, sha256Text, tempDir } from '../cli/helpers.js';

afterAll(removeTempDirs);

const SWEEP = ['sweep', 'amazon-2026', '--scenarios', PRESETS, '--employees', '100', '--weeks', '6', '--workers', '1', '--quiet', '--reps', '2', '--vary', 'reviews.managerLeak=0,0.5'];

let source = '';
beforeAll(async () => {
  source = tempDir();
  for (const i of [0, 1]) expectSuccess(await cli(source, [...SWEEP, '--shard', `${i}/2`, '--out', `shards/${i}`]));
}, 60_000);

/** Writes `files` into a copy of shard 1 and makes its manifest match them. */
function forged(files: Record<string, string | Buffer>): string {
  const dir = join(tempDir(), 'forged');
  cpSync(join(source, 'shards', '1'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number; sha256: string }> };
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(join(dir, name), data);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    manifest.files[name] = { bytes: bytes.length, sha256: sha256Text(bytes as unknown as string) };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** A JSON value that is wrong in some way: of another type, out of range, huge. */
const oddValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.constant(2 ** 40), fc.constant(-1), fc.constant(1.5), fc.string(), fc.constant([]), fc.constant({}), fc.constant(['run', 'x']));

describe('a forged shard', () => {
  test('any field of shard.json set to an odd value: read or refused with a problem, never a crash', () => {
    const record = JSON.parse(readFileSync(join(source, 'shards', '1', 'shard.json'), 'utf8')) as Record<string, unknown>;
    const paths = [['format'], ['version'], ['experimentId'], ['shard', 'index'], ['shard', 'count'], ['runs', 'study'], ['runs', 'held'], ['runs', 'width'], ['argv'], ['inputs'], ['toolVersion'], ['extra']];
    fc.assert(
      fc.property(fc.constantFrom(...paths), oddValue, (path, value) => {
        const copy = structuredClone(record) as Record<string, Record<string, unknown>>;
        if (path.length === 1) (copy as Record<string, unknown>)[path[0]] = value;
        else copy[path[0]] = { ...copy[path[0]], [path[1]]: value };
        const dir = forged({ 'shard.json': JSON.stringify(copy) });
        try {
          readShards([join(source, 'shards', '0'), dir], toolVersion());
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as InputError).problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  test('shard.json not JSON, and runs.bin cut or grown: refused, naming the file', () => {
    for (const [files, file] of [
      [{ 'shard.json': '{"format": "tokenmaxx-shard", ' }, 'shard.json'],
      [{ 'runs.bin': readFileSync(join(source, 'shards', '1', 'runs.bin')).subarray(0, 100) }, 'runs.bin'],
      [{ 'runs.bin': Buffer.concat([readFileSync(join(source, 'shards', '1', 'runs.bin')), Buffer.alloc(8)]) }, 'runs.bin'],
    ] as const) {
      const dir = forged(files);
      expect(() => readShards([join(source, 'shards', '0'), dir], toolVersion())).toThrow(InputError);
      try {
        readShards([join(source, 'shards', '0'), dir], toolVersion());
      } catch (e) {
        expect((e as InputError).problems.map((p) => p.source)).toContain(join(dir, file));
      }
    }
  });

  test('a command line that is not a study\'s is refused: merge runs only sweep, sensitivity or calibrate', () => {
    const record = JSON.parse(readFileSync(join(source, 'shards', '1', 'shard.json'), 'utf8')) as Record<string, unknown>;
    const dir = forged({ 'shard.json': JSON.stringify({ ...record, argv: ['report', '--from', 'x', '--out', 'y'] }) });
    expect(() => readShards([join(source, 'shards', '0'), dir], toolVersion())).toThrow(/must be the command line of a sweep, sensitivity or calibrate/);
  });
});
