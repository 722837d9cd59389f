/**
 * The output folder contract (docs/ARCHITECTURE.md): a command writes its whole set of files into a
 * staging folder beside the target and switches it in with two renames, so that after a crash at any
 * instant the target holds the complete old set or the complete new set.
 *
 *   check (read only) → lock → recover leftovers → check again → stage files → manifest.json last
 *     → rename target aside → rename staging to target → remove the old set → unlock
 *
 * Beside a target `out`, in its parent folder, tokenmaxx keeps three names of its own:
 *   .out.tokenmaxx-lock   who is writing (lock.ts)
 *   .out.tokenmaxx-new    the set being staged
 *   .out.tokenmaxx-old    the previous set, between the two renames of a commit
 * A crash leaves at most these; the next command that locks the folder recovers from them: a staged
 * set whose commit had begun (the target already moved aside) is switched in, anything else staged is
 * removed, and an old set is removed once the target is back.
 *
 * `manifest.json` is the commit record: it lists every other file of the set with its sha256 and size,
 * and every reader verifies it (folder.ts). A folder is replaced only if every file in it is listed
 * in its manifest and unchanged; a link or a special file anywhere means it is not tokenmaxx's.
 */
import { accessSync, constants, closeSync, existsSync, realpathSync, statSync, writeFileSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync, copyFileSync, readdirSync, rmdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { messages } from '../messages.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { faultPoint } from './faults.js';
import { auditFolder, hashFile, MANIFEST, type FileRecord, type FileTable } from './folder.js';
import { acquireLock, liveHolder, LockHeld, LockUnusable, releaseLock } from './lock.js';

/** The names tokenmaxx keeps beside a target folder. */
export function sidePaths(target: string): { lock: string; staging: string; old: string } {
  const parent = dirname(target);
  const base = basename(target);
  return { lock: join(parent, `.${base}.tokenmaxx-lock`), staging: join(parent, `.${base}.tokenmaxx-new`), old: join(parent, `.${base}.tokenmaxx-old`) };
}

function problem(flag: string, message: string): Problem {
  return { source: flag, path: [], message };
}

function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The errno code of an I/O error, or undefined for anything else (a bug). */
export function ioCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/**
 * Problems with writing a set into `dir`, found without writing anything: an empty name, the current
 * folder, a link, a file, a folder holding anything tokenmaxx did not write (or changed since), or a
 * live lock. `flag` names the option in messages (`--out`, `--from`).
 */
export function targetProblems(dir: string, flag: string, options: { locked?: boolean } = {}): Problem[] {
  const path = pathProblems(dir, flag);
  if (path.length > 0) return path;
  try {
    const holder = options.locked ? null : liveHolder(sidePaths(resolve(dir)).lock);
    if (holder) return [problem(flag, messages.folderLocked(dir, holder))];
    return existsSync(dir) ? ownershipProblems(dir, flag) : [];
  } catch (e) {
    const code = ioCode(e);
    if (!code) throw e;
    return [problem(flag, messages.folderIo(dir, 'read', code))];
  }
}

/** Problems with the name alone: empty, the current folder or above it, a link, not a folder. */
function pathProblems(dir: string, flag: string): Problem[] {
  if (dir === '') return [problem(flag, messages.folderEmptyPath(flag))];
  const target = resolve(dir);
  try {
    const stat = lstatOrNull(target);
    if (stat?.isSymbolicLink()) return [problem(flag, messages.folderIsLink(flag, dir))];
    if (stat && !stat.isDirectory()) return [problem(flag, messages.folderNotDirectory(flag, dir))];
    // A mount point cannot be renamed aside, so it cannot be replaced as a whole.
    if (stat && stat.dev !== statSync(dirname(target)).dev) return [problem(flag, messages.folderIsMount(flag, dir))];
    // The nearest folder that exists must be one (links above the target are followed), and
    // writable: that is where the set is staged.
    let base = dirname(target);
    while (!existsSync(base) && dirname(base) !== base) base = dirname(base);
    if (!statSync(base).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(base, constants.W_OK | constants.X_OK);
    // Compared as real paths, so that a link above the target cannot hide the current folder.
    const real = join(realpathSync(base), relative(base, target));
    const inside = relative(real, realpathSync(process.cwd()));
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) return [problem(flag, messages.folderHoldsCwd(flag, dir))];
    return [];
  } catch (e) {
    const code = ioCode(e);
    if (!code) throw e;
    return [problem(flag, messages.folderIo(dir, 'write to', code))];
  }
}

function ownershipProblems(dir: string, flag: string): Problem[] {
  const audit = auditFolder(dir);
  if (audit.empty) return [];
  const problems: Problem[] = [];
  if (audit.foreign.length > 0) problems.push(problem(flag, messages.folderNotOurs(flag, dir, audit.foreign)));
  if (audit.links.length > 0) problems.push(problem(flag, messages.folderLinks(flag, dir, audit.links)));
  if (audit.changed.length > 0) problems.push(problem(flag, messages.folderChanged(flag, dir, audit.changed)));
  return problems;
}

/** The marker written first into a staging folder: what makes a leftover staging folder tokenmaxx's. */
const STAGING_MARKER = '.tokenmaxx-staging';

/** Is `dir` a set tokenmaxx wrote, complete and unchanged (its manifest lists everything in it)? */
function isCompleteSet(dir: string): boolean {
  const audit = auditFolder(dir);
  return audit.manifest !== undefined && audit.foreign.length === 0 && audit.links.length === 0 && audit.changed.length === 0;
}

/** Is a leftover staging folder tokenmaxx's: marked when it was made, or a complete set? */
function isOurStaging(dir: string): boolean {
  const marker = lstatOrNull(join(dir, STAGING_MARKER));
  return marker?.isFile() === true || isCompleteSet(dir);
}

/**
 * Puts a folder left by a crash back in order (the caller holds the lock). A leftover that is not
 * tokenmaxx's (a folder of the user's that happens to have one of its names) is never moved or
 * removed: it is named in a problem instead.
 */
function recover(target: string, dir: string, flag: string): Problem[] {
  const side = sidePaths(target);
  const problems: Problem[] = [];
  const foreign = (path: string) => problem(flag, messages.leftoverNotOurs(join(dirname(dir), basename(path))));
  const hasStaging = existsSync(side.staging);
  const hasOld = existsSync(side.old);
  const stagingOurs = hasStaging && isOurStaging(side.staging);
  const oldOurs = hasOld && isCompleteSet(side.old);
  if (hasStaging && !stagingOurs) problems.push(foreign(side.staging));
  if (hasOld && !oldOurs) problems.push(foreign(side.old));
  if (problems.length > 0) return problems;
  if (!existsSync(target) && hasOld) {
    // The crash fell between the two renames of a commit: the staged set was complete.
    faultPoint('recover: switch in');
    renameSync(stagingOurs && isCompleteSet(side.staging) ? side.staging : side.old, target);
  }
  if (existsSync(side.staging)) {
    faultPoint('recover: remove staging');
    rmSync(side.staging, { recursive: true, force: true });
  }
  if (existsSync(side.old)) {
    faultPoint('recover: remove old set');
    rmSync(side.old, { recursive: true, force: true });
  }
  return [];
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Finishes or undoes what a crash left beside `dir` (a staged set, an old set between the two renames
 * of a commit), so that `dir` holds a complete set again before it is read. Does nothing when nothing
 * was left, or while another live process holds the lock (its leftovers are its work in progress).
 */
export function recoverFolder(dir: string, flag: string): void {
  if (dir === '') return;
  const target = resolve(dir);
  const side = sidePaths(target);
  if (!existsSync(side.staging) && !existsSync(side.old)) return;
  try {
    acquireLock(side.lock);
  } catch (e) {
    if (e instanceof LockHeld || e instanceof LockUnusable || ioCode(e)) return;
    throw e;
  }
  try {
    const problems = recover(target, dir, flag);
    if (problems.length > 0) throw new InputError(problems);
  } finally {
    releaseLock(side.lock);
  }
}

/** A file being appended to in the staging folder; its hash and size are kept as it is written. */
export class StagedFile {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    private readonly fd: number,
    private readonly name: string,
    private readonly done: (record: FileRecord) => void,
  ) {}

  /** Appends text; it reaches the disk in chunks of about 1 MiB. */
  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
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
      closeSync(this.fd);
    }
    const record = { sha256: this.hash.digest('hex'), bytes: this.bytes };
    this.done(record);
    return record;
  }
}

/**
 * An output set being written. `open` takes the folder (or refuses it with an InputError); files go
 * to the staging folder; `commit` switches the set in; `abandon` leaves the target as it was.
 */
export class OutputSet {
  private readonly records: FileTable = Object.create(null) as FileTable;
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
    return new StagedFile(openSync(path, 'wx'), name, (r) => (this.records[name] = r));
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
      kept = removeOwnFiles(side.old);
    }
    this.finished = true;
    releaseLock(this.lock);
    return { kept };
  }

  /** Removes the staging folder and unlocks: the target is left exactly as it was. */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
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

/**
 * Removes an old set: each file its manifest lists with unchanged bytes, the manifest, then folders
 * left empty. Anything else (a file saved into the folder in the instant before the switch) is kept:
 * the folder is renamed beside the target under a name of its own, which is returned.
 */
function removeOwnFiles(old: string): string | undefined {
  const audit = auditFolder(old);
  if (audit.foreign.length === 0 && audit.links.length === 0 && audit.changed.length === 0) {
    rmSync(old, { recursive: true, force: true });
    return undefined;
  }
  const listed = audit.manifest?.files ?? {};
  for (const name of Object.keys(listed)) {
    if (!audit.changed.includes(name) && !audit.missing.includes(name)) rmSync(join(old, name), { force: true });
  }
  if (audit.manifest) rmSync(join(old, MANIFEST), { force: true });
  const keep = `${old.replace(/\.tokenmaxx-old$/, '').replace(/\/\.([^/]*)$/, '/$1')}.kept-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(old, keep);
  return keep;
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
