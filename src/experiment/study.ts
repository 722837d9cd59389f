/**
 * One report of a study: `report --from` on sweep or sensitivity folders, each verified against its
 * manifest and read as hostile input (src/report/readStudy.ts), drawn as one page
 * (src/report/sweepReport.ts).
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { messages } from '../messages.js';
import { recoverFolder, targetProblems } from '../output/outputSet.js';
import { verifyRun } from '../output/verify.js';
import { toolVersion } from '../paths.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { canonicalJson } from '../scenarios/resolve.js';
import { finishedKind, isReportFile, KIND_WORDS, writeOutputSet, type Written } from './destination.js';
import { manifestWithFiles, sha256 } from './outputs.js';

/**
 * `report --from A [--from B ...]` on sweep or sensitivity folders: one report of them all. Each
 * folder is verified against its manifest and read as hostile input. One folder: its report is
 * rebuilt in place, switched in with its data; several: the study's report goes to `options.out`
 * (default out-study) with a manifest naming each folder and its manifest's sha256.
 */
export async function studyReport(froms: readonly string[], options: { png?: boolean; out?: string; command: string; force?: boolean }): Promise<{ dir: string; written: Written }> {
  const [{ readSweepFolder }, { buildStudyReport, buildSweepReport }] = await Promise.all([import('../report/readStudy.js'), import('../report/sweepReport.js')]);
  const problems: Problem[] = [];
  const parts = froms.flatMap((dir) => {
    if (!existsSync(join(dir, 'sweep.csv'))) {
      problems.push({ source: '--from', path: [], message: messages.studyNotSweep(dir) });
      return [];
    }
    try {
      return [readSweepFolder(dir, '--from')];
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.problems);
      return [];
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  const build = () => buildStudyReport(parts, { png: options.png, command: options.command, toolVersion: toolVersion() });
  if (froms.length === 1 && options.out === undefined) {
    const dir = froms[0];
    recoverFolder(dir, '--from');
    const written = await writeOutputSet(dir, '--from', async (set) => {
      const verified = verifyRun(dir, '--from', ['sweep.csv'], isReportFile);
      for (const [name, record] of Object.entries(verified.files)) if (!isReportFile(name)) set.carryOver(name, record);
      const files = await buildSweepReport({ ...parts[0], png: options.png });
      for (const [name, data] of Object.entries(files)) set.writeFile(name, data);
      return manifestWithFiles(verified.manifestText, set.files());
    });
    return { dir, written };
  }
  const dir = options.out ?? 'out-study';
  const targetIssues = targetProblems(dir, '--out');
  // The study's folder is never one it reads, and replaces no finished set but a study's unless forced.
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolvePath(p));
  if (froms.some((from) => real(from) === real(dir))) targetIssues.push({ source: '--out', path: [], message: messages.studyOutIsInput(dir) });
  const found = finishedKind(dir);
  if (found && found.kind !== 'study' && !options.force) targetIssues.push({ source: '--out', path: [], message: messages.folderOtherKind(dir, KIND_WORDS[found.kind], KIND_WORDS.study) });
  if (targetIssues.length > 0) throw new InputError(targetIssues);
  const sources = froms.map((from) => ({ folder: from, manifestSha256: sha256(readFileSync(join(from, 'manifest.json'))) }));
  const written = await writeOutputSet(dir, '--out', async (set) => {
    for (const [name, data] of Object.entries(await build())) set.writeFile(name, data);
    return canonicalJson({ tool: 'tokenmaxx', toolVersion: toolVersion(), command: options.command, experiment: 'study', sources, files: set.files() }, 2) + '\n';
  });
  return { dir, written };
}
