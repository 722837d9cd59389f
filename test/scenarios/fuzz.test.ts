/**
 * Property-based fuzzing of scenario input: valid files, files mutated byte by byte, random JSON,
 * random bytes and hostile expressions built from the expression grammar (wrong arities, deep
 * nesting, unknown names, huge numbers). Whatever the input, checking it either passes or returns
 * located problems — never throws, never prints a control character — and the command line (runCli,
 * in-process) exits 0 or 2 with well-formed lines and a summary that counts them. Fixed seeds keep CI
 * reproducible.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../src/scenarios/problems.js';
import { checkRequest, validateScenarioFile } from '../../src/scenarios/request.js';
import { cli, expectNoStackTrace } from '../cli/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
/** Writes `content` to a fresh file of the fuzz folder and returns its path. */
function file(content: string | Uint8Array): string {
  const path = join(dir, `f${written++}.json`);
  writeFileSync(path, content);
  return path;
}

/** A problem line as the CLI prints it: `source[:line:col]: [$.path: ]message`. */
const PROBLEM_LINE = /^(?<source>.+?)(?::(?<line>\d+):(?<column>\d+))?: (?:(?<path>\$\S*): )?(?<message>.+)$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Every problem names the file, is located when it is inside it, and prints as one clean line. */
function expectWellFormed(problems: readonly Problem[], path: string): void {
  for (const p of problems) {
    const line = formatProblem(p);
    expect(p.source, line).toBe(path);
    if (p.path.length > 0) expect(p.line !== undefined && p.column !== undefined && p.line >= 1 && p.column >= 1, line).toBe(true);
    expect(line, line).toMatch(PROBLEM_LINE);
    expect(line, line).not.toMatch(CONTROL);
  }
}

// The grammar of expressions, hostile: allowed and refused functions with any number of arguments,
// operators, conditionals, deep nesting, odd numbers and names.
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('t', '0', '1', '0.5', '1e999', '-1e308', 'NaN', 'Infinity', 'pi', 'x', 'true', '"s"', '[1]', '{a: 1}', '', ')'),
    fc.double().map(String),
    fc.tuple(
      fc.constantFrom('min', 'max', 'abs', 'floor', 'ceil', 'round', 'sqrt', 'exp', 'log', 'pow', 'sign', 'mod', 'import', 'evaluate', 'parse', 'cos'),
      fc.array(tie('e'), { maxLength: 4 }),
    ).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', '%', '<', '>=', '==', ' and ', ' or ', '=', '.', ' to '), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    fc.tuple(tie('e'), fc.integer({ min: 1, max: 80 })).map(([e, n]) => `${'('.repeat(n)}${e}${')'.repeat(n)}`),
    fc.tuple(fc.constantFrom('t+', '-', 'not ', 'abs('), fc.integer({ min: 1, max: 700 })).map(([s, n]) => (s === 'abs(' ? `${s.repeat(n)}t${')'.repeat(n)}` : `${s.repeat(n)}t`)),
  ),
})).e;

const parameter = fc.oneof(fc.double({ min: -2, max: 20, noNaN: true }), fc.integer({ min: -5, max: 600 }), expression);

/** A scenario that is valid or close to it: known sections, values near and beyond their bounds. */
const scenario = fc.record(
  {
    description: fc.string(),
    extends: fc.constantFrom('a', 'b', 'c', 'constructor', '__proto__', ''),
    weeks: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(0, 521, 2.5, '8')),
    mandate: fc.record({ type: fc.constantFrom('none', 'weekly-use', 'token-quota', 'x'), targetShare: parameter, pressure: parameter }, { requiredKeys: [] }),
    leaderboard: fc.record({ visibility: fc.constantFrom('none', 'org', 'public'), topShare: parameter }, { requiredKeys: [] }),
    audits: fc.record({ rate: parameter }, { requiredKeys: [] }),
    schedule: fc.array(fc.record({ week: fc.integer({ min: -1, max: 70 }), audits: fc.record({ rate: parameter }) }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const scenarioFile = fc
  .dictionary(fc.constantFrom('a', 'b', 'c', 'd-1', '__proto__', 'constructor', '_x', 'é'), scenario, { maxKeys: 4 })
  .map((scenarios) => {
    // JSON.stringify drops a "__proto__" key set by fc.dictionary only if it is the prototype; write own keys.
    const entries = Object.entries(scenarios).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return `{"scenarios": {${entries.join(', ')}}}`;
  });

/** Edits a text: inserts, deletes or replaces characters at random places. */
const mutated = fc
  .tuple(scenarioFile, fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '1e999', '\\', '\u0000', '\u001b', '\ufeff', '__proto__', ' ')), { minLength: 1, maxLength: 5 }))
  .map(([text, edits]) => {
    let s = text;
    for (const [at, kind, piece] of edits) {
      const i = at % (s.length + 1);
      s = kind === 'insert' ? s.slice(0, i) + piece + s.slice(i) : kind === 'delete' ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + piece + s.slice(i + 1);
    }
    return s;
  });

const randomJson = fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ scenarios: { a: v } })), fc.jsonValue().map((v) => JSON.stringify({ scenarios: v })));
const deepJson = fc.tuple(fc.integer({ min: 1, max: 200 }), fc.constantFrom('[', '{"a":')).map(([n, open]) => `{"scenarios": {"a": ${open.repeat(n)}1${(open === '[' ? ']' : '}').repeat(n)}}}`);

/** Any input: valid-ish files, mutated ones, random JSON, deep JSON, random bytes. */
const anyInput: fc.Arbitrary<string | Uint8Array> = fc.oneof(scenarioFile, mutated, randomJson, deepJson, fc.uint8Array({ maxLength: 300 }));

describe('fuzzing validate', () => {
  it('the library: every input passes or gives well-formed, located problems, and never throws', () => {
    fc.assert(
      fc.property(anyInput, (content) => {
        const path = file(content);
        expectWellFormed(validateScenarioFile(path), path);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('hostile expressions in every kind of parameter, in the file and in --set', () => {
    fc.assert(
      fc.property(expression, fc.constantFrom('mandate.targetShare', 'leaderboard.topShare', 'reviews.rewardValue', 'weeks', 'population.employees'), (text, key) => {
        const [section, leaf] = key.split('.');
        const body = leaf ? { [section]: { [leaf]: text } } : { [section]: text };
        const path = file(JSON.stringify({ scenarios: { a: body } }));
        expectWellFormed(validateScenarioFile(path), path);
        const { problems } = checkRequest({ scenariosFile: path, sets: [`${key}=${text}`] });
        for (const p of problems) expect(formatProblem(p)).not.toMatch(CONTROL);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('the command line: exit 0 or 2, never a trace, one well-formed line per problem, and a summary that counts them', async () => {
    const inputs = fc.sample(anyInput, { seed: 7, numRuns: 60 });
    await Promise.all(
      inputs.map(async (content) => {
        const path = file(content);
        const res = await cli(dir, ['validate', path]);
        const context = `input: ${JSON.stringify(typeof content === 'string' ? content : [...content])}\nstderr:\n${res.stderr}`;
        expect([0, 2], context).toContain(res.status);
        expectNoStackTrace(res.stderr);
        if (res.status === 0) return expect(res.stderr, context).toBe('');
        expect(res.stdout, context).toBe('');
        const lines = res.stderr.trimEnd().split('\n');
        const summary = lines.pop();
        expect(summary, context).toBe(`${lines.length} problem${lines.length === 1 ? '' : 's'}; nothing was run or written.`);
        for (const line of lines) {
          expect(line, context).toMatch(PROBLEM_LINE);
          expect(line.startsWith(`${path}`), context).toBe(true);
          expect(line, context).not.toMatch(CONTROL);
        }
      }),
    );
  });
});
