/**
 * A calibration across machines, in rounds. A sweep's runs are all known before it starts; a
 * calibration's are not: each generation's proposals come from the last generation's population, and
 * how many are simulated depends on how many are accepted. But they are deterministic: given the
 * results so far, the calibration's next batch of points is the same on every machine (abc.ts:
 * proposal i of generation g reads only the keyed draws of (seed, g, i) and the last population, and
 * the engine's batches do not change its results). So a sharded calibration runs batch by batch:
 *
 *   round r, shard i of n   `calibrate … --shard i/n [--after MERGED]`: the calibration replayed on
 *                           the results merged so far (no simulation: the engine's own arithmetic)
 *                           up to the first batch it lacks; shard i simulates points i, i + n, … of
 *                           that batch, on the seeds the calibration on one machine gives them, and
 *                           writes their summaries as a shard (src/experiment/shard.ts)
 *   merge of round r        `merge SHARDS… --out MERGED`: the batch's results joined to the rounds
 *                           before; replayed again: the next batch needs another round (MERGED holds
 *                           every result so far, points.bin, the generations finished, as the
 *                           engine resumes from them, generations.bin, and round.json), or the calibration is
 *                           finished and MERGED holds its files: the very bytes of `calibrate` on
 *                           one machine
 *
 * The held-out facts' posterior draws are the last batch (generation −1 here). A batch is a few
 * hundred points, so a calibration of G generations takes about G + 1 to 2G + 1 rounds. Within a
 * round a shard keeps the checkpoint of the points it finished, so a shard killed and run again
 * simulates only what it had not finished.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { finishedKind, folderDestination, type RunWriter, type Written } from '../experiment/destination.js';
import { sha256 } from '../experiment/outputs.js';
import { jsonOrUndefined, runBytes, shardFiles, shardId, shardIndexes, type ShardRecord, type ShardSet, type ShardSpec } from '../experiment/shard.js';
import { messages } from '../messages.js';
import { targetProblems } from '../output/outputSet.js';
import { verifyRun } from '../output/verify.js';
import { InputError, sortProblems, type Problem } from '../scenarios/problems.js';
import { canonicalJson } from '../scenarios/resolve.js';
import type { Checkpoint } from '../output/checkpoint.js';
import type { Simulator } from './abc.js';
import { calibrate, calibrationResult, prepareCalibration, recordWidth, writeCalibration, type CalibrateOptions, type CalibrateRequest, type CalibrateResult, type PreparedCalibration } from './pipeline.js';
import { posteriorOf } from './posterior.js';
import { calibrationSimulator } from './simulator.js';
import { CALIBRATED_PATHS, CALIBRATION_TARGETS } from './targets.js';
import { outcomesOfVector, outcomeVector, outcomeWidth, simulatedOutcomes, validate, type DrawOutcomes } from './validation.js';

/** The "generation" of the held-out facts' posterior draws, which come after the last generation. */
export const HELD_OUT = -1;

/** Finished generations' records (pipeline.ts's checkpoint records: counts, population, summaries), by generation. */
export type Generations = Map<number, Float64Array>;

/** generations.bin: each finished generation's record, in order, as runs.bin's records (generation as the index). */
function generationsBytes(finished: Generations): Buffer {
  return Buffer.concat([...finished.keys()].sort((a, b) => a - b).map((g) => runBytes(g, finished.get(g)!)));
}

/** The generations in generations.bin bytes of records `width` values wide; undefined when not well formed. */
function generationsOf(bytes: Buffer, width: number): Generations | undefined {
  const size = 4 + 8 * width;
  if (bytes.length % size !== 0) return undefined;
  const finished: Generations = new Map();
  for (let g = 0; g < bytes.length / size; g++) {
    if (bytes.readUInt32LE(g * size) !== g) return undefined;
    finished.set(g, Float64Array.from({ length: width }, (_, v) => bytes.readDoubleLE(g * size + 4 + 8 * v)));
  }
  return finished;
}

/** Results of calibration points, by (generation, proposal); generation −1 holds the held-out facts' draws. */
export class PointResults {
  private readonly values = new Map<string, Float64Array>();

  has(generation: number, id: number): boolean {
    return this.values.has(`${generation}:${id}`);
  }

  get(generation: number, id: number): Float64Array | undefined {
    return this.values.get(`${generation}:${id}`);
  }

  set(generation: number, id: number, values: Float64Array): void {
    this.values.set(`${generation}:${id}`, values);
  }

  /**
   * points.bin: every result, by generation (the held-out draws last) then id, each record
   * generation (int32) | id (uint32) | length n (uint32) | n float64s, little-endian.
   */
  bytes(): Buffer {
    const entries = [...this.values.entries()].map(([key, v]) => {
      const [g, id] = key.split(':').map(Number);
      return { g, id, v };
    });
    const order = (g: number) => (g === HELD_OUT ? Infinity : g);
    entries.sort((a, b) => order(a.g) - order(b.g) || a.id - b.id);
    return Buffer.concat(
      entries.map(({ g, id, v }) => {
        const head = Buffer.alloc(12);
        head.writeInt32LE(g, 0);
        head.writeUInt32LE(id, 4);
        head.writeUInt32LE(v.length, 8);
        return Buffer.concat([head, runBytes(0, v).subarray(4)]);
      }),
    );
  }

  /** The results in points.bin bytes; undefined when they are not well formed. */
  static fromBytes(bytes: Buffer): PointResults | undefined {
    const results = new PointResults();
    for (let at = 0; at < bytes.length; ) {
      if (at + 12 > bytes.length) return undefined;
      const g = bytes.readInt32LE(at);
      const id = bytes.readUInt32LE(at + 4);
      const n = bytes.readUInt32LE(at + 8);
      at += 12;
      if (g < HELD_OUT || at + 8 * n > bytes.length || results.has(g, id)) return undefined;
      results.set(g, id, Float64Array.from({ length: n }, (_, v) => bytes.readDoubleLE(at + 8 * v)));
      at += 8 * n;
    }
    return results;
  }
}

/** The batch a calibration needs next: generation (−1: the held-out draws), each point's id and coordinates. */
export interface Batch {
  generation: number;
  ids: number[];
  points: Float64Array[];
}

/** Thrown by the replay's simulators at the first batch whose results are not known. */
class NeedBatch extends Error {
  constructor(readonly batch: Batch) {
    super(`calibration: batch of generation ${batch.generation} not known`);
  }
}

/** A calibration replayed on the results known: finished, or the batch it needs next. */
export type Replayed = { finished: Omit<CalibrateResult, 'written' | 'resumed'>; next?: undefined } | { next: Batch; finished?: undefined };

/**
 * Replays the calibration on `known`: the engine's own steps, each batch's summaries taken from
 * `known`, nothing simulated, up to the first batch `known` lacks.
 */
export async function replay(calibration: PreparedCalibration, options: CalibrateOptions, known: PointResults, finished: Generations = new Map()): Promise<Replayed> {
  const { setup, settings, generations, facts } = calibration;
  // The generations finished in rounds before are the engine's state to resume from, as a
  // calibration on one machine resumes from its checkpoint; each generation finished now joins them.
  const state: Checkpoint = { done: finished, append: (g, record) => void finished.set(g, Float64Array.from(record)), close: () => {} };
  const lookup: Simulator = async (points, generation, ids) => {
    if (!ids.every((id) => known.has(generation, id))) throw new NeedBatch({ generation, ids: [...ids], points: [...points] });
    return ids.map((id) => known.get(generation, id)!);
  };
  const outcomes: DrawOutcomes = async (points, ids) => {
    if (!ids.every((id) => known.has(HELD_OUT, id))) throw new NeedBatch({ generation: HELD_OUT, ids: [...ids], points: [...points] });
    return ids.map((id) => outcomesOfVector(facts, known.get(HELD_OUT, id)!));
  };
  try {
    const run = await calibrate(setup, settings, { ...options, generations, onGeneration: undefined }, state, lookup, roundBatches(settings.particles));
    const posterior = posteriorOf(run.result);
    return { finished: calibrationResult(run, posterior, await validate(posterior, options.seed, facts, outcomes)) };
  } catch (e) {
    if (e instanceof NeedBatch) return { next: e.batch };
    throw e;
  }
}

/** Values per point of a batch: the targets' summaries, or a held-out draw's outcomes. */
function batchWidth(calibration: PreparedCalibration, batch: Batch): number {
  return batch.generation === HELD_OUT ? outcomeWidth(calibration.facts) : CALIBRATION_TARGETS.length;
}

/** Simulates points of a batch (its positions `at`), on the seeds the calibration on one machine gives them. */
async function simulateBatch(calibration: PreparedCalibration, options: CalibrateOptions, batch: Batch, at: readonly number[]): Promise<Float64Array[]> {
  const points = at.map((j) => batch.points[j]);
  const ids = at.map((j) => batch.ids[j]);
  if (batch.generation === HELD_OUT) return (await simulatedOutcomes(calibration.setup, options.seed, calibration.facts)(points, ids)).map(outcomeVector);
  return calibrationSimulator(calibration.setup, CALIBRATION_TARGETS, options.seed)(points, batch.generation, ids);
}

/** round.json: a merged round of a sharded calibration. */
const RoundRecord = z
  .object({
    format: z.literal('tokenmaxx-calibration-round'),
    version: z.literal(1),
    toolVersion: z.string(),
    /** The calibration's id. */
    experimentId: z.string().regex(/^[0-9a-f]{64}$/),
    /** Rounds merged so far. */
    rounds: z.number().int().min(1),
    /** What the next round simulates: the generation (−1: the held-out draws) and the points of its batch. */
    next: z.object({ generation: z.number().int().min(-1), points: z.number().int().min(1) }).strict(),
  })
  .strict();
type RoundRecord = z.infer<typeof RoundRecord>;

/** What `--after DIR` holds: a merged round (its results), or the finished calibration. */
type After = { results: PointResults; generations: Generations; record?: RoundRecord; manifestSha: string | null; finished: boolean };

/** Reads `--after DIR` for calibration `experiment`; none given: the first round. Problems name --after. */
function readAfter(dir: string | undefined, calibration: { experiment: string; width: number }, problems: Problem[]): After {
  const { experiment } = calibration;
  const first: After = { results: new PointResults(), generations: new Map(), manifestSha: null, finished: false };
  if (dir === undefined) return first;
  const problem = (message: string) => {
    problems.push({ source: '--after', path: [], message });
    return first;
  };
  try {
    const found = finishedKind(dir);
    if (found?.kind === 'calibrate' && found.experimentId === experiment) return { ...first, finished: true };
    if (found?.kind !== 'round') return problem(messages.afterNotRound(dir));
    verifyRun(dir, '--after', ['points.bin', 'generations.bin', 'round.json']);
    const parsed = RoundRecord.safeParse(jsonOrUndefined(readFileSync(join(dir, 'round.json'), 'utf8')));
    if (!parsed.success || parsed.data.experimentId !== experiment) return problem(parsed.success ? messages.afterOtherCalibration(dir) : messages.afterNotRound(dir));
    const results = PointResults.fromBytes(readFileSync(join(dir, 'points.bin')));
    const generations = generationsOf(readFileSync(join(dir, 'generations.bin')), calibration.width);
    if (!results || !generations) return problem(messages.afterNotRound(dir));
    return { results, generations, record: parsed.data, manifestSha: sha256(readFileSync(join(dir, 'manifest.json'))), finished: false };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.push(...e.problems);
    return first;
  }
}

/**
 * A round's batch: three times what the acceptance rate says is missing, and at least half a
 * population. A batch too small costs a round trip through the scheduler and a replay in every shard;
 * a batch too large, some points simulated but not needed (the engine accepts them in order, so
 * neither changes the result). On one machine the engine asks for 1.5 times, with no floor.
 */
function roundBatches(particles: number): { margin: number; minBatch: number } {
  return { margin: 3, minBatch: Math.ceil(particles / 2) };
}

/** Values in a finished generation's record of this calibration (pipeline.ts's checkpoint record). */
function stateWidth(request: CalibrateRequest, options: CalibrateOptions): number {
  return recordWidth(options.particles, (request.parameters ?? CALIBRATED_PATHS).length, CALIBRATION_TARGETS.length);
}

/** The id of the round that follows `after`: what its shards are shards of. */
function roundId(experiment: string, after: After): string {
  return sha256(`${experiment} round after ${after.manifestSha ?? 'nothing'}`);
}

/** What a round's shard needs beyond the calibration's own options. */
export interface RoundShardOptions {
  shard: ShardSpec;
  out: string;
  force?: boolean;
  /** The merged round before this one (`--after`); none for the first. */
  after?: string;
  argv: readonly string[];
  inputs: readonly string[];
}

/** What a round's shard did. */
export interface RoundShardResult {
  shard: ShardSpec;
  /** The batch's generation (−1: the held-out draws) and size; undefined when the calibration was already finished. */
  batch?: { generation: number; points: number };
  runs: number;
  resumed: number;
  alreadyFinished: boolean;
  calibrationFinished: boolean;
  written?: Written;
}

/**
 * Shard `options.shard` of the next round of a calibration: its share of the next batch's points,
 * simulated and written to its folder all or nothing, with a checkpoint of the points finished.
 * Throws InputError naming every problem before anything is run.
 */
export async function calibrateShard(request: CalibrateRequest, options: CalibrateOptions, round: RoundShardOptions): Promise<RoundShardResult> {
  const early: Problem[] = [];
  let after: After | undefined;
  const { calibration, destination } = prepareCalibration(request, options, (experiment) => {
    if (experiment !== undefined) after = readAfter(round.after, { experiment, width: stateWidth(request, options) }, early);
    const id = experiment && after && shardId(roundId(experiment, after), round.shard);
    const d = folderDestination(round.out, '--out', { kind: 'shard', experiment: id, force: round.force });
    return { problems: () => [...early, ...d.problems()], write: d.write.bind(d) };
  });
  const base = { shard: round.shard, runs: 0, resumed: 0, alreadyFinished: false };
  if (after!.finished) return { ...base, calibrationFinished: true };
  const rid = roundId(calibration.experiment, after!);
  const id = shardId(rid, round.shard);
  const replayed = await replay(calibration, options, after!.results, after!.generations);
  if (!replayed.next) throw new InputError([{ source: '--after', path: [], message: messages.afterComplete(round.after ?? '') }]);
  const batch = replayed.next;
  const mine = shardIndexes(round.shard, batch.ids.length);
  const summary = { ...base, batch: { generation: batch.generation, points: batch.ids.length }, runs: mine.length, calibrationFinished: false };
  const found = finishedKind(round.out);
  if (found?.kind === 'shard' && found.experimentId === id) {
    verifyRun(round.out, '--out', ['runs.bin', 'shard.json']);
    return { ...summary, alreadyFinished: true };
  }
  const width = batchWidth(calibration, batch);
  const record: ShardRecord = {
    format: 'tokenmaxx-shard',
    version: 1,
    toolVersion: options.provenance.toolVersion,
    experimentId: rid,
    shard: { ...round.shard },
    runs: { study: batch.ids.length, held: mine.length, width },
    argv: [...round.argv],
    inputs: round.inputs.map((path) => ({ path, sha256: sha256(readFileSync(path)) })),
    round: { after: after!.manifestSha, generation: batch.generation },
  };
  let resumed = 0;
  const written = await destination.write(async (writer) => {
    const checkpoint = writer.checkpoint!({ experiment: id, runs: batch.ids.length, width });
    try {
      resumed = [...checkpoint.done.keys()].filter((j) => mine.includes(j)).length;
      const missing = mine.filter((j) => !checkpoint.done.has(j));
      // A checkpoint record every few points, each chunk simulated on every worker.
      const chunk = 8 * (typeof options.workers === 'number' ? options.workers : 2);
      for (let k = 0; k < missing.length; k += chunk) {
        const at = missing.slice(k, k + chunk);
        const values = await simulateBatch(calibration, options, batch, at);
        at.forEach((j, q) => checkpoint.append(j, values[q]));
        at.forEach((j, q) => checkpoint.done.set(j, values[q]));
      }
      const file = writer.create('runs.bin');
      for (const j of mine) file.write(runBytes(j, checkpoint.done.get(j)!));
      file.close();
    } finally {
      checkpoint.close();
    }
    return shardFiles(writer, record, id, options.provenance);
  });
  return { ...summary, resumed, written };
}

/** What a round's merge made: the calibration's files, or the round merged and the batch next. */
export type RoundMerged = { finished: Omit<CalibrateResult, 'resumed'>; next?: undefined; written: Written } | { next: Batch; rounds: number; finished?: undefined; written: Written };

/**
 * Merges a round's shards (`shards`, checked as one set by src/experiment/shard.ts) with the rounds
 * before (`after`) into `out`: the calibration's files when it is finished, else a merged round.
 * Throws InputError naming every problem before anything is written.
 */
export async function mergeRound(request: CalibrateRequest, options: CalibrateOptions, shards: ShardSet, round: { after?: string; out: string; force?: boolean }): Promise<RoundMerged> {
  const early: Problem[] = targetProblems(round.out, '--out');
  let after: After | undefined;
  const { calibration } = prepareCalibration(request, options, (experiment) => {
    if (experiment !== undefined) after = readAfter(round.after, { experiment, width: stateWidth(request, options) }, early);
    if (experiment !== undefined && after && shards.experiment !== roundId(experiment, after)) early.push({ source: 'merge', path: [], message: messages.roundShardsOther() });
    return { problems: () => early };
  });
  const known = after!.results;
  const finished = after!.generations;
  const replayed = await replay(calibration, options, known, finished);
  if (!replayed.next) throw new InputError([{ source: '--after', path: [], message: messages.afterComplete(round.after ?? '') }]);
  const batch = replayed.next;
  batch.ids.forEach((id, j) => known.set(batch.generation, id, shards.take(j)));
  const now = await replay(calibration, options, known, finished);
  if (now.finished) {
    const destination = folderDestination(round.out, '--out', { kind: 'calibrate', experiment: calibration.experiment, force: round.force });
    const problems = destination.problems();
    if (problems.length > 0) throw new InputError(sortProblems(problems));
    const written = await destination.write(async (writer) => writeCalibration(writer, now.finished, calibration, options));
    return { finished: { ...now.finished, written }, written };
  }
  const rounds = (after!.record?.rounds ?? 0) + 1;
  const destination = folderDestination(round.out, '--out', { kind: 'round', experiment: calibration.experiment, force: round.force });
  const problems = destination.problems();
  if (problems.length > 0) throw new InputError(sortProblems(problems));
  const written = await destination.write(async (writer) => roundFiles(writer, known, finished, { toolVersion: options.provenance.toolVersion, experimentId: calibration.experiment, rounds, next: now.next }, options));
  return { next: now.next, rounds, written };
}

/** Writes a merged round's points.bin and round.json, and returns its manifest. */
function roundFiles(writer: Pick<RunWriter, 'writeFile' | 'files'>, known: PointResults, finished: Generations, r: { toolVersion: string; experimentId: string; rounds: number; next: Batch }, options: CalibrateOptions): string {
  const record: RoundRecord = { format: 'tokenmaxx-calibration-round', version: 1, toolVersion: r.toolVersion, experimentId: r.experimentId, rounds: r.rounds, next: { generation: r.next.generation, points: r.next.ids.length } };
  writer.writeFile('points.bin', known.bytes());
  writer.writeFile('generations.bin', generationsBytes(finished));
  writer.writeFile('round.json', canonicalJson(record, 2) + '\n');
  const p = options.provenance;
  return canonicalJson({ tool: 'tokenmaxx', toolVersion: p.toolVersion, nodeVersion: p.nodeVersion, gitCommit: p.gitCommit, command: p.command, experiment: 'round', experimentId: r.experimentId, files: writer.files() }, 2) + '\n';
}
