/**
 * Parameters named by typed paths, and the patches that change them.
 *
 * A patch is a deep-partial of {@link Parameters}: what a scenario, a `--set` argument or a schedule
 * entry writes. Patches are merged as typed objects. A dotted key a user writes (`--set
 * mandate.pressure=2`) is parsed here once, checked against the schema, into a {@link SettablePath}
 * the compiler knows; and a path is written back as dotted text only for what a user reads (a
 * schedule's changes in manifest.json).
 */
import { z } from 'zod';
import { messages } from '../messages.js';
import type { Problem } from './problems.js';
import { parametersSchema, scenarioSchema, SECTIONS, type Parameters, type ScenarioInput } from './schema.js';
import { schemaAt, suggest } from './validate.js';

/** A parameter section: `population`, `mandate`, … */
export type Section = (typeof SECTIONS)[number];

/** What a scenario, an override or a schedule entry may set: any parameters, at any depth. */
export type ParameterPatch = Omit<ScenarioInput, 'description' | 'extends' | 'schedule'>;

/** What a schedule entry may set: policy parameters only. */
export type PolicyPatch = Omit<NonNullable<ScenarioInput['schedule']>[number], 'week'>;

/** One parameter: `['weeks']` or `[section, key]`, each key checked by the compiler. */
export type LeafPath = ['weeks'] | { [S in Section]: [S, keyof Parameters[S] & string] }[Section];

/** What `--set` may name: one parameter, or a whole section (whose value is then an object). */
export type SettablePath = LeafPath | [Section];

/** A parameter's value as written: a number, a choice, or an expression of the week. */
export type LeafValue = number | string;

/** Parameters seen section by section, every leaf a number or a string (how the merge and the walks read them). */
type SectionView = Partial<Record<Section, Partial<Record<string, LeafValue>>>> & { weeks?: LeafValue };

/** `base` with every value `patch` sets, at any depth; keys `base` does not have are ignored. */
export function mergePatch<T extends object>(base: T, patch: DeepPatch<T> | undefined): T {
  if (patch === undefined) return base;
  const out = { ...base };
  for (const key of Object.keys(base) as (keyof T & keyof DeepPatch<T>)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    const current = base[key];
    // A section is merged key by key; a leaf (number or string) is replaced.
    out[key] = (current !== null && typeof current === 'object' ? mergePatch(current, value as DeepPatch<typeof current>) : value) as T[keyof T];
  }
  return out;
}

/** A deep-partial of `T`. */
export type DeepPatch<T> = { [K in keyof T]?: T[K] extends object ? DeepPatch<T[K]> : T[K] };

/** The value a patch (or full parameters) holds at a parameter's path, if it sets one. */
export function leafValue(p: ParameterPatch, path: LeafPath): LeafValue | undefined {
  const view: SectionView = p;
  return path[0] === 'weeks' ? view.weeks : view[path[0]]?.[path[1]];
}

/** Every parameter, in the schema's order, with the schema of its value. */
export const PARAMETER_LEAVES: readonly { path: LeafPath; schema: z.ZodType }[] = [
  { path: ['weeks'] as LeafPath, schema: schemaAt(parametersSchema, ['weeks'])! },
  ...SECTIONS.flatMap((s) => {
    const section = schemaAt(parametersSchema, [s]) as z.ZodObject;
    // The schema's keys are the type's keys: Parameters is inferred from this schema.
    return Object.keys(section.shape).map((k) => ({ path: [s, k] as LeafPath, schema: schemaAt(section, [k])! }));
  }),
];

/** The parameters that may be expressions of the week (a number or a string). */
export const EXPRESSION_LEAVES = PARAMETER_LEAVES.filter((l) => l.schema instanceof z.ZodUnion);

/** The parameters a patch sets, in the schema's order, with their values. */
export function patchLeaves(patch: ParameterPatch): [LeafPath, LeafValue][] {
  return PARAMETER_LEAVES.flatMap(({ path }) => {
    const v = leafValue(patch, path);
    return v === undefined ? [] : [[path, v] as [LeafPath, LeafValue]];
  });
}

/** A path as a user writes it: `mandate.pressure`. */
export function pathText(path: SettablePath): string {
  return path.join('.');
}

/** What `--set` may change: every parameter, not a scenario's description, extends or schedule. */
export const settableSchema = scenarioSchema.omit({ description: true, extends: true, schedule: true });

/**
 * Parses a dotted key a user wrote (`mandate.pressure`) into a path checked against the schema, or
 * the problem with its first segment that names no key (own keys only), listing the keys allowed.
 */
export function parseSettablePath(text: string, source: string): { path: SettablePath } | { problem: Problem } {
  const segments = text.split('.');
  for (let i = 0; i < segments.length; i++) {
    if (schemaAt(settableSchema, segments.slice(0, i + 1)) !== undefined) continue;
    const parent = schemaAt(settableSchema, segments.slice(0, i));
    const allowed = parent instanceof z.ZodObject ? Object.keys(parent.shape) : [];
    return { problem: { source, path: segments.slice(0, i + 1), message: messages.unknownKey(segments[i], suggest(segments[i], allowed), allowed) } };
  }
  // Every segment names a key of the schema, and the schema is two levels deep: a section, a
  // parameter of one, or weeks.
  return { path: segments as SettablePath };
}

/** The patch that sets `value` at `path`, before it is validated (the value is as the user wrote it). */
export function patchAt(path: SettablePath, value: unknown): Record<string, unknown> {
  // Every segment is a key of the schema (parseSettablePath), so plain assignment builds own properties.
  return path.length === 1 ? { [path[0]]: value } : { [path[0]]: { [path[1]]: value } };
}
