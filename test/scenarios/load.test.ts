/**
 * Loading a scenario file (src/scenarios/load.ts): reading only a regular file within the size limit,
 * decoding, strict JSON, then schema, `extends` and expressions, every problem in one pass and located;
 * the scenarios that passed every check are kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../src/scenarios/json.js';
import { INPUT_LIMITS } from '../../src/scenarios/limits.js';
import {
  checkScenarioFile,
  checkScenarioText,
  expressionProblems,
  extendsProblems,
  loadScenarioFile,
  locateInFile,
  parseJson,
  parseScenarioText,
} from '../../src/scenarios/load.js';
import { formatProblem, InputError, type Problem } from '../../src/scenarios/problems.js';
import { scenarioSchema } from '../../src/scenarios/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` to a file of the test folder and returns its path. */
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The problem lines of a text, as `validate` prints them for a file named f.json. */
const lines = (text: string): string[] => checkScenarioText(text, 'f.json').problems.map(formatProblem);

/** The InputError `f` throws. */
function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('nothing was thrown');
}

describe('loadScenarioFile and parseScenarioText', () => {
  it('a valid file gives its scenarios as written, named by its source', () => {
    const path = file('good.json', json({ scenarios: { a: { weeks: 8 }, b: { extends: 'a', mandate: { targetShare: '0.5 + 0.01 * t' } } } }));
    const loaded = loadScenarioFile(path);
    expect(loaded.source).toBe(path);
    expect(loaded.scenarios).toEqual({ a: { weeks: 8 }, b: { extends: 'a', mandate: { targetShare: '0.5 + 0.01 * t' } } });
    expect(parseScenarioText(json({ scenarios: { a: {} } }), 'memory').scenarios).toEqual({ a: {} });
  });

  it('a bad file throws one InputError naming every problem', () => {
    const e = thrown(() => parseScenarioText(json({ scenarios: { a: { weeks: 0, mandat: {} } } }), 'f.json'));
    expect(e.problems.map((p) => p.path)).toEqual([
      ['scenarios', 'a', 'weeks'],
      ['scenarios', 'a', 'mandat'],
    ]);
    expect(thrown(() => loadScenarioFile(join(dir, 'missing.json'))).problems.map((p) => p.message)).toEqual(['cannot be read: no such file']);
  });
});

describe('checkScenarioFile: only a regular file within the limit is read', () => {
  it('a file larger than the limit is refused before it is read', () => {
    const path = file('big.json', Buffer.alloc(INPUT_LIMITS.fileBytes + 1, 0x20));
    expect(checkScenarioFile(path).problems.map((p) => p.message)).toEqual([`is ${INPUT_LIMITS.fileBytes + 1} bytes; a scenario file may hold at most ${INPUT_LIMITS.fileBytes} bytes`]);
  });

  it.each([
    ['/dev/zero', 'it is a character device, not a regular file'],
    ['/dev/null', 'it is a character device, not a regular file'],
  ])('%s is refused, not read', (path, fragment) => {
    expect(checkScenarioFile(path).problems[0].message).toContain(fragment);
  });

  it('a folder is refused', () => {
    expect(checkScenarioFile(dir).problems[0].message).toBe('cannot be read: it is a directory');
  });

  it('a missing file is named', () => {
    const checked = checkScenarioFile(join(dir, 'nowhere.json'));
    expect(checked.problems).toEqual([{ source: join(dir, 'nowhere.json'), path: [], message: 'cannot be read: no such file' }]);
    expect(checked.names).toEqual([]);
  });

  it('a UTF-8 byte order mark is accepted, and lines and columns stay right', () => {
    const text = json({ scenarios: { x: { weeks: 0 } } });
    const withBom = checkScenarioFile(file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])));
    const without = checkScenarioFile(file('plain.json', text));
    expect(withBom.problems.map((p) => [p.line, p.column, p.message])).toEqual(without.problems.map((p) => [p.line, p.column, p.message]));
    expect(withBom.problems[0]).toMatchObject({ line: 4, column: 7, path: ['scenarios', 'x', 'weeks'] });
  });

  it('bytes that are not UTF-8 are refused with their offset, line and column', () => {
    const bytes = Buffer.concat([Buffer.from('{\n  "scenarios": {"é": '), Buffer.from([0xff]), Buffer.from('}}')]);
    expect(checkScenarioFile(file('latin.json', bytes)).problems.map(formatProblem)).toEqual([
      `${dir}/latin.json:2:22: is not UTF-8 text: byte 24 (counting from 0) is not valid UTF-8; save the file as UTF-8`,
    ]);
    for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      expect('problem' in decodeUtf8(Uint8Array.from([0x20, ...bad]), 'f'), bad.join()).toBe(true);
    }
  });
});

describe('checkScenarioText', () => {
  it('keeps the scenarios that passed every check, and drops those that extend a flawed one', () => {
    const checked = checkScenarioText(json({ scenarios: { good: { weeks: 8 }, bad: { weeks: 0 }, child: { extends: 'bad' }, grandchild: { extends: 'good' } } }), 'f.json');
    expect(Object.keys(checked.file.scenarios).sort()).toEqual(['good', 'grandchild']);
    expect(checked.names).toEqual(['good', 'bad', 'child', 'grandchild']);
    expect(checked.problems).toHaveLength(1);
  });

  it('a file with no scenarios, or none at all, says so', () => {
    expect(lines('{"scenarios": {}}')).toEqual(['f.json:1:2: $.scenarios: holds no scenarios; add at least one under "scenarios"']);
    expect(lines('{}')[0]).toMatch(/^f\.json:1:1: \$\.scenarios: /);
  });

  it('problems are sorted by position, each located at its key', () => {
    const text = json({ scenarios: { b: { mandate: { pressure: 'import(1)' } }, a: { weeks: 'x' } } });
    expect(lines(text)).toEqual([
      expect.stringMatching(/^f\.json:5:9: \$\.scenarios\.b\.mandate\.pressure: "import\(1\)" calls "import"/),
      'f.json:9:7: $.scenarios.a.weeks: "x" is not allowed; expected an integer in [1, 520]',
    ]);
  });

  it('a number out of range is reported once, by the parser, not again by the schema', () => {
    expect(lines('{"scenarios": {"a": {"weeks": 1e999}}}')).toEqual(['f.json:1:31: $.scenarios.a.weeks: 1e999 is a number out of range; expected a finite number (at most about 1.8e308 in size)']);
  });
});

describe('parseJson', () => {
  it('refuses comments and trailing commas, located', () => {
    expect(thrown(() => parseJson('{"a": 1,}', 'f.json')).problems[0]).toMatchObject({ line: 1, column: 9, message: expect.stringMatching(/^is not valid JSON: /) });
    expect(thrown(() => parseJson('// note\n{}', 'f.json')).problems[0]).toMatchObject({ line: 1, column: 1 });
  });

  it('parses strict JSON, a byte order mark dropped, "__proto__" kept as an own key', () => {
    const value = parseJson('\ufeff{"__proto__": {"a": 1}, "b": [1, 2]}', 'f.json') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

describe('locateInFile', () => {
  it('adds line and column to problems of the file found after loading, and leaves other sources alone', () => {
    const text = json({ scenarios: { a: { mandate: { targetShare: 't / 10' } } } });
    const loaded = parseScenarioText(text, 'f.json');
    const found: Problem[] = [
      { source: 'f.json', path: ['scenarios', 'a', 'mandate', 'targetShare'], message: 'too big' },
      { source: '--set weeks=9', path: ['weeks'], message: 'other' },
      { source: 'f.json', path: ['scenarios', 'a', 'mandate', 'missing'], message: 'nearest' },
    ];
    expect(locateInFile(loaded, found).map((p) => [p.line, p.column])).toEqual([
      [5, 9],
      [undefined, undefined],
      [4, 18], // the value of the nearest path that exists: the mandate object
    ]);
    expect(locateInFile({ source: 'f.json', scenarios: {} }, found)).toEqual(found);
  });
});

describe('extendsProblems', () => {
  it('a parent not in the file, with a did-you-mean; names of Object.prototype are not scenarios', () => {
    expect(extendsProblems({ baseline: {}, child: { extends: 'basline' }, other: { extends: 'constructor' } }, 'f.json')).toEqual([
      { source: 'f.json', path: ['scenarios', 'child', 'extends'], message: 'extends "basline", which is not in the file (did you mean "baseline"?); scenarios: baseline, child, other' },
      { source: 'f.json', path: ['scenarios', 'other', 'extends'], message: 'extends "constructor", which is not in the file; scenarios: baseline, child, other' },
    ]);
  });

  it('a cycle is reported once, however many scenarios lead into it', () => {
    const problems = extendsProblems({ a: { extends: 'b' }, b: { extends: 'c' }, c: { extends: 'a' }, d: { extends: 'a' } }, 'f.json');
    expect(problems.map((p) => p.message)).toEqual(['extends itself through a → b → c → a; remove one link of the cycle']);
    expect(extendsProblems({ self: { extends: 'self' } }, 'f.json').map((p) => p.path)).toEqual([['scenarios', 'self', 'extends']]);
  });

  it('no problems for chains that end, and an empty extends is no parent', () => {
    expect(extendsProblems({ a: {}, b: { extends: 'a' }, c: { extends: 'b' }, d: { extends: '' } }, 'f.json')).toEqual([]);
  });
});

describe('expressionProblems', () => {
  it('compiles strings only where a number may be an expression, with paths below the prefix', () => {
    const scenario = { description: 'import("fs") is only words here', mandate: { targetShare: 'max(', pressure: 't / 2' }, schedule: [{ week: 2, audits: { rate: 'evaluate("1")' } }] };
    const problems = expressionProblems(scenario, scenarioSchema, 'f.json', ['scenarios', 'a']);
    expect(problems.map((p) => p.path)).toEqual([
      ['scenarios', 'a', 'mandate', 'targetShare'],
      ['scenarios', 'a', 'schedule', 0, 'audits', 'rate'],
    ]);
    expect(problems[1].message).toMatch(/^"evaluate\(\\"1\\"\)" calls "evaluate", which is not allowed/);
  });

  it('walks a value of any depth without recursion', () => {
    // Deep enough that a recursive walk overflows the stack (even a plain one, from about 10,000 levels).
    let deep: unknown = 'x';
    for (let i = 0; i < 15_000; i++) deep = [deep];
    expect(expressionProblems({ mandate: deep }, scenarioSchema, 'f.json')).toEqual([]);
  });
});
