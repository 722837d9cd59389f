/**
 * Helpers for driving the command line, each run in a fresh temporary working directory: in-process
 * through `runCli` of src/cli/main.ts (`cli`, milliseconds a run), or as the built program
 * `node dist/src/cli/main.js` in a child process (`spawnCli`, for what only a process shows: exit
 * codes as the shell sees them, signals, pipes, a kill at a fault point). Also checks of what a run
 * printed and what it left on disk.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';

/** The repository root (this file is test/cli/helpers.ts). */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI; `npm test` builds before running the tests. */
export const MAIN = join(REPO, 'dist', 'src', 'cli', 'main.js');
/** The shipped presets. */
export const PRESETS = join(REPO, 'scenarios.json');
/** Flags that keep a simulating run small and fast. */
export const SMALL = ['--employees', '200', '--weeks', '8', '--reps', '2'] as const;

/** What a CLI run printed and how it ended. */
export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const made: string[] = [];

/** A fresh, empty temporary directory (removed by `removeTempDirs`). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-cli-'));
  made.push(dir);
  return dir;
}

/** Removes every directory `tempDir` made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `text` to `name` inside `dir` and returns the text. */
export function writeText(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return text;
}

/** Starts the built CLI in a child process, with plain output and no debugging traces. */
function startCli(cwd: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv): ChildProcessByStdio<null, Readable, Readable> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv };
  delete env.TOKENMAXX_DEBUG;
  delete env.FORCE_COLOR;
  return spawn(process.execPath, [MAIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What a started child prints, and how it ends. */
function outcome(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (status, signal) => done({ status, signal, stdout, stderr }));
  });
}

/**
 * Runs `node dist/src/cli/main.js ...args` with `cwd` as working directory (and `extraEnv` added to
 * the environment). Asynchronous (a child process, like spawnSync, but several can run at once).
 */
export function spawnCli(cwd: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return outcome(startCli(cwd, args, extraEnv));
}

/**
 * Starts the built CLI with a fault point that pauses it (`TOKENMAXX_FAULT=pause@N` in `extraEnv`):
 * `paused` resolves once it has said it paused (and fails if it ends first), `done` when it has ended.
 */
export function spawnPaused(cwd: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv): { paused: Promise<void>; done: Promise<CliResult>; kill: () => void } {
  const child = startCli(cwd, args, extraEnv);
  const done = outcome(child);
  let said = '';
  const paused = new Promise<void>((resume, fail) => {
    child.stderr.on('data', (d: string) => {
      said += d;
      if (/^paused before operation /m.test(said)) resume();
    });
    void done.then((r) => fail(new Error(`ended without pausing:\n${r.stderr}`)));
  });
  return { paused, done, kill: () => child.kill('SIGKILL') };
}

let turn: Promise<unknown> = Promise.resolve();

/**
 * Runs `tokenmaxx ...args` in-process (runCli of src/cli/main.ts) with `cwd` as working directory:
 * the code the built CLI runs, without starting node. What the commands print to process.stdout and
 * process.stderr is captured with the command line's own text. Runs take turns, because the working
 * directory and the standard streams belong to the whole process.
 */
export function cli(cwd: string, args: readonly string[]): Promise<CliResult> {
  const run = async (): Promise<CliResult> => {
    let stdout = '';
    let stderr = '';
    const text = (chunk: unknown) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => ((stdout += text(chunk)), true));
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => ((stderr += text(chunk)), true));
    const home = process.cwd();
    process.chdir(cwd);
    try {
      return { status: await runCli(args, io), signal: null, stdout, stderr };
    } finally {
      process.chdir(home);
      outSpy.mockRestore();
      errSpy.mockRestore();
    }
  };
  const result = turn.then(run, run);
  turn = result.catch(() => undefined);
  return result;
}

/** SHA-256 of a file's bytes, hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** SHA-256 of a text, hex. */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Every entry below `dir` (relative path → sha256 of a file, "dir", a link's target), to detect any write; links are not followed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(join(dir, r));
      if (stat.isDirectory()) {
        out[r] = 'dir';
        walk(r);
      } else if (stat.isSymbolicLink()) out[r] = `link to ${readlinkSync(join(dir, r))}`;
      else if (!stat.isFile()) out[r] = 'special file'; // a FIFO would block a read
      else out[r] = sha256File(join(dir, r));
    }
  };
  walk('');
  return out;
}

/** 1-based line and column where `needle` starts in `text` (its `nth` occurrence, from 0). */
export function locationOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} not found ${nth + 1} times`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** `file:line:column` of `needle` in `text`. */
export function where(file: string, text: string, needle: string, nth = 0): string {
  const { line, column } = locationOf(text, needle, nth);
  return `${file}:${line}:${column}`;
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A problem line as the CLI prints it: `source[:line:col]: [$.path: ]message`. */
const PROBLEM_LINE = /^(?<source>.+?)(?::(?<line>\d+):(?<column>\d+))?: (?:(?<path>\$\S*): )?(?<message>.+)$/;

/** Checks that nothing on stderr looks like a crash: no stack frames, no "...Error:" from node. */
export function expectNoStackTrace(stderr: string): void {
  expect(stderr, 'a stack frame on stderr').not.toMatch(/^\s+at /m);
  expect(stderr, 'a node error prefix on stderr').not.toMatch(/\b\w*Error\b(?: \[\w+\])?:/);
  expect(stderr, 'node internals on stderr').not.toMatch(/node:internal|internal error/);
}

/** Checks a run succeeded: exit status 0 and no stack trace. */
export function expectSuccess(res: CliResult): void {
  expect(res.status, `stderr:\n${res.stderr}\nstdout:\n${res.stdout}`).toBe(0);
  expectNoStackTrace(res.stderr);
}

export interface Refusal {
  /** The problem lines (without the summary line). */
  lines: string[];
}

/**
 * Checks a run refused for bad input: exit status 2, nothing on stdout, no stack trace, one line per
 * problem followed by "N problem(s); nothing was run or written.", each line well formed, and the
 * working directory (which holds any --out directory) exactly as it was before the run.
 */
export function expectRefused(res: CliResult, cwd: string, before: Record<string, string>, out?: string): Refusal {
  const context = `stderr:\n${res.stderr}\nstdout:\n${res.stdout}`;
  expect(res.signal, context).toBeNull();
  expect(res.status, context).toBe(2);
  expect(res.stdout, context).toBe('');
  expectNoStackTrace(res.stderr);
  expect(res.stderr.endsWith('\n'), context).toBe(true);
  const all = res.stderr.slice(0, -1).split('\n');
  const summary = all[all.length - 1];
  const lines = all.slice(0, -1);
  expect(lines.length, context).toBeGreaterThan(0);
  expect(summary, context).toBe(`${lines.length} problem${lines.length === 1 ? '' : 's'}; nothing was run or written.`);
  for (const line of lines) expect(line, context).toMatch(PROBLEM_LINE);
  expect(snapshot(cwd), 'files were written').toEqual(before);
  if (out !== undefined && !(out in before)) expect(existsSync(join(cwd, out)), `${out} was created`).toBe(false);
  return { lines };
}

const USAGE_HINT = '; run "tokenmaxx --help" for usage';

/**
 * Checks a refusal by the argument parser (yargs), reported like any problem: exit 2, a line
 * "tokenmaxx: ...; run "tokenmaxx --help" for usage", the summary line, no stack, nothing written.
 * Returns the parser's message ("tokenmaxx: Unknown argument: repz").
 */
export function expectUsageError(res: CliResult, cwd: string, before: Record<string, string>): string {
  const context = `stderr:\n${res.stderr}`;
  const { lines } = expectRefused(res, cwd, before);
  expect(lines, context).toHaveLength(1);
  expect(lines[0], context).toMatch(/^tokenmaxx: /);
  expect(lines[0].endsWith(USAGE_HINT), context).toBe(true);
  return lines[0].slice(0, -USAGE_HINT.length);
}

/** Reverses the key order of every object, at every depth (arrays keep their order). */
export function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reverseKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** JSON with keys sorted at every level, as tokenmaxx hashes scenario records. */
export function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sort(value));
}
