/**
 * Sandboxed expressions of the week `t`.
 *
 * An expression is parsed once with mathjs and then checked against a whitelist of syntax: numbers,
 * the variable `t`, arithmetic, comparisons, logic, parentheses, `a ? b : c`, and a short list of
 * pure functions. Everything else — assignment, property access, matrices, objects, units, strings,
 * and functions such as `import`, `evaluate`, `parse` or `createUnit` — is refused before anything
 * runs, which is the approach mathjs's security notes recommend over trying to disable functions.
 */
import { parse, type MathNode } from 'mathjs';
import { messages } from '../messages.js';

/** Functions an expression may call. */
export const ALLOWED_FUNCTIONS = ['min', 'max', 'abs', 'floor', 'ceil', 'round', 'sqrt', 'exp', 'log', 'pow', 'sign', 'mod'] as const;

const ALLOWED_OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq', 'and', 'or', 'not', 'xor',
]);

const FUNCTIONS = new Set<string>(ALLOWED_FUNCTIONS);

/** A compiled expression: the value of a parameter in week `t`. */
export type WeekFunction = (t: number) => number;

/** The outcome of compiling an expression: a function, or what is wrong with it. */
export type Compiled = { ok: true; fn: WeekFunction } | { ok: false; problem: string };

/** Returns the first construct of `node` outside the whitelist, described for a user, or null. */
function forbidden(node: MathNode): string | null {
  const n = node as MathNode & { fn?: { name?: string } | string; args?: MathNode[]; name?: string; value?: unknown };
  switch (node.type) {
    case 'ConstantNode':
      return typeof n.value === 'number' || typeof n.value === 'boolean' ? null : messages.expressionConstant(String(n.value));
    case 'SymbolNode':
      return n.name === 't' ? null : messages.expressionSymbol(String(n.name));
    case 'ParenthesisNode':
      return forbidden((node as unknown as { content: MathNode }).content);
    case 'ConditionalNode': {
      const c = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      return forbidden(c.condition) ?? forbidden(c.trueExpr) ?? forbidden(c.falseExpr);
    }
    case 'OperatorNode': {
      const op = String(n.fn);
      if (!ALLOWED_OPERATORS.has(op)) return messages.expressionOperator((node as unknown as { op: string }).op);
      return firstForbidden(n.args ?? []);
    }
    case 'FunctionNode': {
      const fn = n.fn as { type?: string; name?: string };
      if (fn?.type !== 'SymbolNode' || !FUNCTIONS.has(String(fn.name))) {
        return messages.expressionFunction(fn?.name ?? 'a computed function', ALLOWED_FUNCTIONS);
      }
      return firstForbidden(n.args ?? []);
    }
    default:
      return messages.expressionConstruct(node.type);
  }
}

function firstForbidden(nodes: MathNode[]): string | null {
  for (const a of nodes) {
    const p = forbidden(a);
    if (p) return p;
  }
  return null;
}

/**
 * Parses and checks an expression once; the result evaluates it in any week without reparsing.
 * Never throws: a syntax error or a construct outside the whitelist comes back as a problem.
 */
export function compileExpression(text: string): Compiled {
  let node: MathNode;
  try {
    node = parse(text);
  } catch (e) {
    return { ok: false, problem: messages.expressionSyntax((e as Error).message) };
  }
  const problem = forbidden(node);
  if (problem) return { ok: false, problem };
  const code = node.compile();
  return {
    ok: true,
    fn: (t: number) => {
      const v: unknown = code.evaluate({ t });
      return typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : Number.NaN;
    },
  };
}
