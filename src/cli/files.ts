/**
 * Writing results: all files of a run are first written to temporary names in the target directory
 * and then renamed into place, so a crash leaves either the old files or the new ones, never a
 * half-written file. A directory holding files tokenmaxx did not write is refused, not overwritten.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { messages } from '../messages.js';
import { InputError } from '../scenarios/problems.js';

/** Files tokenmaxx writes into an output directory (other than those a run lists itself). */
const OWN_FILES = new Set(['manifest.json', 'timeseries.csv', 'summary.json', 'distributions.json', 'report.html', 'charts']);

/** Throws InputError unless `dir` is absent, empty, or holds only a previous tokenmaxx run. */
export function checkOutputDirectory(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new InputError([{ source: '--out', path: [], message: messages.outNotDirectory(dir) }]);
  const entries = readdirSync(dir);
  if (entries.length === 0) return;
  const foreign = entries.filter((e) => !OWN_FILES.has(e));
  if (foreign.length === 0 && isOurManifest(join(dir, 'manifest.json'))) return;
  throw new InputError([{ source: '--out', path: [], message: messages.outNotOurs(dir, foreign.length ? foreign : entries) }]);
}

function isOurManifest(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { tool?: string }).tool === 'tokenmaxx';
  } catch {
    return false;
  }
}

/** Writes every file (relative path → text) into `dir` atomically, file by file, all or nothing. */
export function writeFilesAtomically(dir: string, files: Record<string, string | Uint8Array>): void {
  const temps: [string, string][] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const target = join(dir, name);
      mkdirSync(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${name.split('/').pop()}.${process.pid}.tmp`);
      writeFileSync(temp, text);
      temps.push([temp, target]);
    }
    for (const [temp, target] of temps) renameSync(temp, target);
  } catch (e) {
    for (const [temp] of temps) rmSync(temp, { force: true });
    throw e;
  }
}
