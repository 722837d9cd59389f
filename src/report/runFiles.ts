/**
 * The JSON files of a run as the report reads them: zod schemas of manifest.json, summary.json and
 * distributions.json, written against the writer's types (src/experiment/outputs.ts, summarize.ts),
 * so that writer and reader agree. Each leaf says what it allows, for problems a user can act on.
 * Everything in a run folder is untrusted input: these schemas are the only way in.
 */
import { z } from 'zod';
import type { PosteriorRecord } from '../experiment/draws.js';
import { HEADLINE_FIGURES, HEADLINE_WINDOWS, type HeadlineEstimate, type RunHeadline, type ScenarioHeadline } from '../experiment/headline.js';
import type { Estimate, ScenarioSummary } from '../experiment/summarize.js';
import { METRIC_NAMES } from '../model/metrics.js';
import type { ScheduledChange } from '../scenarios/resolve.js';
import { parametersSchema } from '../scenarios/schema.js';

/** The most replicates a run read for a report may have. */
export const MAX_REPLICATES = 100_000;
/** The most scenarios a run read for a report may have. */
export const MAX_SCENARIOS = 1000;

/** What each schema allows, in words, for problems (looked up by schema). */
export const expectedText = z.registry<{ expected: string }>();

function allows<S extends z.ZodType>(schema: S, expected: string): S {
  expectedText.add(schema, { expected });
  return schema;
}

const sha256 = allows(z.string().regex(/^[0-9a-f]{64}$/), 'a SHA-256 in 64 lowercase hex digits');
const finite = allows(z.number(), 'a finite number');
const count = allows(z.number().int().min(1), 'an integer from 1');

/** A scheduled change, as `scenarioRecord` writes it. */
const scheduledChangeSchema = allows(
  z.object({
    week: allows(z.number().int().min(0), 'an integer week from 0'),
    set: allows(z.record(z.string(), z.union([z.number(), z.string()])), 'an object of setting → number or expression'),
  }),
  'an object with keys week, set',
) satisfies z.ZodType<ScheduledChange>;

/** A scenario of the manifest, as `scenarioRecord` writes it. */
const scenarioRecordSchema = allows(
  z.object({
    name: allows(z.string().min(1), 'a non-empty scenario name'),
    description: allows(z.string(), 'a string'),
    parameters: parametersSchema,
    schedule: allows(z.array(scheduledChangeSchema), 'a list of scheduled changes'),
    sha256,
  }),
  'an object with keys name, description, parameters, schedule, sha256',
);

/** A file of the set, as the manifest records it (`bytes` may be absent in older manifests). */
const fileRecordSchema = allows(z.object({ sha256, bytes: allows(z.number().int().min(0), 'a size in bytes, from 0').optional() }), 'an object with keys sha256, bytes');

/** The posterior draws a run applied (`run --posterior`), as `posteriorRecord` writes them. */
const posteriorRecordSchema = allows(
  z.object({
    file: allows(z.string(), 'a string'),
    sha256,
    draws: allows(z.number().int().min(1).max(MAX_REPLICATES), `an integer from 1 to ${MAX_REPLICATES} (the number of draws)`),
    replicatesPerDraw: allows(z.number().int().min(1).max(MAX_REPLICATES), `an integer from 1 to ${MAX_REPLICATES}`),
    values: allows(z.array(allows(z.record(z.string(), finite), 'an object of parameter path → number')), 'a list of each draw\'s parameter values'),
  }),
  'an object with keys file, sha256, draws, replicatesPerDraw, values',
) satisfies z.ZodType<PosteriorRecord>;

/** manifest.json, as `manifestJson` writes it. `tool` and `toolVersion` are compared after parsing. */
export const manifestSchema = allows(
  z.object({
    tool: allows(z.string(), '"tokenmaxx"'),
    toolVersion: allows(z.string(), 'a version string'),
    nodeVersion: allows(z.string(), 'a version string'),
    gitCommit: allows(z.string().nullable(), 'a commit hash or null'),
    command: allows(z.string(), 'a string'),
    seed: allows(z.union([z.string().min(1), z.number().int().min(0)]), 'a non-empty string or an integer from 0'),
    // Bounds far above any run tokenmaxx makes (the CLI allows 10,000 replicates), so that a hostile
    // manifest cannot make the reader allocate per scenario and replicate without limit.
    replicates: allows(z.number().int().min(1).max(MAX_REPLICATES), `an integer from 1 to ${MAX_REPLICATES} (the number of replicates)`),
    replicateSeeds: allows(z.array(z.string()), 'a list of seed strings, one per replicate'),
    scenarios: allows(z.array(scenarioRecordSchema).min(1).max(MAX_SCENARIOS), `a list of 1 to ${MAX_SCENARIOS} scenario records`),
    posterior: posteriorRecordSchema.optional(),
    files: allows(z.record(z.string(), fileRecordSchema), 'an object of file name → { sha256, bytes }'),
  }),
  'an object with keys tool, toolVersion, nodeVersion, gitCommit, command, seed, replicates, replicateSeeds, scenarios, files',
);

/** A manifest as the report uses it. */
export type Manifest = z.output<typeof manifestSchema>;

/** One estimate of summary.json (`estimate` in src/experiment/summarize.ts). */
const estimateSchema = allows(
  z.object({
    mean: finite,
    sd: allows(z.number().min(0), 'a finite number from 0'),
    ci95: allows(z.tuple([finite, finite]), 'a pair [low, high] of finite numbers'),
    n: count,
  }),
  'an object with keys mean, sd, ci95, n',
) satisfies z.ZodType<Estimate>;

const metricSummarySchema = allows(z.object({ final: estimateSchema, weeklyMean: estimateSchema }), 'an object with keys final, weeklyMean');

/** Every metric's summary of one scenario: all of METRIC_NAMES, none missing. */
const scenarioSummarySchema = allows(
  z.object(Object.fromEntries(METRIC_NAMES.map((name) => [name, metricSummarySchema])) as Record<(typeof METRIC_NAMES)[number], typeof metricSummarySchema>),
  `an object with a summary of every metric (${METRIC_NAMES.join(', ')})`,
) satisfies z.ZodType<ScenarioSummary>;

const interval = allows(z.tuple([finite, finite]).nullable(), 'a pair [low, high] of finite numbers, or null');
const sdOrNull = allows(z.number().min(0).nullable(), 'a finite number from 0, or null');

/** A headline figure in one window (src/experiment/headline.ts), or null where the run cannot say. */
const headlineEstimateSchema = allows(
  z
    .object({
      mean: finite,
      replicateCI: interval,
      posteriorInterval: interval,
      dominant: allows(z.enum(['parameters', 'replicates']).nullable(), '"parameters", "replicates" or null'),
      withinDrawSd: sdOrNull,
      betweenDrawSd: sdOrNull,
    })
    .nullable(),
  // schemaAt does not enter a nullable object, so this says what each of its fields allows.
  'an object with keys mean (a finite number), replicateCI and posteriorInterval (pairs [low, high] of finite numbers, or null), dominant ("parameters", "replicates" or null), withinDrawSd and betweenDrawSd (finite numbers from 0, or null); or null',
) satisfies z.ZodType<HeadlineEstimate | null>;

const figureSchema = allows(
  z.object(Object.fromEntries(HEADLINE_WINDOWS.map((w) => [w, headlineEstimateSchema])) as Record<(typeof HEADLINE_WINDOWS)[number], typeof headlineEstimateSchema>),
  `an object with keys ${HEADLINE_WINDOWS.join(', ')}`,
);

const scenarioHeadlineSchema = allows(
  z.object(Object.fromEntries(HEADLINE_FIGURES.map((f) => [f, figureSchema])) as Record<(typeof HEADLINE_FIGURES)[number], typeof figureSchema>),
  `an object with every headline figure (${HEADLINE_FIGURES.join(', ')})`,
) satisfies z.ZodType<ScenarioHeadline>;

const windowSchema = allows(
  z.object({ firstWeek: allows(z.number().int().min(0), 'an integer week from 0'), lastWeek: allows(z.number().int().min(0), 'an integer week from 0') }).nullable(),
  'an object with keys firstWeek, lastWeek, or null',
);

/** summary.json's `headline` (runs with posterior draws), as `runHeadline` writes it. */
const headlineSchema = allows(
  z.object({
    reference: allows(z.string().min(1), 'a scenario name'),
    draws: allows(z.number().int().min(1).max(MAX_REPLICATES).nullable(), `an integer from 1 to ${MAX_REPLICATES}, or null`),
    replicatesPerDraw: allows(z.number().int().min(1).max(MAX_REPLICATES), `an integer from 1 to ${MAX_REPLICATES}`),
    windows: allows(z.object(Object.fromEntries(HEADLINE_WINDOWS.map((w) => [w, windowSchema])) as Record<(typeof HEADLINE_WINDOWS)[number], typeof windowSchema>), `an object with keys ${HEADLINE_WINDOWS.join(', ')}`),
    notes: allows(z.array(allows(z.string(), 'a string')), 'a list of strings'),
    scenarios: allows(z.record(z.string(), scenarioHeadlineSchema), 'an object of scenario name → headline figures'),
  }),
  'an object with keys reference, draws, replicatesPerDraw, windows, notes, scenarios',
) satisfies z.ZodType<RunHeadline>;

/** summary.json, as `RunCollector.summaryJson` writes it (`headline` only for runs with posterior draws). */
export const summarySchema = allows(
  z.object({ scenarios: allows(z.record(z.string(), scenarioSummarySchema), 'an object of scenario name → metric summaries'), headline: headlineSchema.optional() }),
  'an object with key scenarios (and headline, for a run with posterior draws)',
);

/** distributions.json, as `RunCollector.distributionsJson` writes it. */
export const distributionsSchema = allows(
  z.object({
    populationShares: allows(z.array(allows(z.number().min(0).max(1), 'a share in [0, 1]')).min(2), 'a list of at least two shares in [0, 1]'),
    scenarios: allows(
      z.record(z.string(), allows(z.object({ tokenLorenz: allows(z.array(finite), 'a list of finite numbers') }), 'an object with key tokenLorenz')),
      'an object of scenario name → { tokenLorenz }',
    ),
  }),
  'an object with keys populationShares, scenarios',
);

/** distributions.json as the report uses it. */
export type Distributions = z.output<typeof distributionsSchema>;

