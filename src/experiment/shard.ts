/**
 * Shards: a sweep or sensitivity analysis split across the machines of a cluster, each task running
 * a deterministic slice of the study's runs into a folder of its own, and `tokenmaxx merge` putting
 * the slices back together into the very files the study would have written on one machine.
 *
 *   the study's run list    scenario × design point × replicate seed, in that order (sweep.ts):
 *                           run k is the same run on every machine, whatever the workers or shards
 *   shard i of n            runs i, i + n, i + 2n, … (dealt round-robin, so every shard gets its share
 *                           of every scenario and point, and the shards' sizes differ by one at most)
 *     ├─ runs.bin          each run's values, in run order: run k (uint32) | SWEEP_RUN_WIDTH float64s,
 *     │                    little-endian
 *     ├─ shard.json        which study (its id), which shard, the command line, the inputs' sha256
 *     └─ manifest.json     as every output set (src/output): committed last, every file's sha256
 *   merge DIR.. --out OUT  every shard verified and checked against the others, then the study's own
 *                          command run again with every run taken from the shards: same code, same bytes
 *
 * A shard is an output set like any other: a task killed mid-run leaves the checkpoint of its
 * finished runs beside its folder (src/output/checkpoint.ts), and the same command, given again,
 * runs only what is missing; a shard already finished is not run again.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { messages } from '../messages.js';
import { verifyRun } from '../output/verify.js';
import type { Problem } from '../scenarios/problems.js';
import { canonicalJson } from '../scenarios/resolve.js';
import { finishedKind, folderDestination, type RunWriter, type Written } from './destination.js';
import { sha256, type Provenance } from './outputs.js';
import { autoWorkers, runInOrder } from './pool.js';
import { replicateScalars } from './summarize.js';
import { planSweep, SWEEP_RUN_WIDTH, type SweepOptions, type SweepRequest } from './sweep.js';

/** Shard `index` of `count` (index from 0). */
export interface ShardSpec {
  index: number;
  count: number;
}

/** The most shards a study may be split into. */
export const MAX_SHARDS = 100_000;

/**
 * `--shard`: `I/N` (shard I of N, I from 0), `auto` (a Slurm array task: I and N from
 * SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT: the whole array submitted
 * at once) or `auto/N` (N given, I the task's own number: a Kubernetes Indexed Job's
 * JOB_COMPLETION_INDEX, else SLURM_ARRAY_TASK_ID, so that one lost task submitted again alone keeps
 * its number). Problems name `--shard`.
 */
export function shardOf(text: string, env: Readonly<Record<string, string | undefined>>, problems: Problem[]): ShardSpec | undefined {
  const problem = (message: string) => {
    problems.push({ source: '--shard', path: [], message });
    return undefined;
  };
  const m = /^\s*(auto|\d{1,6})(?:\/(\d{1,6}))?\s*$/.exec(text);
  if (!m || (m[1] !== 'auto' && m[2] === undefined)) return problem(messages.shardFormat(text));
  const count = m[2] !== undefined ? Number(m[2]) : undefined;
  if (count !== undefined && (count < 1 || count > MAX_SHARDS)) return problem(messages.shardCount(count, MAX_SHARDS));
  if (m[1] !== 'auto') {
    const index = Number(m[1]);
    return index < count! ? { index, count: count! } : problem(messages.shardIndex(index, count!));
  }
  const integer = (name: string) => (/^\d{1,9}$/.test(env[name] ?? '') ? Number(env[name]) : undefined);
  const slurm = { id: integer('SLURM_ARRAY_TASK_ID'), min: integer('SLURM_ARRAY_TASK_MIN'), max: integer('SLURM_ARRAY_TASK_MAX'), count: integer('SLURM_ARRAY_TASK_COUNT') };
  if (count !== undefined) {
    // auto/N: the index is the task's own number, so that a lost shard can be submitted again alone
    // (sbatch --array=2 runs shard 2 of N).
    const k8s = integer('JOB_COMPLETION_INDEX');
    const [name, index] = k8s !== undefined ? ['JOB_COMPLETION_INDEX', k8s] : ['SLURM_ARRAY_TASK_ID', slurm.id];
    if (index === undefined) return problem(messages.shardAutoNoIndex(count));
    return index < count ? { index, count } : problem(messages.shardEnvIndex(name, index, count));
  }
  if (slurm.id === undefined || slurm.count === undefined) return problem(messages.shardAutoNoSlurm());
  const min = slurm.min ?? 0;
  // A range with a step (--array=0-15:4) or a list (--array=1,3,7) would number the shards with gaps.
  if (slurm.max !== undefined && slurm.max - min + 1 !== slurm.count) return problem(messages.shardSlurmNotRange(min, slurm.max, slurm.count));
  const index = slurm.id - min;
  return index >= 0 && index < slurm.count ? { index, count: slurm.count } : problem(messages.shardEnvIndex('SLURM_ARRAY_TASK_ID', slurm.id, slurm.count));
}

/** The flags of a command line, by name: `--name value`, `--name=value`, and a one-letter alias's `-a value`. */
function flagAt(argv: readonly string[], i: number, names: readonly string[]): { inline: boolean } | undefined {
  const a = argv[i];
  for (const name of names) {
    const dash = name.length === 1 ? '-' : '--';
    if (a === `${dash}${name}`) return { inline: false };
    if (a.startsWith(`${dash}${name}=`)) return { inline: true };
  }
  return undefined;
}

/** `argv` without flag `names` and their values (up to a `--`, after which all are arguments). */
export function withoutFlag(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i)];
    const f = flagAt(argv, i, names);
    if (!f) out.push(argv[i]);
    else if (!f.inline) i++;
  }
  return out;
}

/** Whether `argv` gives flag `names`. */
export function hasFlag(argv: readonly string[], names: readonly string[]): boolean {
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) if (flagAt(argv, i, names)) return true;
  return false;
}

/** `argv` with every value of flag `names` replaced by `value`, where it stands. */
export function replacingFlag(argv: readonly string[], names: readonly string[], value: string): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length && out[i] !== '--'; i++) {
    const f = flagAt(out, i, names);
    if (!f) continue;
    if (f.inline) out[i] = `${out[i].slice(0, out[i].indexOf('='))}=${value}`;
    else if (i + 1 < out.length) out[++i] = value;
  }
  return out;
}

/** shard.json: what a shard holds, and of which study. */
export const ShardRecord = z
  .object({
    format: z.literal('tokenmaxx-shard'),
    version: z.literal(1),
    toolVersion: z.string(),
    /** The study's id: sha256 of everything its results depend on (sweep.ts's experimentId). */
    experimentId: z.string().regex(/^[0-9a-f]{64}$/),
    shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1).max(MAX_SHARDS) }).strict(),
    /** Runs in the study, runs this shard holds, and values per run. */
    runs: z.object({ study: z.number().int().min(0).max(0xffffffff), held: z.number().int().min(0).max(0xffffffff), width: z.number().int().min(1).max(1 << 20) }).strict(),
    /** The shard's command line after `tokenmaxx`: a study's command, which the merge runs again. */
    argv: z.array(z.string()).refine((a) => ['sweep', 'sensitivity', 'calibrate'].includes(a[0] ?? ''), 'must be the command line of a sweep, sensitivity or calibrate'),
    /** Files the study was read from, by path as given, with their sha256. */
    inputs: z.array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict()),
    /**
     * A round of a sharded calibration (src/calibrate/rounds.ts): the merged round it follows (the
     * sha256 of its manifest; null for the first), and the generation whose batch it ran (−1: the
     * held-out facts' draws). Its runs are the batch's points, by their place in the batch.
     */
    round: z.object({ after: z.string().regex(/^[0-9a-f]{64}$/).nullable(), generation: z.number().int().min(-1) }).strict().optional(),
  })
  .strict();
export type ShardRecord = z.infer<typeof ShardRecord>;

/** The runs shard `shard` holds of a study of `total` runs: shard.index, shard.index + count, … */
export function shardIndexes(shard: ShardSpec, total: number): number[] {
  return Array.from({ length: shardRuns(shard, total) }, (_, j) => shard.index + j * shard.count);
}

/** Runs shard `shard.index` holds of a study of `total` runs. */
export function shardRuns(shard: ShardSpec, total: number): number {
  return shard.index < total ? Math.ceil((total - shard.index) / shard.count) : 0;
}

/** What a shard of a study needs beyond the study's own options. */
export interface ShardOptions {
  shard: ShardSpec;
  /** The shard's folder (`--out`). */
  out: string;
  force?: boolean;
  /** The command line after `tokenmaxx`, kept in shard.json for the merge. */
  argv: readonly string[];
  /** Files the study reads (the scenario file, a design file), kept with their sha256. */
  inputs: readonly string[];
}

/** What a shard did: its runs, those an earlier attempt had finished, and whether it was finished already. */
export interface ShardResult {
  shard: ShardSpec;
  /** Runs of the shard, and of the whole study. */
  runs: number;
  study: number;
  resumed: number;
  alreadyFinished: boolean;
  written?: Written;
}

/** The id of shard `shard` of study `experiment`: what its folder and checkpoint are of. */
export function shardId(experiment: string, shard: ShardSpec): string {
  return sha256(`${experiment} shard ${shard.index}/${shard.count}`);
}

/**
 * Shard `options.shard` of a sweep (or of the sweep under a sensitivity analysis): its runs,
 * simulated on `options.workers` threads, written to its folder all or nothing. A folder already
 * holding this shard finished is verified and left as it is. Throws InputError naming every problem
 * of the study and the folder before anything is run.
 */
export async function shardPipeline(request: SweepRequest, options: SweepOptions, shard: ShardOptions): Promise<ShardResult> {
  // This shard's points: those with a run i ≡ index (mod count) among their R runs.
  const { index, count } = shard.shard;
  const R = options.replicates;
  const { plan, destination } = planSweep(
    request,
    options,
    (experiment) => folderDestination(shard.out, '--out', { kind: 'shard', experiment: experiment && shardId(experiment, shard.shard), force: shard.force }),
    (scenario, point, points) => {
      const first = (scenario * points + point) * R;
      return R >= count || (((index - first) % count) + count) % count < R;
    },
  );
  const id = shardId(plan.experiment, shard.shard);
  const mine = shardIndexes(shard.shard, plan.total);
  const found = finishedKind(shard.out);
  if (found?.kind === 'shard' && found.experimentId === id) {
    verifyRun(shard.out, '--out', ['runs.bin', 'shard.json']);
    return { shard: shard.shard, runs: mine.length, study: plan.total, resumed: 0, alreadyFinished: true };
  }
  const record: ShardRecord = {
    format: 'tokenmaxx-shard',
    version: 1,
    toolVersion: options.provenance.toolVersion,
    experimentId: plan.experiment,
    shard: { ...shard.shard },
    runs: { study: plan.total, held: mine.length, width: SWEEP_RUN_WIDTH },
    argv: [...shard.argv],
    inputs: shard.inputs.map((path) => ({ path, sha256: sha256(readFileSync(path)) })),
  };
  let resumed = 0;
  const written = await destination.write(async (writer) => {
    const checkpoint = writer.checkpoint!({ experiment: id, runs: Math.max(1, plan.total), width: SWEEP_RUN_WIDTH });
    const done = checkpoint.done;
    resumed = done.size;
    const missing = mine.filter((k) => !done.has(k));
    const workers = options.workers === 'auto' ? autoWorkers(plan.scenarios.map((sc) => ({ weekly: sc.weekly, runs: missing.length / plan.scenarios.length }))) : options.workers;
    const simulated = runInOrder(plan.specs(missing), { workers })[Symbol.asyncIterator]();
    const file = writer.create('runs.bin');
    let taken = 0;
    try {
      for (const index of mine) {
        let x = done.get(index);
        done.delete(index);
        if (!x) {
          const next = await simulated.next();
          if (next.done || next.value.spec.index !== index) throw new Error(`shard: run ${index} expected from the pool`);
          x = replicateScalars(next.value.result);
          checkpoint.append(index, x);
          options.progress?.update(++taken, missing.length, `shard ${shard.shard.index}/${shard.shard.count}`);
        }
        file.write(runBytes(index, x));
      }
    } finally {
      await simulated.return?.(undefined);
      options.progress?.stop();
      checkpoint.close();
    }
    file.close();
    return shardFiles(writer, record, id, options.provenance);
  });
  return { shard: shard.shard, runs: mine.length, study: plan.total, resumed, alreadyFinished: false, written };
}

/** A run's record in runs.bin: its index (uint32) and its values (float64), little-endian. */
export function runBytes(index: number, values: ArrayLike<number>): Buffer {
  const bytes = Buffer.alloc(4 + 8 * values.length);
  bytes.writeUInt32LE(index, 0);
  for (let v = 0; v < values.length; v++) bytes.writeDoubleLE(values[v], 4 + 8 * v);
  return bytes;
}

/** Writes shard.json and returns the shard's manifest (its id is `id`), once runs.bin is written. */
export function shardFiles(writer: Pick<RunWriter, 'writeFile' | 'files'>, record: ShardRecord, id: string, p: Omit<Provenance, 'seed' | 'replicates'>): string {
  writer.writeFile('shard.json', canonicalJson(record, 2) + '\n');
  const provenance = { tool: 'tokenmaxx', toolVersion: p.toolVersion, nodeVersion: p.nodeVersion, gitCommit: p.gitCommit, command: p.command };
  return canonicalJson({ ...provenance, experiment: 'shard', experimentId: id, files: writer.files() }, 2) + '\n';
}

/** A set of shards read for a merge (shardSet.ts). */
export { jsonOrUndefined, readShards, type ShardSet } from './shardSet.js';
