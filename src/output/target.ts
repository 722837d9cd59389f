/**
 * The target of an output set, checked without writing anything: its name (empty, the current
 * folder, a link, a mount point, a file), the place it would be staged in, and whether what it holds
 * is tokenmaxx's to replace (docs/ARCHITECTURE.md, rules 1, 5 and 8).
 */
import { accessSync, constants, existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { messages } from '../messages.js';
import type { Problem } from '../scenarios/problems.js';
import { auditFolder } from './folder.js';
import { liveHolder } from './lock.js';

/**
 * The names tokenmaxx keeps beside a target folder: the lock, the staging folder, the old set between
 * the two renames of a commit, and the checkpoint of an experiment's finished runs (checkpoint.ts).
 * With the suffixes of their temporary files (`.PID`, `.stale-PID`) they add at most 30 characters
 * to the target's name.
 */
export function sidePaths(target: string): { lock: string; staging: string; old: string; checkpoint: string } {
  const parent = dirname(target);
  const side = (suffix: string) => join(parent, `.${basename(target)}.tokenmaxx-${suffix}`);
  return { lock: side('lock'), staging: side('new'), old: side('old'), checkpoint: side('checkpoint') };
}

export function problem(flag: string, message: string): Problem {
  return { source: flag, path: [], message };
}

/** lstat, or null when nothing is there. */
export function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
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
export function pathProblems(dir: string, flag: string): Problem[] {
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

/** Problems with the contents of an existing folder: anything tokenmaxx did not write, or changed since. */
function ownershipProblems(dir: string, flag: string): Problem[] {
  const audit = auditFolder(dir);
  if (audit.empty) return [];
  const problems: Problem[] = [];
  if (audit.foreign.length > 0) problems.push(problem(flag, messages.folderNotOurs(flag, dir, audit.foreign)));
  if (audit.links.length > 0) problems.push(problem(flag, messages.folderLinks(flag, dir, audit.links)));
  if (audit.changed.length > 0) problems.push(problem(flag, messages.folderChanged(flag, dir, audit.changed)));
  return problems;
}
