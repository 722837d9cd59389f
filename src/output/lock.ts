/**
 * The lock that keeps two tokenmaxx processes from writing one output folder at once.
 *
 * The lock is a small JSON file beside the folder naming its holder (host, pid and the process's
 * start time). It is created atomically with its content — written under a temporary name, then
 * hard-linked to the lock's name, which fails if the lock exists — so a lock is never seen empty.
 *
 * A lock whose holder is gone (a run killed with SIGKILL or Ctrl-C) is stale and is taken over. Why
 * not a lock refreshed by a timer (as proper-lockfile does): a run simulates synchronously for
 * minutes, holding the event loop, so no timer would fire and a live run would look stale.
 */
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { faultPoint } from './faults.js';

/** Who holds a lock. */
export interface LockHolder {
  host: string;
  pid: number;
  /** The holder's start time in clock ticks since boot (Linux), to tell a reused pid apart. */
  startTicks: string | null;
  /** When the lock was taken (ISO 8601). */
  since: string;
}

/** Thrown when another live process holds the lock. */
export class LockHeld extends Error {
  constructor(readonly holder: LockHolder | null) {
    super('the output folder is locked');
  }
}

/** Thrown when something that is not a lock file (a folder, a link) has the lock's name. */
export class LockUnusable extends Error {
  constructor(readonly path: string) {
    super(`${path} is not a lock file`);
  }
}

/** A process's start time in clock ticks since boot, from /proc (null where there is no /proc). */
function startTicks(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Is the holder still running? A holder on another host is assumed to be. */
export function isAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = startTicks(h.pid);
  return h.startTicks === null || now === null || now === h.startTicks;
}

/** The holder a lock file names, or null when it names none that could run (garbage, pid ≤ 0). */
function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder> | null;
    const valid =
      h !== null && typeof h === 'object' && Number.isSafeInteger(h.pid) && (h.pid as number) > 0 && typeof h.host === 'string' && typeof h.since === 'string' && (h.startTicks === null || typeof h.startTicks === 'string');
    return valid ? (h as LockHolder) : null;
  } catch {
    return null;
  }
}

/** Refuses to touch anything at the lock's name that tokenmaxx could not have made: a folder, a link. */
function checkIsFile(path: string): void {
  try {
    if (!lstatSync(path).isFile()) throw new LockUnusable(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** The holder of the lock at `path` if a live process holds it, else null (no lock, or stale). */
export function liveHolder(path: string): LockHolder | null {
  const h = readHolder(path);
  return h && isAlive(h) ? h : null;
}

/**
 * Removes the temporary files (`NAME.PID`, `NAME.stale-PID`) that processes which have died left while
 * creating `path` (a lock, a checkpoint); the caller holds the lock.
 */
export function removeDeadTemps(path: string): void {
  const prefix = `${basename(path)}.`;
  for (const name of readdirSync(dirname(path))) {
    const m = /^(?:stale-)?(\d+)$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '');
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive({ host: hostname(), pid, startTicks: null, since: '' })) continue;
    rmSync(join(dirname(path), name), { force: true });
  }
}

/** Takes the lock at `path`, taking over a stale one; throws LockHeld if a live process holds it. */
export function acquireLock(path: string): LockHolder {
  removeDeadTemps(path);
  const me: LockHolder = { host: hostname(), pid: process.pid, startTicks: startTicks('self'), since: new Date().toISOString() };
  const temp = `${path}.${process.pid}`;
  faultPoint('write lock');
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        faultPoint('link lock');
        linkSync(temp, path);
        return me;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      checkIsFile(path);
      const holder = readHolder(path);
      if (holder && isAlive(holder)) throw new LockHeld(holder);
      takeOverStale(path);
    }
    throw new LockHeld(readHolder(path));
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Removes a stale lock so that only one contender does: it is first renamed to a name of this
 * process's own, and checked again there (another process may have replaced it meanwhile).
 */
function takeOverStale(path: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    faultPoint('set aside stale lock');
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (!lstatSync(aside).isFile()) {
    renameSync(aside, path);
    throw new LockUnusable(path);
  }
  const holder = readHolder(aside);
  if (holder && isAlive(holder)) {
    // Not stale after all: put it back (link fails if yet another lock appeared; then that one stands).
    try {
      linkSync(aside, path);
    } catch {
      // A newer lock holds the name.
    }
    rmSync(aside, { force: true });
    throw new LockHeld(holder);
  }
  rmSync(aside, { force: true });
}

/** Does this process hold the lock at `path`? */
export function holdsLock(path: string): boolean {
  const h = readHolder(path);
  return h !== null && h.pid === process.pid && h.host === hostname();
}

/** Releases a lock this process holds (does nothing if it holds none). */
export function releaseLock(path: string): void {
  if (holdsLock(path)) {
    faultPoint('remove lock');
    rmSync(path, { force: true });
  }
}
