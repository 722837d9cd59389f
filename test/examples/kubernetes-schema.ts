/**
 * Writes test/examples/kubernetes-schema.json: the part of Kubernetes' own OpenAPI definitions that
 * the manifests of examples/kubernetes/ use, as a JSON Schema that kubernetes.test.ts checks them
 * against.
 *
 * The source is the Kubernetes 1.36 API as published by the Kubernetes project: the file
 * `kubernetes/swagger.json.unprocessed` of its Python client (github.com/kubernetes-client/python),
 * tag v36.0.3. That file is `api/openapi-spec/swagger.json` of kubernetes/kubernetes' release-1.36
 * branch, downloaded and written back unchanged (JSON re-serialised) by openapi/preprocess_spec.py
 * of kubernetes-client/gen; the client's scripts/constants.py names the branch and its CHANGELOG.md
 * the release, v1.36.2. To make the file again, in a clone of kubernetes-client/python:
 *
 *   git show v36.0.3:kubernetes/swagger.json.unprocessed > /tmp/swagger-1.36.json
 *   npx tsx test/examples/kubernetes-schema.ts /tmp/swagger-1.36.json
 *
 * The script refuses any other input than that file (its sha256 is in SOURCE). What it keeps, and
 * how it turns Kubernetes' OpenAPI 2.0 definitions into a JSON Schema (draft-07) for ajv:
 *
 * 1. Only the definitions reachable by `$ref` from the kinds in ROOTS (Job, PersistentVolumeClaim,
 *    Pod), whole: every field of every type they reference, used or not.
 * 2. Only the keywords that validate: type, properties, items, additionalProperties, required,
 *    `$ref`. Descriptions, formats and the x-kubernetes-* annotations go.
 * 3. Every type that declares properties gets `additionalProperties: false`: the API server's
 *    strict field validation (kubectl's default, `--validate=strict`) refuses unknown fields.
 * 4. Formats become bounds or types: int32 fields get the int32 range. An IntOrString also takes
 *    an integer, and a Quantity a number, as their Go decoders do; a Quantity written as a string
 *    must follow the grammar its description gives (plus the suffixes n and u, which its Go parser
 *    also reads), so that "1GB" is refused as the API server refuses it.
 * 5. The spec files list no enumerations, so ENUMS names the closed sets of values of the fields
 *    worth checking, each taken from the field's own description (the script refuses a value the
 *    description does not name) or, where the description names none, from the `+enum` constants
 *    of kubernetes/kubernetes' staging/src/k8s.io/api/core/v1/types.go.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/** Where the input comes from, recorded in the output. */
const SOURCE = {
  repository: 'github.com/kubernetes-client/python',
  tag: 'v36.0.3',
  commit: '67e7d9abfc6fe6629fa650d9b0abf4c99ef8c39c',
  path: 'kubernetes/swagger.json.unprocessed',
  sha256: 'c316f6e232c666148076e82e20371ff656ffbb12e59d8953e6d94ec7685bc75c',
  kubernetes: 'api/openapi-spec/swagger.json of kubernetes/kubernetes, branch release-1.36 (v1.36.2)',
};

/** The kinds the manifests may hold: every definition they reach is kept. */
const ROOTS = ['io.k8s.api.batch.v1.Job', 'io.k8s.api.core.v1.PersistentVolumeClaim', 'io.k8s.api.core.v1.Pod'];

/** A closed set of values of one field (`items: true`: of each item of an array field). */
interface EnumSpec {
  definition: string;
  field: string;
  values: string[];
  items?: boolean;
  /** Where the values come from: the field's description (checked here) or the Go `+enum` type. */
  from: 'description' | string;
}

const ENUMS: EnumSpec[] = [
  { definition: 'io.k8s.api.batch.v1.JobSpec', field: 'completionMode', values: ['NonIndexed', 'Indexed'], from: 'description' },
  { definition: 'io.k8s.api.batch.v1.JobSpec', field: 'podReplacementPolicy', values: ['TerminatingOrFailed', 'Failed'], from: 'description' },
  { definition: 'io.k8s.api.batch.v1.PodFailurePolicyRule', field: 'action', values: ['FailJob', 'FailIndex', 'Ignore', 'Count'], from: 'description' },
  { definition: 'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement', field: 'operator', values: ['In', 'NotIn'], from: 'description' },
  { definition: 'io.k8s.api.core.v1.PodSpec', field: 'restartPolicy', values: ['Always', 'OnFailure', 'Never'], from: 'description' },
  { definition: 'io.k8s.api.core.v1.PodSpec', field: 'dnsPolicy', values: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], from: 'description' },
  { definition: 'io.k8s.api.core.v1.Container', field: 'imagePullPolicy', values: ['Always', 'Never', 'IfNotPresent'], from: 'description' },
  { definition: 'io.k8s.api.core.v1.Container', field: 'terminationMessagePolicy', values: ['File', 'FallbackToLogsOnError'], from: 'description' },
  { definition: 'io.k8s.api.core.v1.PodSecurityContext', field: 'fsGroupChangePolicy', values: ['OnRootMismatch', 'Always'], from: 'description' },
  { definition: 'io.k8s.api.core.v1.SeccompProfile', field: 'type', values: ['Localhost', 'RuntimeDefault', 'Unconfined'], from: 'description' },
  {
    definition: 'io.k8s.api.core.v1.PersistentVolumeClaimSpec',
    field: 'accessModes',
    items: true,
    values: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
    from: 'types.go: +enum type PersistentVolumeAccessMode',
  },
  { definition: 'io.k8s.api.core.v1.PersistentVolumeClaimSpec', field: 'volumeMode', values: ['Block', 'Filesystem'], from: 'types.go: +enum type PersistentVolumeMode' },
];

/** An OpenAPI 2.0 schema object, as far as this script reads it. */
interface OpenApiSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  required?: string[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

/** The JSON Schema written for one OpenAPI schema object. */
type JsonSchema = Record<string, unknown>;

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };

/** Quantity's definition, and its schema: a number, or a string such as 500m, 1.5Gi or 2e3. */
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const NUMBER = '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';
const QUANTITY_SCHEMA = { type: ['string', 'number'], pattern: `^${NUMBER}([KMGTPE]i|[numkMGTPE]|[eE]${NUMBER})?$` };

/** The definition a `$ref` names. */
function refName(ref: string): string {
  const prefix = '#/definitions/';
  if (!ref.startsWith(prefix)) throw new Error(`kubernetes-schema: unexpected $ref ${ref}`);
  return ref.slice(prefix.length);
}

/** Every definition reachable from the roots, sorted by name. */
function reachable(definitions: Record<string, OpenApiSchema>): string[] {
  const seen = new Set<string>();
  const visit = (schema: OpenApiSchema | boolean | undefined): void => {
    if (schema === undefined || typeof schema === 'boolean') return;
    if (schema.$ref !== undefined) {
      const name = refName(schema.$ref);
      if (!seen.has(name)) {
        if (definitions[name] === undefined) throw new Error(`kubernetes-schema: ${name} is not defined`);
        seen.add(name);
        visit(definitions[name]);
      }
    }
    for (const property of Object.values(schema.properties ?? {})) visit(property);
    visit(schema.items);
    visit(schema.additionalProperties);
  };
  for (const root of ROOTS) visit({ $ref: `#/definitions/${root}` });
  return [...seen].sort();
}

/** One OpenAPI schema object as JSON Schema, per the numbered rules of the header. */
function convert(schema: OpenApiSchema): JsonSchema {
  if (schema.$ref !== undefined) return { $ref: schema.$ref };
  const out: JsonSchema = {};
  if (schema.type !== undefined) out.type = schema.format === 'int-or-string' ? ['integer', 'string'] : schema.type;
  if (schema.format === 'int32') Object.assign(out, INT32);
  if (schema.properties !== undefined) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, convert(property)]));
    out.additionalProperties = false;
  } else if (schema.additionalProperties !== undefined) {
    out.additionalProperties = typeof schema.additionalProperties === 'boolean' ? schema.additionalProperties : convert(schema.additionalProperties);
  }
  if (schema.items !== undefined) out.items = convert(schema.items);
  if (schema.required !== undefined) out.required = schema.required;
  return out;
}

/** Adds ENUMS to the converted definitions, after checking each against the source. */
function addEnums(source: Record<string, OpenApiSchema>, converted: Record<string, JsonSchema>): void {
  for (const e of ENUMS) {
    const field = source[e.definition]?.properties?.[e.field];
    const target = (converted[e.definition]?.properties as Record<string, JsonSchema> | undefined)?.[e.field];
    if (field === undefined || target === undefined) throw new Error(`kubernetes-schema: no field ${e.definition}.${e.field}`);
    if (e.from === 'description') {
      for (const value of e.values) {
        if (!new RegExp(`\\b${value}\\b`).test(field.description ?? '')) throw new Error(`kubernetes-schema: the description of ${e.definition}.${e.field} does not name ${value}`);
      }
    }
    const holder = e.items ? (target.items as JsonSchema | undefined) : target;
    if (holder?.type !== 'string') throw new Error(`kubernetes-schema: ${e.definition}.${e.field} is not a string field`);
    holder.enum = e.values;
  }
}

/** The manifests' apiVersion and kind for each root, from its x-kubernetes-group-version-kind. */
function rootKinds(definitions: Record<string, OpenApiSchema>): Record<string, string> {
  const kinds: Record<string, string> = {};
  for (const root of ROOTS) {
    for (const { group, version, kind } of definitions[root]['x-kubernetes-group-version-kind'] ?? []) {
      kinds[`${group === '' ? version : `${group}/${version}`} ${kind}`] = root;
    }
  }
  return kinds;
}

function main(): void {
  const input = process.argv[2];
  if (input === undefined) throw new Error('usage: npx tsx test/examples/kubernetes-schema.ts SWAGGER.json');
  const bytes = readFileSync(input);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== SOURCE.sha256) throw new Error(`kubernetes-schema: ${input} has sha256 ${sha256}, not ${SOURCE.sha256} (${SOURCE.path} at ${SOURCE.tag})`);
  const { definitions } = JSON.parse(bytes.toString('utf8')) as { definitions: Record<string, OpenApiSchema> };
  const names = reachable(definitions);
  const converted = Object.fromEntries(names.map((name) => [name, name === QUANTITY ? QUANTITY_SCHEMA : convert(definitions[name])]));
  addEnums(definitions, converted);
  const out = {
    $comment: 'Written by test/examples/kubernetes-schema.ts (see its header); do not edit by hand.',
    source: { ...SOURCE, enums: ENUMS.map((e) => ({ field: `${e.definition}.${e.field}`, from: e.from })) },
    roots: rootKinds(definitions),
    definitions: converted,
  };
  const target = new URL('./kubernetes-schema.json', import.meta.url);
  writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`Wrote ${names.length} definitions to ${target.pathname}`);
}

main();
