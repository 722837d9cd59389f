/**
 * Every kind of bad scenario input, at the library level: a located problem for each, all found in
 * one pass, never an exception other than InputError, and the limits of src/scenarios/limits.ts.
 * Reading files (size, devices, bytes) is in load.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/scenarios/expressions.js';
import { parseJsonText } from '../../src/scenarios/json.js';
import { INPUT_LIMITS } from '../../src/scenarios/limits.js';
import { checkScenarioText } from '../../src/scenarios/load.js';
import { formatProblem } from '../../src/scenarios/problems.js';
import { checkRequest } from '../../src/scenarios/request.js';
import { checkSetArguments } from '../../src/scenarios/resolve.js';
import { printable } from '../../src/messages.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` to a fresh file and returns its path. */
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The problem lines `validate` prints for a file holding `text`. */
function validateLines(text: string | Uint8Array, name = 'f.json'): string[] {
  return checkRequest({ scenariosFile: file(name, text) }).problems.map((p) => formatProblem(p).replace(`${dir}/`, ''));
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

describe('expressions: arity, decimals and limits are checked before anything runs', () => {
  const sum5000 = 't+'.repeat(5000) + 't';
  const label = (text: string) => (text.length > 40 ? `${text.slice(0, 12)}… (${text.length} characters)` : text);
  it.each([
    ['max()', 'calls max with 0 arguments; max takes one or more arguments'],
    ['min()', 'calls min with 0 arguments'],
    ['sqrt(t, 1)', 'calls sqrt with 2 arguments; sqrt takes exactly 1 argument'],
    ['abs(t, 1)', 'calls abs with 2 arguments'],
    ['pow(t)', 'calls pow with 1 argument; pow takes exactly 2 arguments'],
    ['mod(t, 2, 3)', 'calls mod with 3 arguments'],
    ['log(t, 2, 3)', 'calls log with 3 arguments'],
    ['round(0.5, t)', 'calls round with a second argument that is not a whole number from 0 to 15'],
    ['round(0.5, 16)', 'not a whole number from 0 to 15'],
    ['floor(0.5, 1.5)', 'not a whole number from 0 to 15'],
    [sum5000, `may be at most ${INPUT_LIMITS.expressionCharacters} characters`],
    ['('.repeat(60) + 't' + ')'.repeat(60), `may nest at most ${INPUT_LIMITS.expressionDepth} deep`],
    ['t+'.repeat(60) + 't', `may nest at most ${INPUT_LIMITS.expressionDepth} deep`],
  ].map(([text, fragment]) => [label(text), text, fragment]))('refuses %s', (_label, text, fragment) => {
    const c = compileExpression(text);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.problem).toContain(fragment);
  });

  it.each(['min(t)', 'max(t, 1, 2)', 'log(t + 1)', 'log(t + 1, 2)', 'round(t / 3)', 'round(t / 3, 2)', 'floor(t, 0)', 'ceil(t, 15)', 'pow(t, 2)', 'mod(t, 4)'])(
    'accepts %s and evaluates it in every week of a long run',
    (text) => {
      const c = compileExpression(text);
      expect(c.ok).toBe(true);
      if (c.ok) for (let t = 0; t < 520; t++) expect(() => c.fn(t)).not.toThrow();
    },
  );

  it('a wrong arity in a file is a located problem', () => {
    expect(validateLines(json({ scenarios: { x: { mandate: { pressure: 'max()', targetShare: 'sqrt(t,1)', escalation: 'round(0.5,t)' } } } }))).toEqual([
      expect.stringMatching(/^f\.json:5:9: \$\.scenarios\.x\.mandate\.pressure: "max\(\)" calls max with 0 arguments/),
      expect.stringMatching(/^f\.json:6:9: \$\.scenarios\.x\.mandate\.targetShare: "sqrt\(t,1\)" calls sqrt with 2 arguments/),
      expect.stringMatching(/^f\.json:7:9: \$\.scenarios\.x\.mandate\.escalation: "round\(0\.5,t\)" calls round with a second argument/),
    ]);
  });
});

describe('an expression mathjs cannot evaluate in some week is a located problem naming the week', () => {
  it.each([
    ['max(sqrt(-t), 1)', 'Cannot calculate max, no ordering relation is defined for complex numbers'],
    ['sqrt(-t) < 1', 'No ordering relation is defined for complex numbers'],
    ['mod(sqrt(-t), 2)', 'Unexpected type of argument in function mod'],
  ])('%s', (text, detail) => {
    expect(validateLines(json({ scenarios: { x: { mandate: { pressure: text } } } }))).toEqual([
      expect.stringContaining(`f.json:5:9: $.scenarios.x.mandate.pressure: expression ${JSON.stringify(text)} cannot be evaluated in week 1 (${detail}`),
    ]);
  });
});

describe('files: depth', () => {
  it('JSON nested 3,000 deep is one located problem, not a stack overflow', () => {
    expect(validateLines('['.repeat(3000) + ']'.repeat(3000))).toEqual([`f.json:1:${INPUT_LIMITS.jsonDepth + 1}: nests objects and lists more than 64 deep here; a scenario file may nest at most 64 deep`]);
    expect(validateLines(`{"scenarios": ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`)[0]).toContain('more than 64 deep');
  });
});

describe('JSON: duplicate keys, numbers out of range', () => {
  it('a duplicate key, at any depth, is located at the duplicate', () => {
    const text = '{\n  "scenarios": {\n    "a": { "weeks": 8, "weeks": 9 },\n    "a": { "weeks": 8 }\n  }\n}\n';
    expect(validateLines(text)).toEqual([
      'f.json:3:24: $.scenarios.a.weeks: the key "weeks" appears a second time (first at line 3, column 12); each key may appear once in an object',
      'f.json:4:5: $.scenarios.a: the key "a" appears a second time (first at line 3, column 5); each key may appear once in an object',
    ]);
  });

  it('1e999 is reported as written, not as null', () => {
    const text = '{"scenarios": {"a": {"mandate": {"targetShare": 1e999}}}}';
    expect(validateLines(text)).toEqual(['f.json:1:49: $.scenarios.a.mandate.targetShare: 1e999 is a number out of range; expected a finite number (at most about 1.8e308 in size)']);
    expect(parseJsonText('-1E+400', 'f').problems[0].message).toContain('-1E+400 is a number out of range');
  });
});

describe('names that are not scenarios', () => {
  it.each(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'])('run %s: no such scenario', (name) => {
    const { problems, scenarios } = checkRequest({ scenariosFile: file('one.json', json({ scenarios: { a: {} } })), names: [name] });
    expect(scenarios).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([`no scenario "${name}"; scenarios: a`]);
  });

  it('"extends": "constructor" names no scenario', () => {
    expect(validateLines(json({ scenarios: { a: { extends: 'constructor' } } }))).toEqual([
      'f.json:4:7: $.scenarios.a.extends: extends "constructor", which is not in the file; scenarios: a',
    ]);
  });

  it('a scenario named __proto__ is refused as a bad name, located, not dropped', () => {
    expect(validateLines('{"scenarios": {"__proto__": {"weeks": 3}, "a": {}}}')).toEqual([
      `f.json:1:16: $.scenarios.__proto__: scenario name "__proto__" must start with a letter or digit and hold only letters, digits, '.', '_' and '-'`,
    ]);
    expect(validateLines('{"scenarios": {"a": {"__proto__": {"weeks": 3}}}}')[0]).toMatch(/^f\.json:1:22: \$\.scenarios\.a\.__proto__: unknown key "__proto__"/);
  });

  it.each(['__proto__={"weeks":2}', 'constructor.x=1', 'mandate.constructor=1', 'mandate.__proto__.x=1', 'toString=1'])('--set %s names no parameter', (arg) => {
    const { overrides, problems } = checkSetArguments([arg]);
    expect(overrides).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^unknown key "(__proto__|constructor|toString)"/);
  });
});

describe('every problem in one pass, sorted by position', () => {
  it('schema, extends, expression and week problems together, each scenario checked as far as it can be', () => {
    const text = json({
      scenarios: {
        a: { weeks: 'x', extends: 'nope', mandate: { pressure: 'import(1)' } },
        b: { weeks: 30, mandate: { targetShare: 't / 10' }, schedule: [{ week: 40, audits: { rate: 0.1 } }] },
        c: { extends: 'a', mandate: { pressure: 'min()' } },
      },
    });
    const lines = validateLines(text);
    expect(lines.map((l) => l.replace(/:\s.*$/, '').replace(/^f\.json:/, ''))).toEqual(['4:7', '5:7', '7:9', '13:9', '17:11', '27:9']);
    expect(lines.join('\n')).toContain('$.scenarios.a.weeks: "x" is not allowed');
    expect(lines.join('\n')).toContain('$.scenarios.a.extends: extends "nope", which is not in the file');
    expect(lines.join('\n')).toContain('$.scenarios.a.mandate.pressure: "import(1)" calls "import"');
    expect(lines.join('\n')).toContain('$.scenarios.b.mandate.targetShare: expression "t / 10" gives 1.1 in week 11');
    expect(lines.join('\n')).toContain('$.scenarios.b.schedule[0].week: week 40 is past the end of the run');
    expect(lines.join('\n')).toContain('$.scenarios.c.mandate.pressure: "min()" calls min with 0 arguments');
  });

  it('a bad --set does not hide the file problems', () => {
    const path = file('two.json', json({ scenarios: { a: { weeks: 0 } } }));
    const { problems } = checkRequest({ scenariosFile: path, sets: ['mandate.targetShare=2'] });
    expect(problems.map((p) => p.source)).toEqual(['--set mandate.targetShare=2', path]);
  });
});

describe('printing', () => {
  it('escapes C0, DEL, C1, line separators and bidi overrides, and nothing else', () => {
    expect(printable('a\u001b[31mb\u0007\n\t\u007f\u0085\u009b\u2028\u202e\u2066é€日')).toBe('a\\u001b[31mb\\u0007\\u000a\\u0009\\u007f\\u0085\\u009b\\u2028\\u202e\\u2066é€日');
  });

  it('a problem line never holds a control character, whatever the file holds', () => {
    const text = json({ scenarios: { 'b\u001b]0;x\u0007': {}, a: { description: 1, mandat: '\u202e' } } });
    const line = checkScenarioText(text, 'f\u001b.json').problems.map(formatProblem).join('\n');
    expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(line).toContain('f\\u001b.json:');
  });
});
