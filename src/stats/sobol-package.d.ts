/** Types of the `sobol` package (1.1.4), which ships none. */
declare module 'sobol' {
  /** Gray-code Sobol' generator on the Joe–Kuo direction numbers; the first vector is the origin. */
  export class SobolSequenceGenerator {
    constructor(dimension: number);
    /** The next point of the sequence, in [0, 1)^dimension. */
    nextVector(): number[];
  }
}
