/**
 * What a crash can leave beside an output folder, and how it is put back in order (docs/ARCHITECTURE.md,
 * rule 7): a staged set whose commit had begun is switched in, anything else staged is removed, an old
 * set is removed once the target is back. The checkpoint of an interrupted experiment (checkpoint.ts)
 * is not a half-written set but the runs it finished: it is kept, for the experiment to resume. Only
 * what is tokenmaxx's is ever moved or removed.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { messages } from '../messages.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { isCheckpointFile } from './checkpoint.js';
import { faultPoint } from './faults.js';
import { auditFolder, isClean, MANIFEST } from './folder.js';
import { acquireLock, LockHeld, LockUnusable, releaseLock, removeDeadTemps } from './lock.js';
import { ioCode, lstatOrNull, problem, sidePaths } from './target.js';

/** The marker written first into a staging folder: what makes a leftover staging folder tokenmaxx's. */
export const STAGING_MARKER = '.tokenmaxx-staging';

/** Is `dir` a set tokenmaxx wrote, complete and unchanged (its manifest lists everything in it)? */
function isCompleteSet(dir: string): boolean {
  const audit = auditFolder(dir);
  return audit.manifest !== undefined && isClean(audit);
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
export function recover(target: string, dir: string, flag: string): Problem[] {
  const side = sidePaths(target);
  const problems: Problem[] = [];
  const foreign = (path: string) => problem(flag, messages.leftoverNotOurs(join(dirname(dir), basename(path))));
  const hasStaging = existsSync(side.staging);
  const hasOld = existsSync(side.old);
  const stagingOurs = hasStaging && isOurStaging(side.staging);
  const oldOurs = hasOld && isCompleteSet(side.old);
  if (hasStaging && !stagingOurs) problems.push(foreign(side.staging));
  if (hasOld && !oldOurs) problems.push(foreign(side.old));
  // A checkpoint is kept; a file of the user's with its name is named, never taken for one.
  if (lstatOrNull(side.checkpoint) && !isCheckpointFile(side.checkpoint)) problems.push(problem(flag, messages.checkpointNotOurs(join(dirname(dir), basename(side.checkpoint)))));
  if (problems.length > 0) return problems;
  removeDeadTemps(side.checkpoint);
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

/**
 * Removes the old set of `target` after a commit. If anything else is in it (a file saved into the
 * folder in the instant before the switch), only the set's own unchanged files and its manifest are
 * removed, and the folder, with what is left, is renamed beside the target under a name of its own,
 * which is returned.
 */
export function removeOldSet(target: string): string | undefined {
  const old = sidePaths(target).old;
  const audit = auditFolder(old);
  if (isClean(audit)) {
    rmSync(old, { recursive: true, force: true });
    return undefined;
  }
  const listed = audit.manifest?.files ?? {};
  for (const name of Object.keys(listed)) {
    if (!audit.changed.includes(name) && !audit.missing.includes(name)) rmSync(join(old, name), { force: true });
  }
  if (audit.manifest) rmSync(join(old, MANIFEST), { force: true });
  const keep = `${target}.kept-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(old, keep);
  return keep;
}
