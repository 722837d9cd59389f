import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/scenarios/expressions.js';

const value = (text: string, t: number) => {
  const c = compileExpression(text);
  if (!c.ok) throw new Error(c.problem);
  return c.fn(t);
};

describe('sandboxed expressions', () => {
  it('evaluates arithmetic, comparisons, conditionals and whitelisted functions of t', () => {
    expect(value('0.1 + 0.2 * (t >= 12)', 11)).toBeCloseTo(0.1);
    expect(value('0.1 + 0.2 * (t >= 12)', 12)).toBeCloseTo(0.3);
    expect(value('t < 26 ? 1 : 0', 30)).toBe(0);
    expect(value('min(1, max(0, t / 52))', 26)).toBeCloseTo(0.5);
    expect(value('exp(-t / 10) + abs(-1) + floor(2.5) + sqrt(4) + 2^3 + mod(7, 3)', 0)).toBeCloseTo(1 + 1 + 2 + 2 + 8 + 1);
    expect(value('t > 3 and t < 5', 4)).toBe(1);
  });

  it.each([
    ["import({x: 1})", 'not allowed'],
    ["evaluate('1 + 1')", 'not allowed'],
    ["parse('1')", 'not allowed'],
    ["createUnit('foo')", 'not allowed'],
    ["simplify('t')", 'not allowed'],
    ['a = 1', 'not allowed'],
    ['f(x) = x', 'not allowed'],
    ['[1, 2]', 'not allowed'],
    ['{a: 1}', 'not allowed'],
    ['"text"', 'only numbers'],
    ['x + 1', 'unknown name "x"'],
    ['pi * t', 'unknown name "pi"'],
    ['cos.constructor', 'not allowed'],
    ['5 cm', 'unknown name "cm"'],
    ['1 +', 'not a valid expression'],
    ['t!', 'not allowed'],
  ])('refuses %s', (text, fragment) => {
    const c = compileExpression(text);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.problem).toContain(fragment);
  });
});
