/**
 * Loading a scenario file: read (a regular file within the size limit) → decode UTF-8 → parse JSON
 * (depth, duplicate keys, numbers out of range) → validate against the schema → check `extends`
 * (unknown names, cycles) → check every expression. Each step runs on whatever the previous ones
 * could make sense of, so every problem is found in one pass and located in the file; the scenarios
 * that passed every check are kept, so their weeks can be checked too (src/scenarios/request.ts).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { z } from 'zod';
import { messages, shown } from '../messages.js';
import { compileExpression } from './expressions.js';
import { decodeUtf8, lineColumnOf, parseJsonText, pathKey, type JsonOffsets } from './json.js';
import { INPUT_LIMITS } from './limits.js';
import { sortProblems, throwIfAny, type PathSegment, type Problem } from './problems.js';
import { SCENARIO_NAME, scenarioFileSchema, scenarioSchema, type ScenarioInput } from './schema.js';
import { schemaAt, suggest, validate } from './validate.js';

/** A validated scenario file. */
export interface LoadedFile {
  /** Where it came from, as the user named it. */
  source: string;
  /** Scenarios by name, as written: those that passed every check, with every scenario they extend. */
  scenarios: Record<string, ScenarioInput>;
  /** The file's text, to locate problems found after loading (expression values, schedules). */
  text?: string;
  /** Where each value of the text starts, to locate problems by JSON path. */
  offsets?: JsonOffsets;
}

/** A scenario file checked as far as it could be: what passed, and every problem found, located. */
export interface CheckedFile {
  file: LoadedFile;
  /** Every scenario name in the file, valid or not. */
  names: string[];
  problems: Problem[];
}

/** Reads and validates a scenario file; throws InputError with every problem found. */
export function loadScenarioFile(path: string): LoadedFile {
  const checked = checkScenarioFile(path);
  throwIfAny(checked.problems);
  return checked.file;
}

/** Validates the text of a scenario file; `source` names it in problems. Throws InputError with every problem. */
export function parseScenarioText(text: string, source: string): LoadedFile {
  const checked = checkScenarioText(text, source);
  throwIfAny(checked.problems);
  return checked.file;
}

/** Reads and checks a scenario file; never throws for bad input. */
export function checkScenarioFile(path: string): CheckedFile {
  const read = readInputBytes(path);
  if ('problem' in read) return { file: { source: path, scenarios: {} }, names: [], problems: [read.problem] };
  const decoded = decodeUtf8(read.bytes, path);
  if ('problem' in decoded) return { file: { source: path, scenarios: {} }, names: [], problems: [decoded.problem] };
  return checkScenarioText(decoded.text, path);
}

/**
 * The bytes of a regular file of at most {@link INPUT_LIMITS.fileBytes} bytes. The file is opened
 * without blocking and checked with fstat before anything is read, so a device (/dev/zero), a FIFO or
 * a folder is refused instead of read forever.
 */
export function readInputBytes(path: string): { bytes: Uint8Array } | { problem: Problem } {
  const refuse = (message: string) => ({ problem: { source: path, path: [], message } });
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return refuse(messages.unreadable(describeIoError(e)));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return refuse(messages.unreadable('it is a directory'));
    if (!stat.isFile()) return refuse(messages.notRegularFile(kindOf(stat)));
    const max = INPUT_LIMITS.fileBytes;
    if (stat.size > max) return refuse(messages.fileTooLarge(stat.size, max));
    // Read one byte past the limit, in case the file grew since fstat.
    const buffer = Buffer.alloc(Math.min(stat.size, max) + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buffer.length; n += got) got = readSync(fd, buffer, n, buffer.length - n, null);
    if (n > max) return refuse(messages.fileTooLarge(n, max));
    return { bytes: buffer.subarray(0, n) };
  } catch (e) {
    return refuse(messages.unreadable(describeIoError(e)));
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

function describeIoError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EISDIR') return 'it is a directory';
  if (err.code === 'EACCES') return 'permission denied';
  return err.code ?? err.message;
}

/** Parses strict JSON (no comments, no trailing commas), reporting line and column of each problem; throws InputError. */
export function parseJson(text: string, source: string): unknown {
  const parsed = parseJsonText(withoutBom(text), source);
  throwIfAny(parsed.problems);
  return parsed.value;
}

/** The text without a leading byte order mark, which editors may write and do not count in columns. */
const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the text of a scenario file; never throws for bad input. */
export function checkScenarioText(input: string, source: string): CheckedFile {
  const text = withoutBom(input);
  const parsed = parseJsonText(text, source);
  const file: LoadedFile = { source, scenarios: Object.create(null) as Record<string, ScenarioInput>, text, offsets: parsed.offsets };
  if (parsed.value === undefined) return { file, names: [], problems: sortProblems(parsed.problems) };

  const raw = parsed.value;
  const problems: Problem[] = [...parsed.problems];
  // A value already found wrong (a number out of range) is not reported again by the schema.
  const reported = new Set(parsed.reported);
  const add = (found: readonly Problem[]) => {
    const fresh = found.filter((p) => !reported.has(pathKey(p.path)));
    problems.push(...fresh);
    for (const p of fresh) reported.add(pathKey(p.path));
  };

  const written = isObject(raw) && isObject(raw.scenarios) ? raw.scenarios : {};
  const names = Object.keys(written);
  // Checked here too: zod skips a "__proto__" key of a record rather than refusing it.
  add(names.filter((name) => !SCENARIO_NAME.test(name)).map((name) => ({ source, path: ['scenarios', name], message: messages.badName(name) })));
  const checked = validate(scenarioFileSchema, raw, source);
  if (!checked.ok) add(checked.problems);
  if (isObject(raw) && isObject(raw.scenarios) && names.length === 0) add([{ source, path: ['scenarios'], message: messages.noScenarios() }]);
  add(extendsProblems(written, source));
  add(expressionProblems(written, scenarioFileSchema.shape.scenarios, source, ['scenarios']));

  // A scenario can be resolved when it and every scenario it extends passed every check.
  const flawed = new Set(problems.filter((p) => p.path[0] === 'scenarios' && p.path.length > 1).map((p) => String(p.path[1])));
  const sound = (name: string): boolean => {
    const seen = new Set<string>();
    for (let cur: string | undefined = name; cur !== undefined; cur = parentOf(written, cur)) {
      if (seen.has(cur) || flawed.has(cur) || !Object.hasOwn(written, cur)) return false;
      seen.add(cur);
    }
    return true;
  };
  for (const name of names) if (sound(name)) file.scenarios[name] = scenarioSchema.parse(written[name]) as ScenarioInput;
  return { file, names, problems: sortProblems(locate(problems, text, parsed.offsets)) };
}

/** Adds line and column to those problems that come from `file` (not from --set), when its text is known. */
export function locateInFile(file: LoadedFile, problems: readonly Problem[]): Problem[] {
  if (file.text === undefined) return [...problems];
  const offsets = file.offsets ?? parseJsonText(file.text, file.source).offsets;
  const text = file.text;
  return problems.map((p) => (p.source === file.source && p.line === undefined ? locate([p], text, offsets)[0] : p));
}

/**
 * Adds line and column to problems without them: at the key of the property the path names (the
 * element, for a list), or else at the value of the nearest enclosing path that exists.
 */
function locate(problems: Problem[], text: string, offsets: JsonOffsets): Problem[] {
  if (problems.every((p) => p.line !== undefined)) return problems;
  const at = lineColumnOf(text);
  return problems.map((p) => {
    if (p.line !== undefined) return p;
    const offset = nearestOffset(offsets, p.path);
    return offset === undefined ? p : { ...p, ...at(offset) };
  });
}

function nearestOffset(offsets: JsonOffsets, path: readonly PathSegment[]): number | undefined {
  const exact = offsets.entry.get(pathKey(path));
  if (exact !== undefined) return exact;
  for (let n = path.length - 1; n >= 0; n--) {
    const offset = offsets.value.get(pathKey(path.slice(0, n)));
    if (offset !== undefined) return offset;
  }
  return undefined;
}

/** The scenario a written scenario extends, if it names one. */
function parentOf(scenarios: Record<string, unknown>, name: string): string | undefined {
  const s = Object.hasOwn(scenarios, name) ? scenarios[name] : undefined;
  return isObject(s) && typeof s.extends === 'string' && s.extends !== '' ? s.extends : undefined;
}

/** `extends` must name a scenario of the file (its own, not a property every object has), and must not loop. */
export function extendsProblems(scenarios: Record<string, unknown>, source: string): Problem[] {
  const names = Object.keys(scenarios).sort();
  const problems: Problem[] = [];
  for (const name of names) {
    const parent = parentOf(scenarios, name);
    if (parent !== undefined && !Object.hasOwn(scenarios, parent)) {
      problems.push({ source, path: ['scenarios', name, 'extends'], message: messages.extendsUnknown(parent, names, suggest(parent, names)) });
    }
  }
  const reported = new Set<string>();
  for (const start of names) {
    const chain = [start];
    let cur = parentOf(scenarios, start);
    while (cur !== undefined && Object.hasOwn(scenarios, cur)) {
      if (chain.includes(cur)) {
        const cycle = [...chain.slice(chain.indexOf(cur)), cur];
        const key = [...new Set(cycle)].sort().join();
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({ source, path: ['scenarios', cur, 'extends'], message: messages.extendsCycle(cycle) });
        }
        break;
      }
      chain.push(cur);
      cur = parentOf(scenarios, cur);
    }
  }
  return problems;
}

/**
 * Every string in an expression position (a number-or-expression parameter of `root`) must compile
 * inside the sandbox. Paths in problems are prefixed with `prefix`. Iterative: a value of any depth
 * is walked without recursion.
 */
export function expressionProblems(value: unknown, root: z.ZodType, source: string, prefix: readonly PathSegment[] = []): Problem[] {
  const problems: Problem[] = [];
  const stack: { v: unknown; path: PathSegment[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
    else if (typeof v === 'string' && schemaAt(root, path) instanceof z.ZodUnion) {
      const compiled = compileExpression(v);
      if (!compiled.ok) problems.push({ source, path: [...prefix, ...path], message: `${shown(v)} ${compiled.problem}` });
    }
  }
  return problems.reverse();
}
