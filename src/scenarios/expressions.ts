/**
 * Sandboxed expressions of the week `t`.
 *
 * An expression is parsed once with mathjs and then checked against a whitelist of syntax: numbers,
 * the variable `t`, arithmetic, comparisons, logic, parentheses, `a ? b : c`, and a short list of
 * pure functions. Everything else — assignment, property access, matrices, objects, units, strings,
 * and functions such as `import`, `evaluate`, `parse` or `createUnit` — is refused before anything
 * runs, which is the approach mathjs's security notes recommend over trying to disable functions.
 */
import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';
import { messages } from '../messages.js';
import { INPUT_LIMITS } from './limits.js';

/**
 * Functions an expression may call, with the numbers of arguments each takes: mathjs throws while
 * evaluating a call with any other count, so it is refused when the expression is checked.
 */
const ARITY = {
  min: { min: 1, max: Infinity, text: 'one or more arguments' },
  max: { min: 1, max: Infinity, text: 'one or more arguments' },
  abs: { min: 1, max: 1, text: 'exactly 1 argument' },
  // A second argument of floor, ceil and round is a number of decimals, which mathjs accepts only
  // from 0 to 15: it must be written as such a number, not computed (round(x, t) fails from week 16).
  floor: { min: 1, max: 2, text: '1 argument, or 2 (a value and a number of decimals from 0 to 15)' },
  ceil: { min: 1, max: 2, text: '1 argument, or 2 (a value and a number of decimals from 0 to 15)' },
  round: { min: 1, max: 2, text: '1 argument, or 2 (a value and a number of decimals from 0 to 15)' },
  sqrt: { min: 1, max: 1, text: 'exactly 1 argument' },
  exp: { min: 1, max: 1, text: 'exactly 1 argument' },
  log: { min: 1, max: 2, text: '1 argument, or 2 (a value and a base)' },
  pow: { min: 2, max: 2, text: 'exactly 2 arguments' },
  sign: { min: 1, max: 1, text: 'exactly 1 argument' },
  mod: { min: 2, max: 2, text: 'exactly 2 arguments' },
} as const satisfies Record<string, { min: number; max: number; text: string }>;

type AllowedFunction = keyof typeof ARITY;

const require = createRequire(import.meta.url);
let mathParse: ((text: string) => MathNode) | undefined;

/** mathjs's parser, loaded on first use: mathjs takes half a second to load, and most files hold no expression. */
function parse(text: string): MathNode {
  mathParse ??= (require('mathjs') as typeof import('mathjs')).parse;
  return mathParse(text);
}

/** Functions an expression may call. */
export const ALLOWED_FUNCTIONS = Object.keys(ARITY) as AllowedFunction[];

const DECIMALS = new Set<string>(['floor', 'ceil', 'round']);

const ALLOWED_OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq', 'and', 'or', 'not', 'xor',
]);


/** A compiled expression: the value of a parameter in week `t`. */
export type WeekFunction = (t: number) => number;

/** The outcome of compiling an expression: a function, or what is wrong with it. */
export type Compiled = { ok: true; fn: WeekFunction } | { ok: false; problem: string };

/** The names an expression may use: the week `t` in scenario files, metric names in conditions. */
interface Names {
  allowed: ReadonlySet<string>;
  unknown: (name: string) => string;
}

const WEEK: Names = { allowed: new Set(['t']), unknown: (name) => messages.expressionSymbol(name) };

/** Returns the first construct of `node` outside the whitelist, described for a user, or null. */
function forbidden(node: MathNode, names: Names = WEEK): string | null {
  const n = node as MathNode & { fn?: { name?: string } | string; args?: MathNode[]; name?: string; value?: unknown };
  switch (node.type) {
    case 'ConstantNode':
      return typeof n.value === 'number' || typeof n.value === 'boolean' ? null : messages.expressionConstant(String(n.value));
    case 'SymbolNode':
      return names.allowed.has(String(n.name)) ? null : names.unknown(String(n.name));
    case 'ParenthesisNode':
      return forbidden((node as unknown as { content: MathNode }).content, names);
    case 'ConditionalNode': {
      const c = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      return forbidden(c.condition, names) ?? forbidden(c.trueExpr, names) ?? forbidden(c.falseExpr, names);
    }
    case 'OperatorNode': {
      const op = String(n.fn);
      if (!ALLOWED_OPERATORS.has(op)) return messages.expressionOperator((node as unknown as { op: string }).op);
      return firstForbidden(n.args ?? [], names);
    }
    case 'FunctionNode': {
      const fn = n.fn as { type?: string; name?: string };
      if (fn?.type !== 'SymbolNode' || !Object.hasOwn(ARITY, String(fn.name))) {
        return messages.expressionFunction(fn?.name ?? 'a computed function', ALLOWED_FUNCTIONS);
      }
      const name = fn.name as AllowedFunction;
      const args = n.args ?? [];
      if (args.length < ARITY[name].min || args.length > ARITY[name].max) return messages.expressionArity(name, args.length, ARITY[name].text);
      if (DECIMALS.has(name) && args.length === 2 && !isDecimalsLiteral(args[1])) return messages.expressionDigits(name);
      return firstForbidden(args, names);
    }
    default:
      return messages.expressionConstruct(node.type);
  }
}

/** Is `node` a whole number from 0 to 15 written as a number, as mathjs's decimals argument must be? */
function isDecimalsLiteral(node: MathNode): boolean {
  const value = (node as MathNode & { value?: unknown }).value;
  return node.type === 'ConstantNode' && typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 15;
}

/** Depth of the deepest node of a parsed expression; iterative, so no tree can overflow the stack. */
function treeDepth(root: MathNode): number {
  let deepest = 0;
  const stack: [MathNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    node.forEach((child) => stack.push([child, depth + 1]));
  }
  return deepest;
}

/** Deepest nesting of brackets in the text, counted before parsing (the parser recurses per level). */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const c of text) {
    if (c === '(' || c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

function firstForbidden(nodes: MathNode[], names: Names): string | null {
  for (const a of nodes) {
    const p = forbidden(a, names);
    if (p) return p;
  }
  return null;
}

/** Parses and checks an expression against the whitelist with `names` as its variables: the compiled code, or the problem. */
function checked(text: string, names: Names): { ok: true; code: { evaluate(scope: object): unknown } } | { ok: false; problem: string } {
  const { expressionCharacters, expressionDepth } = INPUT_LIMITS;
  if (text.length > expressionCharacters) return { ok: false, problem: messages.expressionTooLong(text.length, expressionCharacters) };
  if (bracketDepth(text) > expressionDepth) return { ok: false, problem: messages.expressionTooDeep(expressionDepth) };
  let node: MathNode;
  try {
    node = parse(text);
  } catch (e) {
    return { ok: false, problem: messages.expressionSyntax((e as Error).message) };
  }
  if (treeDepth(node) > expressionDepth) return { ok: false, problem: messages.expressionTooDeep(expressionDepth) };
  const problem = forbidden(node, names);
  if (problem) return { ok: false, problem };
  return { ok: true, code: node.compile() };
}

/** A value mathjs returned, as a number (true is 1; anything else not a number is NaN). */
const numberOf = (v: unknown): number => (typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : Number.NaN);

/**
 * Parses and checks an expression once; the result evaluates it in any week without reparsing.
 * Never throws: a syntax error or a construct outside the whitelist comes back as a problem.
 */
export function compileExpression(text: string): Compiled {
  const c = checked(text, WEEK);
  if (!c.ok) return c;
  // May throw for a week in which mathjs cannot evaluate it; resolve.ts reports that week.
  return { ok: true, fn: (t: number) => numberOf(c.code.evaluate({ t })) };
}

/** A compiled condition over named values (`adoptionRate >= 0.8`): non-zero when it holds. */
export type Condition = (values: Readonly<Record<string, number>>) => number;

/**
 * Parses and checks a condition whose variables are `variables` (metric names, say), under the same
 * whitelist as scenario expressions. Never throws for bad input.
 */
export function compileCondition(text: string, variables: readonly string[]): { ok: true; fn: Condition } | { ok: false; problem: string } {
  const names: Names = { allowed: new Set(variables), unknown: (name) => messages.conditionSymbol(name, variables) };
  const c = checked(text, names);
  if (!c.ok) return c;
  // Only the variables are given to mathjs, as own properties of a fresh object.
  return {
    ok: true,
    fn: (values) => {
      // A value mathjs cannot order (the square root of a negative number is complex) is not met.
      try {
        return numberOf(c.code.evaluate(Object.fromEntries(variables.map((v) => [v, values[v]]))));
      } catch {
        return Number.NaN;
      }
    },
  };
}
