/**
 * The shards of one study read back for a merge: each folder verified against its manifest and read
 * as untrusted input, the set checked to be one study's shards 0 to n − 1, each once, made by this
 * version from unchanged inputs; then their runs served in run order, a chunk of a shard's runs.bin
 * at a time (shard.ts has the layout).
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { messages } from '../messages.js';
import { sidePaths } from '../output/target.js';
import { verifyRun } from '../output/verify.js';
import { InputError, sortProblems, type Problem } from '../scenarios/problems.js';
import { finishedKind } from './destination.js';
import { sha256 } from './outputs.js';
import { ShardRecord, shardRuns } from './shard.js';
import type { RunSource } from './sweep.js';

/** Bytes of a shard's runs.bin a merge reads at a time. */
const CHUNK_BYTES = 64 * 1024;

/** The shards of one study, checked complete and consistent, as the source of every run of a merge. */
export interface ShardSet extends RunSource {
  /** Shard 0's record: for a calibration's round, which round. */
  record: ShardRecord;
  /** Shard 0's command line: the study's, with its --shard and --out. */
  argv: readonly string[];
  count: number;
  /** Closes the shards' files. */
  close(): void;
}

/**
 * Reads the shard folders `dirs` (named by `flag` in problems) for a merge: each verified against its
 * manifest and read as hostile input, and all of them together one study's shards 0 to n − 1, each
 * once, made by this tool version from inputs that are unchanged. Throws InputError naming every
 * problem (a missing, duplicate, overlapping or mismatched shard names the folders concerned).
 */
export function readShards(dirs: readonly string[], toolVersion: string, flag = 'merge'): ShardSet {
  const problems: Problem[] = [];
  const at = (dir: string, message: string) => problems.push({ source: dir, path: [], message });
  const shards: { dir: string; record: ShardRecord }[] = [];
  const real = new Map<string, string>();
  for (const dir of dirs) {
    const key = existsSync(dir) ? realpathSync(dir) : resolve(dir);
    if (real.has(key)) {
      at(dir, messages.shardFolderTwice(real.get(key)!));
      continue;
    }
    real.set(key, dir);
    try {
      if (finishedKind(dir)?.kind !== 'shard') {
        const checkpoint = sidePaths(resolve(dir)).checkpoint;
        at(dir, existsSync(checkpoint) ? messages.shardUnfinished() : messages.notAShard());
        continue;
      }
      verifyRun(dir, dir, ['runs.bin', 'shard.json']);
      const parsed = ShardRecord.safeParse(jsonOrUndefined(readFileSync(join(dir, 'shard.json'), 'utf8')));
      if (!parsed.success) {
        at(join(dir, 'shard.json'), messages.shardRecordBad(parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')));
        continue;
      }
      const record = parsed.data;
      const expected = record.shard.index < record.shard.count ? shardRuns(record.shard, record.runs.study) : -1;
      const size = statSync(join(dir, 'runs.bin')).size;
      if (expected !== record.runs.held || size !== record.runs.held * (4 + 8 * record.runs.width)) at(join(dir, 'runs.bin'), messages.shardRunsBad(record.runs.held, size));
      else shards.push({ dir, record });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.problems);
    }
  }
  // A missing shard is named only when every folder given was read: an unreadable one may be it.
  if (shards.length > 0) problems.push(...setProblems(shards, toolVersion, problems.length === 0));
  if (problems.length > 0 || shards.length === 0) {
    if (dirs.length === 0) problems.push({ source: flag, path: [], message: messages.mergeNothing() });
    throw new InputError(sortProblems(problems));
  }
  shards.sort((a, b) => a.record.shard.index - b.record.shard.index);
  const { count, experimentId, width } = { ...shards[0].record.shard, ...shards[0].record, ...shards[0].record.runs };
  const bytes = 4 + 8 * width;
  // Each shard's records are read a chunk at a time, the file opened and closed for each chunk: a
  // merge of thousands of shards holds no file open (the usual limit is 1,024 to 4,096), and its
  // memory is a chunk per shard.
  const per = Math.max(1, Math.floor(CHUNK_BYTES / bytes));
  const chunks = shards.map(() => ({ first: 0, records: 0, data: Buffer.alloc(0) }));
  return {
    experiment: experimentId,
    record: shards[0].record,
    argv: shards[0].record.argv,
    count,
    take: (index) => {
      const s = index % count;
      const k = Math.floor(index / count);
      const chunk = chunks[s];
      if (k < chunk.first || k >= chunk.first + chunk.records) {
        const data = Buffer.alloc(per * bytes);
        const fd = openSync(join(shards[s].dir, 'runs.bin'), 'r');
        try {
          const n = readSync(fd, data, 0, data.length, k * bytes);
          Object.assign(chunk, { first: k, records: Math.floor(n / bytes), data });
        } finally {
          closeSync(fd);
        }
      }
      const at = (k - chunk.first) * bytes;
      if (k >= chunk.first + chunk.records || chunk.data.readUInt32LE(at) !== index) {
        throw new InputError([{ source: join(shards[s].dir, 'runs.bin'), path: [], message: messages.shardRunMissing(index) }]);
      }
      return Float64Array.from({ length: width }, (_, v) => chunk.data.readDoubleLE(at + 4 + 8 * v));
    },
    close: () => chunks.forEach((c) => Object.assign(c, { records: 0, data: Buffer.alloc(0) })),
  };
}

/** A file's JSON, or undefined when it is not JSON (then refused by the schema it is checked against). */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Problems of a set of shards, each verified alone: one study, one count, each shard once, none missing, inputs unchanged. */
function setProblems(shards: readonly { dir: string; record: ShardRecord }[], toolVersion: string, allRead: boolean): Problem[] {
  const problems: Problem[] = [];
  const first = shards[0];
  const at = (dir: string, message: string) => problems.push({ source: dir, path: [], message });
  const ok: { dir: string; record: ShardRecord }[] = [];
  for (const s of shards) {
    const r = s.record;
    if (r.toolVersion !== toolVersion) at(s.dir, messages.shardOtherVersion(r.toolVersion, toolVersion));
    else if (r.experimentId !== first.record.experimentId) at(s.dir, messages.shardOtherExperiment(first.dir, inputChanges(s.record, first.record)));
    else if (r.shard.count !== first.record.shard.count) at(s.dir, messages.shardOtherCount(r.shard, first.dir, first.record.shard.count));
    else if (r.shard.index >= r.shard.count) at(s.dir, messages.shardIndex(r.shard.index, r.shard.count));
    else ok.push(s);
  }
  const byIndex = new Map<number, string>();
  for (const s of ok) {
    const other = byIndex.get(s.record.shard.index);
    if (other !== undefined) at(s.dir, messages.shardDuplicate(s.record.shard, other));
    else byIndex.set(s.record.shard.index, s.dir);
  }
  const count = first.record.shard.count;
  if (problems.length === 0) {
    const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
    if (missing.length > 0 && allRead) problems.push({ source: 'merge', path: [], message: messages.shardsMissing(missing, count, shards.length) });
    for (const input of first.record.inputs) {
      const now = existsSync(input.path) ? sha256(readFileSync(input.path)) : undefined;
      if (now !== input.sha256) problems.push({ source: input.path, path: [], message: messages.shardInputChanged(input.path, now === undefined) });
    }
  }
  return problems;
}

/** Which inputs two shards' records name differently: a hint for why their studies differ. */
function inputChanges(a: ShardRecord, b: ShardRecord): string[] {
  const hashes = new Map(b.inputs.map((i) => [i.path, i.sha256]));
  return a.inputs.filter((i) => hashes.get(i.path) !== i.sha256).map((i) => i.path);
}
