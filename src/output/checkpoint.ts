/**
 * The checkpoint of an experiment: each finished run's results, appended as the run ends, so that an
 * experiment stopped by Ctrl-C, `kill -9` or a power cut runs only what is missing when the same
 * command is given again, and writes byte-identical files.
 *
 * Where: `.DIR.tokenmaxx-checkpoint` beside the output folder DIR (target.ts), one of tokenmaxx's own
 * names: the recovery of leftovers keeps it (recover.ts), and it is removed once the output set is
 * committed. It is read and written only by the process that holds the folder's lock (lock.ts).
 *
 * Format: a header line, then fixed-size binary records, little-endian:
 *
 *   tokenmaxx-checkpoint 1 experiment=<sha256 hex> runs=<R> width=<W>\n
 *   record: run index (uint32) | W values (float64) | CRC-32 of the 4 + 8W bytes before it (uint32)
 *
 * The header fixes every record's length, so a record torn by a crash in the middle of a write is a
 * short tail, and a record whose checksum fails, whose index is not below R, or whose index is already
 * in the file is corrupt. Reading stops at the first bad record: it and everything after it are
 * dropped, and the file is cut back to the last good record so that appends continue cleanly. (The
 * records after a bad one could be kept, each has its own checksum; but the file would then no longer
 * be a prefix of what was appended and would have to be rewritten, for damage a crash does not
 * cause — a crash tears only the tail — while a dropped run is merely run again.)
 *
 * Durability: each record is one write() to a descriptor opened with O_APPEND, so a process killed
 * at any instant loses no record whose `append` returned. The file is synced (fsync) after every
 * SYNC_RECORDS records or SYNC_MS milliseconds, whichever comes first, and at close: a power cut
 * may lose the runs of the last second (at most 64 runs), which are run again.
 *
 * The checkpoint is created whole, as the lock is: its header is written under a temporary name and
 * hard-linked to the checkpoint's name. So a crash never leaves a checkpoint without its header, and
 * anything at that name without one is not tokenmaxx's: it is named in a problem and left alone.
 */
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, linkSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { messages } from '../messages.js';
import { InputError } from '../scenarios/problems.js';
import { faultPoint } from './faults.js';
import { acquireLock, holdsLock, LockHeld, LockUnusable, releaseLock, removeDeadTemps } from './lock.js';
import { ioCode, lstatOrNull, problem, sidePaths } from './target.js';

/** What identifies an experiment's results; a checkpoint is resumed only by the experiment that wrote it. */
export interface CheckpointHeader {
  /** sha256 (hex) of everything that defines the results: inputs, seed, design, tokenmaxx version. */
  experiment: string;
  /** The number of runs in the experiment's run list; run indexes are 0 to runs − 1 (at most 2³² − 1). */
  runs: number;
  /** The number of float64 values each run's record holds (1 to 2²⁰). */
  width: number;
}

/** An open checkpoint: the runs finished so far, and where the next ones go. */
export interface Checkpoint {
  /**
   * Run index → its values: the runs read back at open. Runs appended since are written, not kept
   * here (their indexes only, to refuse a second record of a run), so that memory does not grow with
   * the runs of an experiment; a caller may delete entries it has used.
   */
  readonly done: Map<number, Float64Array>;
  /** Appends a finished run's values. Throws a RangeError for an index out of range or already in the checkpoint. */
  append(index: number, values: Float64Array): void;
  /** Syncs and closes the file (once). */
  close(): void;
}

/** The first words of a checkpoint's header, and the version of the format this module writes. */
const MAGIC = 'tokenmaxx-checkpoint';
const VERSION = 1;
/** A header is one short line; anything longer at the start of the file is not one. */
const MAX_HEADER_BYTES = 256;
/** Sync after this many records… */
export const SYNC_RECORDS = 64;
/** …or this many milliseconds since the last sync, whichever comes first. */
export const SYNC_MS = 1000;

/** The header line of a checkpoint. */
function headerLine(h: CheckpointHeader): string {
  return `${MAGIC} ${VERSION} experiment=${h.experiment} runs=${h.runs} width=${h.width}\n`;
}

/** Bytes of one record of `width` values: index, values, checksum. */
function recordBytes(width: number): number {
  return 4 + 8 * width + 4;
}

/** What is at a checkpoint's name. */
type Found =
  | { kind: 'absent' }
  | { kind: 'foreign' }
  /** A checkpoint tokenmaxx wrote; `header` is undefined for another version of the format. */
  | { kind: 'ours'; header?: CheckpointHeader; headerBytes: number; size: number };

/** Reads the header line at the start of an open file, or undefined when it does not start with one. */
function readHeader(fd: number): { version: number; header?: CheckpointHeader; headerBytes: number } | undefined {
  const buffer = Buffer.alloc(MAX_HEADER_BYTES);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  const end = buffer.subarray(0, n).indexOf(10);
  if (end < 0) return undefined;
  const line = buffer.subarray(0, end).toString('latin1');
  const version = new RegExp(`^${MAGIC} ([1-9][0-9]{0,5})(?: |$)`).exec(line);
  if (!version) return undefined;
  const headerBytes = end + 1;
  if (Number(version[1]) !== VERSION) return { version: Number(version[1]), headerBytes };
  const m = /^experiment=([0-9a-f]{64}) runs=([0-9]{1,10}) width=([0-9]{1,7})$/.exec(line.slice(version[0].length));
  if (!m) return undefined;
  const header = { experiment: m[1], runs: Number(m[2]), width: Number(m[3]) };
  return headerProblem(header) === undefined ? { version: VERSION, header, headerBytes } : undefined;
}

/** What is wrong with a header, or undefined. */
function headerProblem(h: CheckpointHeader): string | undefined {
  if (!/^[0-9a-f]{64}$/.test(h.experiment)) return 'experiment must be a sha256 in lowercase hex';
  if (!Number.isInteger(h.runs) || h.runs < 1 || h.runs > 0xffffffff) return 'runs must be an integer from 1 to 2^32 - 1';
  if (!Number.isInteger(h.width) || h.width < 1 || h.width > 1 << 20) return 'width must be an integer from 1 to 2^20';
  return undefined;
}

/** What is at `path`: nothing, a checkpoint tokenmaxx wrote (a regular file that starts with a header), or something else. */
function inspect(path: string): Found {
  const stat = lstatOrNull(path);
  if (!stat) return { kind: 'absent' };
  if (!stat.isFile()) return { kind: 'foreign' };
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const read = readHeader(fd);
    return read ? { kind: 'ours', header: read.header, headerBytes: read.headerBytes, size: fstatSync(fd).size } : { kind: 'foreign' };
  } finally {
    closeSync(fd);
  }
}

/** Is there a checkpoint tokenmaxx wrote at `path` (any experiment, any version of the format)? */
export function isCheckpointFile(path: string): boolean {
  return inspect(path).kind === 'ours';
}

function sameHeader(a: CheckpointHeader | undefined, b: CheckpointHeader): boolean {
  return a !== undefined && a.experiment === b.experiment && a.runs === b.runs && a.width === b.width;
}

function fsyncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates the checkpoint with its header, whole: written under a temporary name, then linked (fails if the name is taken). */
function create(path: string, header: CheckpointHeader): void {
  const temp = `${path}.${process.pid}`;
  try {
    faultPoint('write checkpoint');
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, headerLine(header));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    faultPoint('link checkpoint');
    linkSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  fsyncFolder(dirname(path));
}

/**
 * Reads the good records of an open checkpoint, from `start` (the end of its header): every record
 * up to the first torn or bad one. Returns them and the offset where the good records end.
 */
function readRecords(fd: number, start: number, header: CheckpointHeader): { done: Map<number, Float64Array>; end: number } {
  const { runs, width } = header;
  const size = recordBytes(width);
  const payload = size - 4;
  const buffer = Buffer.allocUnsafe(size * Math.max(1, Math.floor((1 << 20) / size)));
  const done = new Map<number, Float64Array>();
  let end = start;
  for (;;) {
    const n = readSync(fd, buffer, 0, buffer.length, end);
    const whole = Math.floor(n / size);
    for (let r = 0; r < whole; r++) {
      const at = r * size;
      const index = buffer.readUInt32LE(at);
      if (crc32(buffer.subarray(at, at + payload)) !== buffer.readUInt32LE(at + payload) || index >= runs || done.has(index)) return { done, end };
      const values = new Float64Array(width);
      for (let j = 0; j < width; j++) values[j] = buffer.readDoubleLE(at + 4 + 8 * j);
      done.set(index, values);
      end += size;
    }
    if (whole * size < buffer.length) return { done, end };
  }
}

/** Writes all of `bytes` at the end of the file (O_APPEND). */
function appendBytes(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** The checkpoint open at `fd`, its good records ending at `end`. */
function openRecords(fd: number, header: CheckpointHeader, done: Map<number, Float64Array>, end: number): Checkpoint {
  const { runs, width } = header;
  const record = Buffer.allocUnsafe(recordBytes(width));
  const payload = record.length - 4;
  let size = end;
  let unsynced = 0;
  let lastSync = Date.now();
  let state: 'open' | 'failed' | 'closed' = 'open';
  const appended = new Set<number>();
  const sync = () => {
    fsyncSync(fd);
    unsynced = 0;
    lastSync = Date.now();
  };
  return {
    done,
    append(index, values) {
      if (state !== 'open') throw new Error(`checkpoint append: the checkpoint is ${state === 'closed' ? 'closed' : 'unusable after a failed write'}`);
      if (!Number.isInteger(index) || index < 0 || index >= runs) throw new RangeError(`checkpoint append: run ${index} is not in the experiment (0 to ${runs - 1})`);
      if (done.has(index) || appended.has(index)) throw new RangeError(`checkpoint append: run ${index} is already in the checkpoint`);
      if (values.length !== width) throw new RangeError(`checkpoint append: ${values.length} values given, the checkpoint holds ${width} per run`);
      record.writeUInt32LE(index, 0);
      for (let j = 0; j < width; j++) record.writeDoubleLE(values[j], 4 + 8 * j);
      record.writeUInt32LE(crc32(record.subarray(0, payload)), payload);
      try {
        faultPoint('append checkpoint');
        appendBytes(fd, record);
      } catch (e) {
        // A write cut short (a full disk) would leave a torn record that the next append would
        // follow: cut the file back to the last whole record, and append no more.
        state = 'failed';
        try {
          ftruncateSync(fd, size);
        } catch {
          // The next open drops the torn record.
        }
        throw e;
      }
      size += record.length;
      appended.add(index);
      if (++unsynced >= SYNC_RECORDS || Date.now() - lastSync >= SYNC_MS) sync();
    },
    close() {
      if (state === 'closed') return;
      const wasOpen = state === 'open';
      state = 'closed';
      try {
        if (wasOpen) sync();
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * Opens the checkpoint of the experiment `header` beside the output folder `dir` (named by `flag` in
 * problems), creating it if there is none, and reads back the runs it holds; a torn or corrupt tail
 * is dropped and the file cut back to its last good record. The caller must hold the folder's lock
 * (OutputSet.open takes it).
 *
 * @throws InputError if a checkpoint of another experiment is there (unless `options.force`, which
 *   discards it), or if something that is not a checkpoint tokenmaxx wrote has its name (never
 *   touched, even with `force`), or on an I/O error, naming the file.
 * @throws Error if this process does not hold the lock, or the header is malformed (a bug).
 * @example
 *   const cp = openCheckpoint('out', '--out', { experiment, runs: 400, width: 60 });
 *   for (let i = 0; i < 400; i++) if (!cp.done.has(i)) cp.append(i, simulateRun(i));
 *   cp.close();
 */
export function openCheckpoint(dir: string, flag: string, header: CheckpointHeader, options: { force?: boolean } = {}): Checkpoint {
  const wrong = headerProblem(header);
  if (wrong) throw new Error(`openCheckpoint: ${wrong}`);
  const side = sidePaths(resolve(dir));
  if (!holdsLock(side.lock)) throw new Error(`openCheckpoint: this process does not hold the lock of ${dir}`);
  const shown = join(dirname(dir), basename(side.checkpoint));
  const path = side.checkpoint;
  try {
    removeDeadTemps(path);
    let found = inspect(path);
    if (found.kind === 'foreign') throw new InputError([problem(flag, messages.checkpointNotOurs(shown))]);
    if (found.kind === 'ours' && !sameHeader(found.header, header)) {
      if (!options.force) {
        const other = found.header;
        const finished = other && Math.floor((found.size - found.headerBytes) / recordBytes(other.width));
        const message = other ? messages.checkpointOtherExperiment(shown, { ...other, finished: finished! }, header.experiment) : messages.checkpointOtherFormat(shown);
        throw new InputError([problem(flag, message)]);
      }
      faultPoint('remove checkpoint');
      rmSync(path);
      found = { kind: 'absent' };
    }
    if (found.kind === 'absent') create(path, header);
    const fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW);
    try {
      const read = readHeader(fd);
      // Between the look and the open, only the user could have put something else there.
      if (!fstatSync(fd).isFile() || !sameHeader(read?.header, header)) throw new InputError([problem(flag, messages.checkpointNotOurs(shown))]);
      const { done, end } = readRecords(fd, read!.headerBytes, header);
      if (fstatSync(fd).size > end) {
        faultPoint('truncate checkpoint');
        ftruncateSync(fd, end);
        fsyncSync(fd);
      }
      return openRecords(fd, header, done, end);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = ioCode(e);
    if (code) throw new InputError([problem(flag, messages.folderIo(shown, 'write to', code))]);
    throw e;
  }
}

/**
 * Removes the checkpoint beside `dir`, once its runs are in a committed output set. Takes the
 * folder's lock unless this process holds it; leaves the checkpoint if another live process holds
 * the lock (it is that process's work in progress), and never removes a file at the checkpoint's
 * name that tokenmaxx did not write. Returns whether a checkpoint was removed.
 *
 * A crash between the commit and this call leaves a checkpoint whose runs are all in the folder:
 * the same command, given again, reruns nothing and writes the same files.
 */
export function removeCheckpoint(dir: string): boolean {
  const side = sidePaths(resolve(dir));
  if (!lstatOrNull(side.checkpoint)) return false;
  const held = holdsLock(side.lock);
  if (!held) {
    try {
      acquireLock(side.lock);
    } catch (e) {
      if (e instanceof LockHeld || e instanceof LockUnusable) return false;
      throw e;
    }
  }
  try {
    removeDeadTemps(side.checkpoint);
    if (!isCheckpointFile(side.checkpoint)) return false;
    faultPoint('remove checkpoint');
    rmSync(side.checkpoint);
    fsyncFolder(dirname(side.checkpoint));
    return true;
  } finally {
    if (!held) releaseLock(side.lock);
  }
}
