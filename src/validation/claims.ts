/**
 * The verdict of a stylized fact, built claim by claim: each claim records a measured figure under a
 * name and states the bound it must keep, so the figure, the bound that is checked and the bound that
 * is printed are one number written once.
 */

/** One claim of a fact: a measured figure and the bound it must keep. */
export interface Claim {
  name: string;
  value: number;
  /** The bound, as text: `≥ 0.1`, or `0.1 … 0.35` for a range (both ends included). */
  expected: string;
  /** The bound's numbers (two for a range), to show the value with digits enough to tell it from them. */
  bounds: number[];
  pass: boolean;
}

/** What a fact's check returns. */
export interface FactCheck {
  /** Every claim holds. */
  pass: boolean;
  /** The figures the claims were made on, by name (a ratio, a share, a week…), in claim order. */
  measured: Record<string, number>;
  /** The claims, as text: `name op bound` joined by `; `. */
  expected: string;
  /** The claims one by one, in order. */
  claims: Claim[];
}

/** The comparisons a claim may make. */
export type Comparison = '<' | '≤' | '>' | '≥';

const HOLDS: Record<Comparison, (value: number, bound: number) => boolean> = {
  '<': (v, b) => v < b,
  '≤': (v, b) => v <= b,
  '>': (v, b) => v > b,
  '≥': (v, b) => v >= b,
};

/** A figure for a person to read: `digits` significant digits (4 by default), integers as they are. */
export function shownNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  return Number(x.toPrecision(digits)).toString();
}

/** A claim's value with as many digits as it takes (4 to 17) not to read as one of its bounds. */
export function shownValue(claim: Pick<Claim, 'value' | 'bounds'>): string {
  let digits = 4;
  while (digits < 17 && claim.bounds.some((b) => b !== claim.value && shownNumber(claim.value, digits) === shownNumber(b, digits))) digits++;
  return shownNumber(claim.value, digits);
}

/** Collects the claims of one fact and says whether they all hold. A NaN figure keeps no bound. */
export class Claims {
  private readonly claims: Claim[] = [];

  /**
   * Records `value` as the figure `name` and claims `value op bound`. `boundText` describes a bound
   * computed from other figures (it is printed with the bound's value).
   */
  claim(name: string, value: number, op: Comparison, bound: number, boundText?: string): this {
    const expected = `${op} ${boundText === undefined ? shownNumber(bound) : `${boundText} (${shownNumber(bound)})`}`;
    return this.add({ name, value, expected, bounds: [bound], pass: HOLDS[op](value, bound) });
  }

  /** Records `value` as the figure `name` and claims `low ≤ value ≤ high`. */
  between(name: string, value: number, low: number, high: number): this {
    return this.add({ name, value, expected: `${shownNumber(low)} … ${shownNumber(high)}`, bounds: [low, high], pass: value >= low && value <= high });
  }

  private add(claim: Claim): this {
    if (this.claims.some((c) => c.name === claim.name)) throw new Error(`Claims: "${claim.name}" is claimed twice`);
    this.claims.push(claim);
    return this;
  }

  /** The verdict of every claim made so far. */
  result(): FactCheck {
    return {
      pass: this.claims.every((c) => c.pass),
      measured: Object.fromEntries(this.claims.map((c) => [c.name, c.value])),
      expected: this.claims.map((c) => `${c.name} ${c.expected}`).join('; '),
      claims: this.claims.map((c) => ({ ...c })),
    };
  }
}
