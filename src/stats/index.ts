/**
 * Statistics and experimental design for experiments over scenarios: paired and Welch comparisons,
 * designs over a box of parameters (grid, Latin hypercube, Morris, Saltelli), Morris and Sobol'
 * sensitivity measures with seeded bootstrap intervals, and SALib's text formats. Pure functions;
 * the caller runs the model on a design's rows and hands back the outputs in the same order.
 */
export { pairedComparison, welchComparison, type PairedComparison, type WelchComparison } from './paired.js';
export {
  grid,
  lhs,
  morris,
  saltelli,
  gridValues,
  parameterValue,
  unitCoordinate,
  type Parameter,
  type Design,
  type MorrisDesign,
  type SaltelliDesign,
} from './designs.js';
export { sobolPoints, SOBOL_MAX_POINTS, SOBOL_MAX_DIMENSION } from './sobolSequence.js';
export { elementaryEffects, morrisIndices, sobolIndices, type MorrisIndex, type SobolIndex } from './sensitivity.js';
export { bootstrapIndices, percentileInterval, normalHalfWidth, type BootstrapOptions } from './bootstrap.js';
export { salibProblemText, salibSamplesText, salibOutputsText } from './salib.js';
