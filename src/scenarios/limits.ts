/**
 * Limits on scenario input, in one place, so that no file or expression — however large, deep or
 * long — can exhaust memory or the stack: input beyond them is a located problem (exit 2), never a
 * crash. README.md ("Writing your own scenario") documents them.
 */
export const INPUT_LIMITS = {
  /** Largest scenario file read, in bytes (the shipped presets are about 20 kB). */
  fileBytes: 10 * 1024 * 1024,
  /** Deepest nesting of objects and lists in a JSON file (a scenario file needs 6). */
  jsonDepth: 64,
  /** Longest expression, in characters. */
  expressionCharacters: 1000,
  /** Deepest nesting of an expression: operators, parentheses and function calls. */
  expressionDepth: 50,
} as const;
