/**
 * Calibration by approximate Bayesian computation, independent of the model: a prior over
 * parameters (prior.ts), an engine that asks an injected batch simulator for summary statistics and
 * returns the weighted population that reproduces the targets (abc.ts, with its perturbation kernel
 * in kernel.ts), and the posterior file with what is read off it (posterior.ts).
 *
 *   prior + targets + simulate(points) → abc() → posteriorOf() → posteriorJson() → file
 *   file → loadPosterior() → posteriorSummary(), drawParticles(), effectiveSampleSize()
 *
 * The model's own calibration builds on it beside this barrel: the targets, held-out facts and
 * priors (targets.ts), the model as a simulator (simulator.ts) and `tokenmaxx calibrate`'s pipeline
 * (pipeline.ts).
 */
export {
  abc,
  abcSettings,
  distance,
  targetProblems,
  type AbcOptions,
  type AbcParticle,
  type AbcProgress,
  type AbcResult,
  type AbcSettings,
  type AbcState,
  type GenerationRecord,
  type Simulator,
  type StopReason,
  type Target,
} from './abc.js';
export {
  CalibratePurpose,
  calibrationKey,
  fromUnit,
  inSupport,
  inUnitCube,
  logPriorDensity,
  pointFromUnit,
  priorDensity,
  priorDraw,
  priorProblems,
  toUnit,
  unitFromPoint,
  type Prior,
  type PriorParameter,
  type PriorScale,
} from './prior.js';
export {
  checkPosteriorText,
  drawParticles,
  effectiveSampleSize,
  loadPosterior,
  parsePosteriorText,
  posteriorJson,
  posteriorOf,
  posteriorProblems,
  posteriorSchema,
  posteriorSummary,
  weightedQuantile,
  type ParameterSummary,
  type Posterior,
  type PosteriorParticle,
} from './posterior.js';
