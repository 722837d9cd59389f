/**
 * Validation against the schema (src/scenarios/validate.ts): the schema and the value at a JSON path,
 * what a leaf allows in words, did-you-mean suggestions, and every problem of an input at once, each
 * with its path, the value found and what is allowed.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defaultParameters, parametersSchema, scenarioFileSchema, scenarioSchema } from '../../src/scenarios/schema.js';
import { allowedText, schemaAt, suggest, validate, valueAt } from '../../src/scenarios/validate.js';

describe('schemaAt', () => {
  it('follows objects, named scenarios and lists, through optional and default wrappers', () => {
    expect(schemaAt(scenarioFileSchema, [])).toBeInstanceOf(z.ZodObject);
    expect(schemaAt(scenarioFileSchema, ['scenarios'])).toBeInstanceOf(z.ZodRecord);
    expect(schemaAt(scenarioFileSchema, ['scenarios', 'any-name', 'mandate', 'targetShare'])).toBeInstanceOf(z.ZodUnion);
    expect(schemaAt(scenarioFileSchema, ['scenarios', 'any-name', 'leaderboard', 'visibility'])).toBeInstanceOf(z.ZodEnum);
    expect(schemaAt(scenarioSchema, ['schedule', 3, 'week'])).toBeInstanceOf(z.ZodNumber);
  });

  it('is undefined for a key the schema does not have, Object.prototype\'s names included, and below a leaf', () => {
    for (const path of [['mandat'], ['mandate', 'constructor'], ['__proto__'], ['toString'], ['weeks', 'x'], ['mandate', 'targetShare', 0]]) {
      expect(schemaAt(scenarioSchema, path), JSON.stringify(path)).toBeUndefined();
    }
  });
});

describe('allowedText', () => {
  it('says what a leaf allows: a range, whole numbers, expressions of t, a choice', () => {
    expect(allowedText(schemaAt(scenarioSchema, ['mandate', 'targetShare']))).toBe('a number in [0, 1] or an expression of t');
    expect(allowedText(schemaAt(scenarioSchema, ['weeks']))).toBe('an integer in [1, 520]');
    expect(allowedText(schemaAt(scenarioSchema, ['leaderboard', 'visibility']))).toBe('one of "none", "self", "team", "org"');
    expect(allowedText(schemaAt(scenarioSchema, ['description']))).toBe('a string');
    expect(allowedText(schemaAt(scenarioSchema, ['schedule']))).toBe('a list');
    expect(allowedText(schemaAt(scenarioFileSchema, ['scenarios']))).toBe('an object of named scenarios');
    expect(allowedText(undefined)).toBe('a valid value');
  });

  it('an object names its keys', () => {
    expect(allowedText(z.strictObject({ a: z.number(), b: z.string() }))).toBe('an object with keys a, b');
  });
});

describe('valueAt', () => {
  const doc = JSON.parse('{"a": {"b": [10, {"c": null}]}, "__proto__": {"x": 1}}') as unknown;

  it('the value at a path of keys and indices, or undefined where there is none', () => {
    expect(valueAt(doc, ['a', 'b', 0])).toBe(10);
    expect(valueAt(doc, ['a', 'b', 1, 'c'])).toBeNull();
    expect(valueAt(doc, [])).toBe(doc);
    expect(valueAt(doc, ['a', 'missing'])).toBeUndefined();
    expect(valueAt(doc, ['a', 'b', 5])).toBeUndefined();
    expect(valueAt(doc, ['a', 'b', 0, 'x'])).toBeUndefined();
  });

  it('reads own properties only: inherited names are not values', () => {
    expect(valueAt(doc, ['a', 'constructor'])).toBeUndefined();
    expect(valueAt(doc, ['a', 'b', 'length'])).toBe(2); // an array's own length
    expect(valueAt({}, ['toString'])).toBeUndefined();
  });
});

describe('suggest', () => {
  const keys = ['targetShare', 'pressure', 'escalation', 'quotaTokensPerWeek'];

  it('names the closest key for a plausible typo, whatever its case', () => {
    expect(suggest('targetshare', keys)).toBe('targetShare');
    expect(suggest('presure', keys)).toBe('pressure');
    expect(suggest('escalaton', keys)).toBe('escalation');
  });

  it('suggests nothing for a name far from every candidate, or with no candidates', () => {
    expect(suggest('zzz', keys)).toBeUndefined();
    expect(suggest('visibility', keys)).toBeUndefined();
    expect(suggest('targetShare', [])).toBeUndefined();
  });
});

describe('validate', () => {
  it('a valid input gives the parsed value, defaults filled in', () => {
    const result = validate(parametersSchema, { weeks: 8 }, 'f.json');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.weeks).toBe(8);
      expect(result.value.population).toEqual(defaultParameters().population);
    }
  });

  it('every problem at once, each with its path, the value and what is allowed', () => {
    const result = validate(scenarioSchema, { weeks: 0, leaderboard: { visibility: 'public' }, mandate: { targetShare: 1.5 } }, 'f.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { source: 'f.json', path: ['weeks'], message: '0 is not allowed; expected an integer in [1, 520]' },
        { source: 'f.json', path: ['leaderboard', 'visibility'], message: '"public" is not allowed; expected one of "none", "self", "team", "org"' },
        { source: 'f.json', path: ['mandate', 'targetShare'], message: '1.5 is not allowed; expected a number in [0, 1] or an expression of t' },
      ]),
    );
    expect(result.problems).toHaveLength(3);
  });

  it('each unknown key is its own problem, with a did-you-mean and the allowed keys', () => {
    const result = validate(scenarioSchema, { mandate: { targetshare: 0.5, zzz: 1 } }, 'f.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      ['mandate', 'targetshare'],
      ['mandate', 'zzz'],
    ]);
    expect(result.problems[0].message).toMatch(/^unknown key "targetshare" \(did you mean "targetShare"\?\); allowed: type, targetShare, /);
    expect(result.problems[1].message).toMatch(/^unknown key "zzz"; allowed: /);
  });

  it('paths are given below a prefix, and a problem zod reports twice is reported once', () => {
    const result = validate(scenarioSchema, { weeks: 'x' }, '--set weeks=x', ['scenarios', 'a']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ source: '--set weeks=x', path: ['scenarios', 'a', 'weeks'], message: '"x" is not allowed; expected an integer in [1, 520]' }]);
  });

  it('a scenario name that is not allowed is named as such', () => {
    const result = validate(scenarioFileSchema, { scenarios: { 'bad name': {} } }, 'f.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toContain(`scenario name "bad name" must start with a letter or digit and hold only letters, digits, '.', '_' and '-'`);
  });
});
