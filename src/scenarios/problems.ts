/**
 * Problems with user input, and how they are located and printed: one line each, naming the file
 * (with line and column when known), the JSON path, the value and what is allowed.
 */
import { printable } from '../messages.js';

/** A key or index in a JSON document. */
export type PathSegment = string | number;

/** One thing wrong with the input. */
export interface Problem {
  /** The file, or the flag, the input came from. */
  source: string;
  /** JSON path inside the source; empty for the whole source. */
  path: readonly PathSegment[];
  /** What is wrong and what is allowed. */
  message: string;
  /** 1-based line and column in the source, when known. */
  line?: number;
  column?: number;
}

/** Thrown by the library when input is invalid; carries every problem found, not just the first. */
export class InputError extends Error {
  /** `summary` replaces the closing "N problems; nothing was run or written." line when that is not what happened. */
  constructor(
    readonly problems: readonly Problem[],
    readonly summary?: string,
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a JSON path as `$.scenarios["amazon-2026"].mandate.targetShare`. */
export function formatPath(path: readonly PathSegment[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : IDENTIFIER.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}

/** One line: `file:line:col: $.path: message`, every control character escaped (text from input is never trusted). */
export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.source}:${p.line}:${p.column ?? 1}` : p.source;
  return printable(p.path.length > 0 ? `${where}: ${formatPath(p.path)}: ${p.message}` : `${where}: ${p.message}`);
}

/** Throws an InputError if there are problems. */
export function throwIfAny(problems: readonly Problem[]): void {
  if (problems.length > 0) throw new InputError(problems);
}

/**
 * Problems in the order a user reads them: grouped by source in order of first appearance, then by
 * line and column (those without a position first), each once.
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const rank = new Map<string, number>();
  for (const p of problems) if (!rank.has(p.source)) rank.set(p.source, rank.size);
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = JSON.stringify([p.source, p.path, p.message, p.line, p.column]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return unique
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank.get(a.p.source)! - rank.get(b.p.source)! || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
