/**
 * Verifying a finished run folder before reading it: it must hold a manifest tokenmaxx wrote, every
 * file the manifest lists must be there with the recorded sha256 and size, nothing may be there that
 * it does not list, and nothing may be a link. Each problem names the file it is about.
 */
import { join } from 'node:path';
import { messages } from '../messages.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { auditFolder, type FileTable } from './folder.js';
import { ioCode, lstatOrNull } from './target.js';

/** A verified run folder: its manifest's text and file table. */
export interface VerifiedRun {
  manifestText: string;
  files: FileTable;
}

/**
 * Verifies the run in `dir` (named by `flag` in problems); `required` files must be listed. Listed
 * files that `optional` accepts may be missing (a report that is about to be rebuilt). Throws an
 * InputError naming every problem.
 */
export function verifyRun(dir: string, flag: string, required: readonly string[], optional: (name: string) => boolean = () => false): VerifiedRun {
  const problems: Problem[] = [];
  const at = (file: string, message: string): Problem => ({ source: join(dir, file), path: [], message });
  try {
    const stat = lstatOrNull(dir);
    if (!stat) throw new InputError([{ source: flag, path: [], message: messages.runMissing(dir) }]);
    if (!stat.isDirectory()) throw new InputError([{ source: flag, path: [], message: messages.folderNotDirectory(flag, dir) }]);
    const audit = auditFolder(dir);
    if (!audit.manifest) throw new InputError([{ source: flag, path: [], message: messages.runNoManifest(dir) }]);
    for (const f of audit.links) problems.push(at(f, messages.runLink()));
    for (const f of audit.foreign) problems.push(at(f, messages.runNotListed()));
    for (const f of audit.changed) problems.push(at(f, messages.runFileChanged()));
    for (const f of audit.missing) if (!optional(f)) problems.push(at(f, messages.runFileMissing()));
    for (const f of required) if (!Object.hasOwn(audit.manifest.files, f)) problems.push(at(f, messages.runFileMissing()));
    if (problems.length > 0) throw new InputError(problems);
    return { manifestText: audit.manifest.text, files: audit.manifest.files };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = ioCode(e);
    if (!code) throw e;
    throw new InputError([{ source: flag, path: [], message: messages.folderIo(dir, 'read', code) }]);
  }
}
