/**
 * The output folder contract (docs/ARCHITECTURE.md): a command writes its whole set of files into a
 * staging folder beside the target and switches it in with two renames, so that after a crash at any
 * instant the target holds the complete old set or the complete new set.
 *
 *   check (read only) → lock → recover leftovers → check again → stage files → manifest.json last
 *     → rename target aside → rename staging to target → remove the old set → unlock
 *
 * Beside a target `out`, in its parent folder, tokenmaxx keeps four names of its own:
 *   .out.tokenmaxx-lock         who is writing (lock.ts)
 *   .out.tokenmaxx-new          the set being staged
 *   .out.tokenmaxx-old          the previous set, between the two renames of a commit
 *   .out.tokenmaxx-checkpoint   the finished runs of an experiment not yet committed (checkpoint.ts)
 * A crash leaves at most these; the next command that locks the folder recovers from them: a staged
 * set whose commit had begun (the target already moved aside) is switched in, anything else staged is
 * removed, an old set is removed once the target is back, and a checkpoint is kept for the experiment
 * to resume.
 *
 * `manifest.json` is the commit record: it lists every other file of the set with its sha256 and size,
 * and every reader verifies it (folder.ts). A folder is replaced only if every file in it is listed
 * in its manifest and unchanged; a link or a special file anywhere means it is not tokenmaxx's.
 *
 * The checks of the target are in target.ts, the recovery in recover.ts, the lock in lock.ts; this
 * module stages and commits.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { messages } from '../messages.js';
import { InputError } from '../scenarios/problems.js';
import { faultPoint } from './faults.js';
import { hashFile, MANIFEST, type FileRecord, type FileTable } from './folder.js';
import { acquireLock, LockHeld, LockUnusable, releaseLock } from './lock.js';
import { recover, removeOldSet, STAGING_MARKER } from './recover.js';
import { ioCode, pathProblems, problem, sidePaths, targetProblems } from './target.js';

export { recoverFolder } from './recover.js';
export { ioCode, sidePaths, targetProblems } from './target.js';

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file being appended to in the staging folder; its hash and size are kept as it is written. */
export class StagedFile {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private pending: (string | Uint8Array)[] = [];
  private pendingLength = 0;

  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly name: string,
    private readonly done: (record: FileRecord) => void,
  ) {}

  /** Appends text (or bytes); it reaches the disk in chunks of about 64 KiB or more. */
  write(text: string | Uint8Array): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const chunk = Buffer.concat(this.pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.pending = [];
    this.pendingLength = 0;
    faultPoint(`write ${this.name}`);
    for (let at = 0; at < chunk.length; ) at += writeSync(this.fd, chunk, at, chunk.length - at);
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  /** Writes what is pending, syncs and closes the file. */
  close(): FileRecord {
    try {
      this.flush();
      fsyncSync(this.fd);
    } finally {
      this.release();
    }
    const record = { sha256: this.hash.digest('hex'), bytes: this.bytes };
    this.done(record);
    return record;
  }

  /** Closes the file descriptor, once, without writing what is pending (a set being abandoned). */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * An output set being written. `open` takes the folder (or refuses it with an InputError); files go
 * to the staging folder; `commit` switches the set in; `abandon` leaves the target as it was.
 */
export class OutputSet {
  private readonly records: FileTable = Object.create(null) as FileTable;
  /** Files opened for appending: closed if the set is abandoned half-written. */
  private readonly streams: StagedFile[] = [];
  private finished = false;

  private constructor(
    /** The target folder as the user named it. */
    readonly dir: string,
    private readonly target: string,
    /** The staging folder: read staged files from here (e.g. to build a report from them). */
    readonly staging: string,
    private readonly lock: string,
    /** Folders above the target that `open` created, removed again if the set is abandoned. */
    private readonly created: string[],
    /** The option that named the target, for problems. */
    private readonly flag: string,
  ) {}

  /**
   * Locks `dir`, recovers what a crash left, checks again that it holds only tokenmaxx's unchanged
   * files, and creates the staging folder (which proves the place writable before any work is done).
   */
  static open(dir: string, flag: string): OutputSet {
    const pre = pathProblems(dir, flag);
    if (pre.length > 0) throw new InputError(pre);
    const target = resolve(dir);
    const side = sidePaths(target);
    const created = missingAncestors(dirname(target));
    let locked = false;
    try {
      mkdirSync(dirname(target), { recursive: true });
      acquireLock(side.lock);
      locked = true;
      const left = recover(target, dir, flag);
      if (left.length > 0) throw new InputError(left);
      const again = targetProblems(dir, flag, { locked: true });
      if (again.length > 0) throw new InputError(again);
      faultPoint('create staging folder');
      mkdirSync(side.staging);
      writeFileSync(join(side.staging, STAGING_MARKER), `tokenmaxx ${process.pid}\n`);
      return new OutputSet(dir, target, side.staging, side.lock, created, flag);
    } catch (e) {
      if (locked) releaseLock(side.lock);
      removeEmptyFolders(created);
      if (e instanceof LockHeld) throw new InputError([problem(flag, messages.folderLocked(dir, e.holder))]);
      if (e instanceof LockUnusable) throw new InputError([problem(flag, messages.lockUnusable(join(dirname(dir), basename(side.lock))))]);
      const code = ioCode(e);
      if (code) throw new InputError([problem(flag, messages.folderIo(dir, 'write to', code))]);
      throw e;
    }
  }

  /** The staging path of a file of the set. */
  stagedPath(name: string): string {
    return join(this.staging, name);
  }

  /** Opens a file of the set for appending. */
  create(name: string): StagedFile {
    const path = this.stagedPath(name);
    mkdirSync(dirname(path), { recursive: true });
    faultPoint(`create ${name}`);
    const file = new StagedFile(openSync(path, 'wx'), name, (r) => (this.records[name] = r));
    this.streams.push(file);
    return file;
  }

  /** Writes a whole file of the set. */
  writeFile(name: string, data: string | Uint8Array): FileRecord {
    const path = this.stagedPath(name);
    mkdirSync(dirname(path), { recursive: true });
    faultPoint(`write ${name}`);
    const fd = openSync(path, 'wx');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const record = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    if (name !== MANIFEST) this.records[name] = record;
    return record;
  }

  /** Carries a verified file of the current set over into the new one (a hard link, else a copy). */
  carryOver(name: string, record: FileRecord): void {
    const from = join(this.target, name);
    const to = this.stagedPath(name);
    mkdirSync(dirname(to), { recursive: true });
    faultPoint(`carry over ${name}`);
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
      if (hashFile(to).sha256 !== record.sha256) throw new Error(`${name} changed while it was copied`);
    }
    this.records[name] = record;
  }

  /** The files staged so far (not manifest.json), for the manifest's table. */
  files(): FileTable {
    return Object.fromEntries(Object.keys(this.records).sort().map((k) => [k, this.records[k]]));
  }

  /**
   * Writes manifest.json last (replacing any staged draft) and switches the staged set in for the
   * old one. Until the old set is moved aside, a crash leaves it in place.
   */
  commit(manifestText: string): { kept?: string } {
    const draft = `.${MANIFEST}.partial`;
    this.writeFile(draft, manifestText);
    delete this.records[draft];
    faultPoint('rename manifest');
    renameSync(this.stagedPath(draft), this.stagedPath(MANIFEST));
    rmSync(this.stagedPath(STAGING_MARKER), { force: true });
    for (const d of stagedFolders(this.staging)) fsyncPath(d);
    // The target was checked when the set was opened, perhaps minutes ago: check it again now,
    // so that a file saved into it meanwhile is not replaced.
    const changed = targetProblems(this.dir, this.flag, { locked: true });
    if (changed.length > 0) throw new InputError(changed.map((p) => ({ ...p, message: messages.folderChangedDuringRun(p.message) })), messages.problemCountNotKept(changed.length));
    const side = sidePaths(this.target);
    const hadTarget = existsSync(this.target);
    if (hadTarget) {
      faultPoint('move old set aside');
      renameSync(this.target, side.old);
    }
    faultPoint('switch in new set');
    renameSync(this.staging, this.target);
    fsyncPath(dirname(this.target));
    let kept: string | undefined;
    if (hadTarget) {
      faultPoint('remove old set');
      kept = removeOldSet(this.target);
    }
    this.finished = true;
    releaseLock(this.lock);
    return { kept };
  }

  /** Removes the staging folder and unlocks: the target is left exactly as it was. */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    for (const file of this.streams) file.release();
    rmSync(this.staging, { recursive: true, force: true });
    releaseLock(this.lock);
    removeEmptyFolders(this.created);
  }
}

/** Removes folders (deepest first) that are still empty; leaves any that are not. */
function removeEmptyFolders(folders: readonly string[]): void {
  for (const d of folders) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

/** The folders inside the staging folder, innermost first, then the staging folder itself. */
function stagedFolders(dir: string): string[] {
  const subs = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => stagedFolders(join(dir, d.name)));
  return [...subs, dir];
}

/** The ancestors of `dir` (itself included) that do not exist yet, deepest first. */
function missingAncestors(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.push(d);
  return missing;
}
