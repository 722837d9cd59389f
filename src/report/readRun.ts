/**
 * Reading a finished run for its report, every byte treated as hostile:
 *
 *   read manifest.json, summary.json, distributions.json (size-capped) → parse JSON (located errors)
 *   → check tool and version → validate each with its zod schema → check the files agree (scenarios,
 *   seeds, metrics) → stream timeseries.csv line by line, checking and reducing each row → RunData
 *
 * Every problem is gathered and thrown at once in one InputError, each located in its file
 * (`dir/file:line:column` and JSON path). Hashes, ownership and links are checked before this, by
 * the output-folder module; this never trusts that they were.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPARISON_FILES } from '../experiment/compare.js';
import type { RunHeadline } from '../experiment/headline.js';
import { RUN_DATA_FILES } from '../experiment/outputs.js';
import { ioReason, messages } from '../messages.js';
import { toolVersion } from '../paths.js';
import type { RunData } from '../plots/data.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { canonicalJson } from '../scenarios/resolve.js';
import { forEachLine, forEachLineOfText, type LineCount, type LineVisitor } from './lines.js';
import { readComparison, type ComparisonData } from './comparison.js';
import { checkJson, locateInJson, parseRunJson } from './locate.js';
import { distributionsSchema, manifestSchema, summarySchema, type Distributions, type Manifest } from './runFiles.js';
import { TimeseriesCheck } from './timeseries.js';

/** The largest JSON file of a run read: far above what tokenmaxx writes (a few MB for 10,000 replicates). */
export const MAX_JSON_BYTES = 64 << 20;

/** Where a run's files come from: a folder, or texts held in memory. */
interface RunSource {
  /** The file as the user would name it, for problems. */
  where(name: string): string;
  /** The text of a JSON file; throws an fs error, or a RangeError (its size) when it is too large. */
  text(name: string): string;
  /** Reads a file line by line. */
  lines(name: string, visit: LineVisitor): LineCount;
}

class TooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`${bytes} bytes`);
  }
}

function folderSource(dir: string): RunSource {
  return {
    where: (name) => join(dir, name),
    text: (name) => {
      const fd = openSync(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const size = fstatSync(fd).size;
        if (size > MAX_JSON_BYTES) throw new TooLarge(size);
        return readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
    },
    lines: (name, visit) => forEachLine(join(dir, name), visit),
  };
}

function textSource(files: Readonly<Record<string, string>>, dir: string): RunSource {
  const get = (name: string) => {
    if (!Object.hasOwn(files, name)) throw Object.assign(new Error(`${name} missing`), { code: 'ENOENT' });
    return files[name];
  };
  return {
    where: (name) => (dir ? join(dir, name) : name),
    text: (name) => {
      const text = get(name);
      if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new TooLarge(Buffer.byteLength(text));
      return text;
    },
    lines: (name, visit) => forEachLineOfText(get(name), visit),
  };
}

/**
 * Reads, validates and reduces the run in `dir` (its --out), checking that this tokenmaxx wrote it.
 * @throws InputError naming every problem, located in its file
 */
export function loadRun(dir: string): RunData {
  return readRun(folderSource(dir), toolVersion());
}

/**
 * The same for a run's files held in memory (name → text), as the library's `runOutputs` gives them.
 * `expectedVersion`, when given, is checked against the manifest's `toolVersion` as `loadRun` does.
 * @throws InputError naming every problem
 */
export function readRunTexts(files: Readonly<Record<string, string>>, options: { dir?: string; expectedVersion?: string } = {}): RunData {
  return readRun(textSource(files, options.dir ?? ''), options.expectedVersion);
}

/** A JSON file read and parsed: its text and value, or the problems that stopped it. */
type Parsed = { ok: true; text: string; value: unknown } | { ok: false };

function readJson(source: RunSource, name: string, problems: Problem[]): Parsed {
  const where = source.where(name);
  let text: string;
  try {
    text = source.text(name);
  } catch (e) {
    if (e instanceof TooLarge) problems.push({ source: where, path: [], message: messages.runJsonTooLarge(e.bytes, MAX_JSON_BYTES) });
    else problems.push({ source: where, path: [], message: messages.unreadable(ioReason(ioCodeOf(e))) });
    return { ok: false };
  }
  const parsed = parseRunJson(text, where);
  if (parsed.ok) return { ok: true, text, value: parsed.value };
  problems.push(...parsed.problems);
  return { ok: false };
}

function ioCodeOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : String((e as Error | undefined)?.message ?? e);
}

/** Validates a parsed file with its schema; problems are located in its text. */
function validated<T>(parsed: Parsed, schema: Parameters<typeof checkJson>[0], where: string, problems: Problem[]): T | undefined {
  if (!parsed.ok) return undefined;
  const checked = checkJson(schema, parsed.value, where);
  if (checked.ok) return checked.value as T;
  problems.push(...locateInJson(checked.problems, parsed.text));
  return undefined;
}

/** `tool` must be tokenmaxx and, when a version is expected, `toolVersion` this one: else nothing else is read. */
function provenanceProblems(parsed: Parsed, where: string, expectedVersion: string | undefined): Problem[] {
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return [];
  const m = parsed.value as Record<string, unknown>;
  const problems: Problem[] = [];
  if (m.tool !== 'tokenmaxx') problems.push({ source: where, path: ['tool'], message: messages.runNotTokenmaxx(m.tool) });
  else if (expectedVersion !== undefined && m.toolVersion !== expectedVersion) problems.push({ source: where, path: ['toolVersion'], message: messages.runVersion(m.toolVersion, expectedVersion) });
  return locateInJson(problems, parsed.text);
}

/** Scenario names of a file's `scenarios` object must be the manifest's, no more and no fewer. */
function scenarioSetProblems(found: Record<string, unknown>, manifest: Manifest, parsed: Parsed & { ok: true }, where: string): Problem[] {
  const names = manifest.scenarios.map((s) => s.name);
  const problems: Problem[] = [];
  for (const name of names) if (!Object.hasOwn(found, name)) problems.push({ source: where, path: ['scenarios'], message: messages.runScenarioMissing(name) });
  for (const name of Object.keys(found)) if (!names.includes(name)) problems.push({ source: where, path: ['scenarios', name], message: messages.runScenarioExtra(name, names) });
  return locateInJson(problems, parsed.text);
}

/** Checks within the manifest that its schema cannot express. */
function manifestProblems(manifest: Manifest, parsed: Parsed & { ok: true }, where: string): Problem[] {
  const problems: Problem[] = [];
  if (manifest.replicateSeeds.length !== manifest.replicates) problems.push({ source: where, path: ['replicateSeeds'], message: messages.runSeedCount(manifest.replicateSeeds.length, manifest.replicates) });
  const posterior = manifest.posterior;
  if (posterior && posterior.values.length !== posterior.draws) problems.push({ source: where, path: ['posterior', 'values'], message: messages.runPosteriorValues(posterior.values.length, posterior.draws) });
  if (posterior && posterior.draws * posterior.replicatesPerDraw !== manifest.replicates) {
    problems.push({ source: where, path: ['posterior', 'replicatesPerDraw'], message: messages.runPosteriorLayout(posterior.draws, posterior.replicatesPerDraw, manifest.replicates) });
  }
  const seen = new Set<string>();
  manifest.scenarios.forEach((s, k) => {
    if (seen.has(s.name)) problems.push({ source: where, path: ['scenarios', k, 'name'], message: messages.runDuplicateScenario(s.name) });
    seen.add(s.name);
  });
  return locateInJson(problems, parsed.text);
}

/**
 * The headline of summary.json against the manifest: there exactly when the run drew from a
 * posterior, laid out as its draws and replicates, of its scenarios, against one of them.
 */
function headlineProblems(headline: RunHeadline | undefined, manifest: Manifest, parsed: Parsed & { ok: true }, where: string): Problem[] {
  const problems: Problem[] = [];
  const posterior = manifest.posterior;
  if (!headline) return posterior ? [{ source: where, path: [], message: messages.runHeadlineMissing() }] : problems;
  if (!posterior) return locateInJson([{ source: where, path: ['headline'], message: messages.runHeadlineWithoutDraws() }], parsed.text);
  if (headline.draws !== posterior.draws || headline.replicatesPerDraw * posterior.draws !== manifest.replicates) {
    problems.push({ source: where, path: ['headline', 'draws'], message: messages.runHeadlineLayout(headline.draws, headline.replicatesPerDraw, posterior.draws, manifest.replicates) });
  }
  const names = manifest.scenarios.map((s) => s.name);
  if (!names.includes(headline.reference)) problems.push({ source: where, path: ['headline', 'reference'], message: messages.runHeadlineReference(headline.reference, names) });
  for (const name of names) if (!Object.hasOwn(headline.scenarios, name)) problems.push({ source: where, path: ['headline', 'scenarios'], message: messages.runScenarioMissing(name) });
  for (const name of Object.keys(headline.scenarios)) if (!names.includes(name)) problems.push({ source: where, path: ['headline', 'scenarios', name], message: messages.runScenarioExtra(name, names) });
  return locateInJson(problems, parsed.text);
}

function lorenzProblems(d: Distributions, parsed: Parsed & { ok: true }, where: string): Problem[] {
  const n = d.populationShares.length;
  const problems = Object.entries(d.scenarios)
    .filter(([, s]) => s.tokenLorenz.length !== n)
    .map(([name, s]): Problem => ({ source: where, path: ['scenarios', name, 'tokenLorenz'], message: messages.runLorenzLength(s.tokenLorenz.length, n) }));
  return locateInJson(problems, parsed.text);
}

/** The manifest as the report shows it: `files` only the data files, keys sorted, two-space indented. */
export function manifestForDisplay(manifest: unknown): string {
  const m = manifest as Record<string, unknown>;
  const files = (m.files ?? {}) as Record<string, unknown>;
  const data = Object.fromEntries(RUN_DATA_FILES.filter((f) => Object.hasOwn(files, f)).map((f) => [f, files[f]]));
  return canonicalJson({ ...m, files: data }, 2);
}

function readRun(source: RunSource, expectedVersion: string | undefined): RunData {
  const problems: Problem[] = [];
  const at = (name: string) => source.where(name);
  const manifestParsed = readJson(source, 'manifest.json', problems);
  const summaryParsed = readJson(source, 'summary.json', problems);
  const distributionsParsed = readJson(source, 'distributions.json', problems);

  const provenance = provenanceProblems(manifestParsed, at('manifest.json'), expectedVersion);
  // A manifest of another tool or version is not read further: its layout may differ from this one's.
  if (provenance.length > 0) throw new InputError([...problems, ...provenance]);
  const manifest = validated<Manifest>(manifestParsed, manifestSchema, at('manifest.json'), problems);
  const summary = validated<{ scenarios: RunData['summary']; headline?: RunHeadline }>(summaryParsed, summarySchema, at('summary.json'), problems);
  const lorenz = validated<Distributions>(distributionsParsed, distributionsSchema, at('distributions.json'), problems);
  if (lorenz && distributionsParsed.ok) problems.push(...lorenzProblems(lorenz, distributionsParsed, at('distributions.json')));
  if (!manifest || !manifestParsed.ok) {
    // Without a manifest there is nothing to check the time series against.
    throw new InputError(problems);
  }
  problems.push(...manifestProblems(manifest, manifestParsed, at('manifest.json')));
  if (summary && summaryParsed.ok) problems.push(...scenarioSetProblems(summary.scenarios, manifest, summaryParsed, at('summary.json')));
  if (summary && summaryParsed.ok) problems.push(...headlineProblems(summary.headline, manifest, summaryParsed, at('summary.json')));
  if (lorenz && distributionsParsed.ok) problems.push(...scenarioSetProblems(lorenz.scenarios, manifest, distributionsParsed, at('distributions.json')));
  const manifestOk = problems.length === 0 || problems.every((p) => p.source !== at('manifest.json'));
  if (!manifestOk) throw new InputError(problems);

  const check = new TimeseriesCheck(
    { scenarios: manifest.scenarios.map((s) => ({ name: s.name, weeks: Number(s.parameters.weeks) })), replicates: manifest.replicates, replicateSeeds: manifest.replicateSeeds },
    at('timeseries.csv'),
  );
  let count: LineCount;
  try {
    count = source.lines('timeseries.csv', (line, n, cut) => check.line(line, n, cut));
  } catch (e) {
    throw new InputError([...problems, ...check.problems, { source: at('timeseries.csv'), path: [], message: messages.unreadable(ioReason(ioCodeOf(e))) }]);
  }
  problems.push(...check.finish(count));
  const comparison = readComparisonFiles(source, manifest, problems);
  if (problems.length > 0) throw new InputError(problems);

  return {
    manifest,
    manifestText: manifestForDisplay(manifestParsed.value),
    summary: summary!.scenarios,
    ...(summary!.headline ? { headline: summary!.headline } : {}),
    lorenz: lorenz!,
    scenarios: manifest.scenarios.map((s) => s.name),
    ...check.accumulator.result(),
    ...(comparison ? { comparison } : {}),
  };
}

/**
 * A comparison's files (`tokenmaxx compare`), when the manifest lists either: both must be there,
 * and the run must be of two scenarios, A then B.
 */
function readComparisonFiles(source: RunSource, manifest: Manifest, problems: Problem[]): ComparisonData | undefined {
  if (!COMPARISON_FILES.some((f) => Object.hasOwn(manifest.files, f))) return undefined;
  const texts: string[] = [];
  for (const name of COMPARISON_FILES) {
    try {
      texts.push(source.text(name));
    } catch (e) {
      if (e instanceof TooLarge) problems.push({ source: source.where(name), path: [], message: messages.runJsonTooLarge(e.bytes, MAX_JSON_BYTES) });
      else problems.push({ source: source.where(name), path: [], message: messages.unreadable(ioReason(ioCodeOf(e))) });
    }
  }
  if (manifest.scenarios.length !== 2) {
    problems.push({ source: source.where('manifest.json'), path: ['scenarios'], message: messages.runComparisonScenarios(manifest.scenarios.length) });
  }
  if (texts.length < COMPARISON_FILES.length || manifest.scenarios.length !== 2) return undefined;
  const [a, b] = manifest.scenarios.map((s) => s.name);
  return readComparison({ comparison: texts[0], flows: texts[1] }, (name) => source.where(name), { a, b }, problems);
}
