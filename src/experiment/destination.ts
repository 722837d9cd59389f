/**
 * Where the pipeline writes a run's files: an output folder, written all or nothing through the
 * output folder contract (src/output: checked before any work, locked, staged beside the folder,
 * committed by manifest.json, abandoned on failure), or memory (notebooks, tests).
 */
import { lstatSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { messages } from '../messages.js';
import { isCheckpointFile, openCheckpoint, removeCheckpoint, type Checkpoint, type CheckpointHeader } from '../output/checkpoint.js';
import { sidePaths } from '../output/target.js';
import type { FileTable } from '../output/folder.js';
import { ioCode, OutputSet, targetProblems } from '../output/outputSet.js';
import type { RunData } from '../plots/data.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { fileTable, manifestWithFiles } from './outputs.js';

/** A file written piece by piece. */
export interface FileStream {
  write(text: string | Uint8Array): void;
  close(): unknown;
}

/** The files of a run being written. */
export interface RunWriter {
  /** Opens a file to be written piece by piece (timeseries.csv, replicate by replicate). */
  create(name: string): FileStream;
  /** Writes a whole file. */
  writeFile(name: string, data: string | Uint8Array): unknown;
  /** The sha256 and size of every file written so far but manifest.json: the manifest's table. */
  files(): FileTable;
  /** The run written so far (manifest.json included), read back and validated as `report --from` reads a folder. */
  readBack(): Promise<RunData>;
  /**
   * The checkpoint of this experiment's finished runs, kept beside an output folder until the set
   * is committed (src/output/checkpoint.ts); none in memory.
   */
  checkpoint?(header: CheckpointHeader): Checkpoint;
}

/** What a destination kept once a run was committed. */
export interface Written {
  /** Every file of the set, manifest.json last. */
  names: string[];
  /** A folder beside the target holding files found in the old set but not written by tokenmaxx, if any. */
  kept?: string;
}

/** Where a run goes: checked before any work is done, then written all or nothing. */
export interface RunDestination {
  /** Problems with the destination, found without writing anything. */
  problems(): Problem[];
  /**
   * Lets `fill` write the files (it returns the manifest's text), then commits them with
   * manifest.json listing every file; on failure nothing is kept.
   */
  write(fill: (writer: RunWriter) => Promise<string>): Promise<Written>;
}

/** The report's modules, loaded when needed: the chart libraries take a second to load. */
export async function reportModules(): Promise<[typeof import('../report/build.js'), typeof import('../report/readRun.js')]> {
  return Promise.all([import('../report/build.js'), import('../report/readRun.js')]);
}

/**
 * Opens an output set on `dir`, lets `fill` stage its files (returning the manifest of its data
 * files), and commits it with manifest.json listing every file; on any failure the set is abandoned
 * and `dir` is left as it was. An I/O failure (a full disk, a permission) is a located problem, not a
 * crash. `flag` names the folder in problems.
 */
export async function writeOutputSet(dir: string, flag: string, fill: (set: OutputSet) => Promise<string>): Promise<Written> {
  const set = OutputSet.open(dir, flag);
  try {
    const manifest = await fill(set);
    const files = set.files();
    const { kept } = set.commit(manifestWithFiles(manifest, files));
    return { names: [...Object.keys(files), 'manifest.json'], kept };
  } catch (e) {
    set.abandon();
    const code = ioCode(e);
    if (code) throw new InputError([{ source: flag, path: [], message: messages.folderWriteFailed(dir, code) }], messages.problemCountNotKept(1));
    throw e;
  }
}

/** What an experiment asks of its output folder. */
export interface FolderOptions {
  /**
   * What the command makes: a folder holding a finished set of another kind (a sweep's, say, for a
   * run) is refused unless `force`, so that a mistyped --out never replaces an expensive result.
   */
  kind?: OutputKind;
  /**
   * The experiment's id (sha256 of what defines its results): a folder holding another experiment's
   * finished set, or its checkpoint, is refused unless `force`.
   */
  experiment?: string;
  force?: boolean;
}

/** An output folder (`run --out DIR`), named by `flag` in problems. */
export function folderDestination(dir: string, flag: string, options: FolderOptions = {}): RunDestination {
  return {
    problems: () => {
      const target = targetProblems(dir, flag);
      return target.length > 0 ? target : experimentProblems(dir, flag, options);
    },
    write: async (fill) => {
      let opened = false;
      const written = await keptRunsSaid(dir, () => opened, () => writeOutputSet(dir, flag, (set) =>
        fill({
          create: (name) => set.create(name),
          writeFile: (name, data) => set.writeFile(name, data),
          files: () => set.files(),
          readBack: async () => (await reportModules())[1].loadRun(set.staging),
          checkpoint: (header) => {
            const checkpoint = openCheckpoint(dir, flag, header, { force: options.force });
            opened = true;
            return checkpoint;
          },
        }),
      ));
      // Every run is in the committed set now. The set stands whatever happens here: a checkpoint
      // that cannot be removed (a full disk) holds only this experiment's runs, which the same
      // command would take again.
      try {
        removeCheckpoint(dir);
      } catch {
        // left for the next command that takes the lock
      }
      return written;
    },
  };
}

/**
 * `write`, whose failure, when the runs finished so far are kept in the folder's checkpoint, says so:
 * the same command run again resumes from them.
 */
async function keptRunsSaid<T>(dir: string, opened: () => boolean, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const checkpoint = sidePaths(resolve(dir)).checkpoint;
    if (!(e instanceof InputError) || !opened() || !isCheckpointFile(checkpoint)) throw e;
    throw new InputError(e.problems, messages.problemCountResumable(e.problems.length, join(dirname(dir), basename(checkpoint))));
  }
}

/** The kinds of finished sets: what a manifest's `experiment` says (a run's and a comparison's say nothing). */
export type OutputKind = 'run' | 'compare' | 'sweep' | 'study' | 'calibrate' | 'shard' | 'round';

/** The kind of the finished set in `dir` and its experiment id, or undefined when there is none of tokenmaxx's. */
export function finishedKind(dir: string): { kind: OutputKind; experimentId?: string } | undefined {
  let manifest: { tool?: unknown; experiment?: unknown; experimentId?: unknown; files?: Record<string, unknown> };
  try {
    // Only a regular file is read (a pipe or a device at that name would block or never end).
    const stat = lstatSync(join(dir, 'manifest.json'));
    if (!stat.isFile() || stat.size > 64 << 20) return undefined;
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    // No finished set, or not one of ours: the output contract's own checks say what is wrong, if anything.
    return undefined;
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.tool !== 'tokenmaxx') return undefined;
  const kind: OutputKind =
    manifest.experiment === 'sweep' || manifest.experiment === 'study' || manifest.experiment === 'calibrate' || manifest.experiment === 'shard' || manifest.experiment === 'round' ? manifest.experiment : manifest.files && Object.hasOwn(manifest.files, 'comparison.csv') ? 'compare' : 'run';
  return { kind, experimentId: typeof manifest.experimentId === 'string' ? manifest.experimentId : undefined };
}

/** Words for a kind of set, in problems. */
export const KIND_WORDS: Record<OutputKind, string> = { run: 'run', compare: 'comparison', sweep: 'sweep or sensitivity analysis', study: 'study report', calibrate: 'calibration', shard: 'shard of a study', round: 'merged round of a sharded calibration' };

/**
 * A finished set in `dir` of another kind, or of another experiment (its manifest's `experimentId`
 * differs): refused unless forced.
 */
function experimentProblems(dir: string, flag: string, options: FolderOptions): Problem[] {
  if (options.force) return [];
  const found = finishedKind(dir);
  if (!found) return [];
  if (options.kind !== undefined && found.kind !== options.kind) return [{ source: flag, path: [], message: messages.folderOtherKind(dir, KIND_WORDS[found.kind], KIND_WORDS[options.kind]) }];
  if (options.experiment === undefined || found.experimentId === options.experiment) return [];
  return [{ source: flag, path: [], message: messages.folderOtherExperiment(dir, found.experimentId) }];
}

/** Memory: after the run, `files` holds every file of the set by name, manifest.json included. */
export class MemoryDestination implements RunDestination {
  /** The files written, by name. */
  files: Record<string, string | Uint8Array> = {};

  /** Memory has no problems. */
  problems(): Problem[] {
    return [];
  }

  /** Runs `fill` on fresh files, then adds manifest.json listing them. */
  async write(fill: (writer: RunWriter) => Promise<string>): Promise<Written> {
    const files: Record<string, string | Uint8Array> = {};
    const data = () => Object.fromEntries(Object.entries(files).filter(([name]) => name !== 'manifest.json'));
    const writer: RunWriter = {
      create: (name) => {
        const parts: (string | Uint8Array)[] = [];
        const text = () => (parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
        return { write: (part) => parts.push(part), close: () => (files[name] = text()) };
      },
      writeFile: (name, content) => (files[name] = content),
      files: () => fileTable(data()),
      readBack: async () => {
        const texts = Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => typeof e[1] === 'string'));
        return (await reportModules())[1].readRunTexts(texts);
      },
    };
    const manifest = await fill(writer);
    this.files = { ...data(), 'manifest.json': manifestWithFiles(manifest, writer.files()) };
    return { names: Object.keys(this.files) };
  }
}

/** Is this file part of a run's report (rebuilt by `report`), rather than its data? */
export function isReportFile(name: string): boolean {
  return name === 'report.html' || name.startsWith('charts/');
}
