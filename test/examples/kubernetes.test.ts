/**
 * The Kubernetes example (examples/kubernetes/), checked as the API server would check it, and for
 * what a sharded study needs beyond that. It cannot be applied to a cluster here.
 *
 * Every YAML document there is read as Kubernetes reads YAML (version 1.1) and validated against
 * Kubernetes' own OpenAPI definitions: kubernetes-schema.json, cut from the Kubernetes 1.36 spec by
 * kubernetes-schema.ts, whose header says from where and how. Unknown fields are errors, as under
 * the API server's strict field validation. `ruleProblems` checks what no schema states: the Job
 * API's rules for Indexed Jobs, per-index retries and pod failure policies; volumes that exist and
 * claims that the example creates; and the study's own wiring: `--shard auto/N` with N the Job's
 * completions, each shard's folder named by its index, and a merge that reads exactly those folders
 * from the same volume. The last tests break a copy of a manifest in each of these ways and expect
 * the problem to be reported.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const folder = join(repo, 'examples', 'kubernetes');

/** kubernetes-schema.json: JSON Schema definitions, and the definition of each apiVersion and kind. */
interface KubernetesSchema {
  source: { tag: string; kubernetes: string };
  roots: Record<string, string>;
  definitions: Record<string, object>;
}

/** The parts of Kubernetes objects the rules read; anything may be missing in a broken copy. */
interface EnvVar {
  name?: string;
  valueFrom?: { fieldRef?: { fieldPath?: string } };
}
interface Container {
  name?: string;
  image?: string;
  command?: unknown[];
  args?: unknown[];
  workingDir?: string;
  env?: EnvVar[];
  volumeMounts?: { name?: string; mountPath?: string }[];
}
interface PodSpec {
  restartPolicy?: string;
  containers?: Container[];
  volumes?: { name?: string; persistentVolumeClaim?: { claimName?: string } }[];
}
interface JobSpec {
  completionMode?: string;
  completions?: number;
  parallelism?: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  podFailurePolicy?: {
    rules?: { action?: string; onExitCodes?: { containerName?: string }; onPodConditions?: { type?: string; status?: string }[] }[];
  };
  template?: { spec?: PodSpec };
}
interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  spec?: unknown;
}

/** One YAML document of the example, as the object it describes. */
interface Manifest {
  file: string;
  object: KubernetesObject;
}

/** The index the Job controller gives each pod of an Indexed Job, as an env var and an annotation. */
const INDEX_VAR = 'JOB_COMPLETION_INDEX';
const INDEX_FIELD = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

/** The documents of one YAML text, in YAML `version`; refuses a text with any error or warning. */
function documentsOf(file: string, text: string, version: '1.1' | '1.2'): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text, { version, prettyErrors: true })) {
    const trouble = [...doc.errors, ...doc.warnings];
    if (trouble.length > 0) throw new Error(`${file}: ${trouble.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** The YAML files of the example, by name. */
function exampleTexts(): Record<string, string> {
  const files = readdirSync(folder).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
}

/** Every document of the example, read as YAML 1.1 as Kubernetes' parser reads it. */
function exampleManifests(): Manifest[] {
  return Object.entries(exampleTexts()).flatMap(([file, text]) =>
    documentsOf(file, text, '1.1').map((object) => ({ file, object: object as KubernetesObject })),
  );
}

/** How a manifest is named in problems: its file, kind and name. */
function label(m: Manifest): string {
  return `${m.file} (${m.object.kind ?? '?'} ${m.object.metadata?.name ?? '?'})`;
}

/** A JSON pointer as the dotted path Kubernetes' messages use: spec.containers[0].name. */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

/** One schema error in plain words. */
function describeError(e: ErrorObject): string {
  const at = dotted(e.instancePath) || '(top)';
  const value = JSON.stringify(e.data);
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field "${String(e.params.additionalProperty)}"`;
    case 'required':
      return `${at}: missing required field "${String(e.params.missingProperty)}"`;
    case 'enum':
      return `${at}: ${value} is not one of ${(e.params.allowedValues as string[]).join(', ')}`;
    case 'type':
      return `${at}: ${value} must be of type ${String(e.params.type)}`;
    default:
      return `${at}: ${value} ${e.message ?? 'is invalid'}`;
  }
}

/** Checks manifests against the Kubernetes definitions of their apiVersion and kind. */
class SchemaChecker {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(schema: KubernetesSchema) {
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
    ajv.addSchema({ $id: 'kubernetes', definitions: schema.definitions });
    for (const [kind, definition] of Object.entries(schema.roots)) {
      this.validators.set(kind, ajv.compile({ $ref: `kubernetes#/definitions/${definition}` }));
    }
  }

  /** Every schema problem of the manifests; none when all are valid. */
  problems(manifests: readonly Manifest[]): string[] {
    return manifests.flatMap((m) => {
      const kind = `${m.object.apiVersion} ${m.object.kind}`;
      const validate = this.validators.get(kind);
      if (validate === undefined) return [`${label(m)}: ${kind} is not one of the kinds checked (${[...this.validators.keys()].join(', ')})`];
      return validate(m.object) ? [] : (validate.errors ?? []).map((e) => `${label(m)}: ${describeError(e)}`);
    });
  }
}

/** A container of a pod, with where it is and the pod it belongs to. */
interface PlacedContainer {
  where: string;
  pod: PodSpec;
  container: Container;
}

/** The pod spec of a Job's template or of a Pod. */
function podSpecOf(m: Manifest): PodSpec | undefined {
  if (m.object.kind === 'Job') return (m.object.spec as JobSpec | undefined)?.template?.spec;
  if (m.object.kind === 'Pod') return m.object.spec as PodSpec | undefined;
  return undefined;
}

/** The string args of a container (a broken copy may hold other values). */
function argsOf(c: Container): string[] {
  return (c.args ?? []).map(String);
}

/** The value after `--flag` in a container's args. */
function flagValue(c: Container, flag: string): string | undefined {
  const args = argsOf(c);
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Where a container's working directory is, as "claim:/path" on the claimed volume, or undefined when on none. */
function workingPlace(pod: PodSpec, c: Container): string | undefined {
  if (c.workingDir === undefined) return undefined;
  for (const mount of c.volumeMounts ?? []) {
    if (mount.mountPath === undefined) continue;
    const relative = posix.relative(mount.mountPath, c.workingDir);
    if (relative.startsWith('..') || posix.isAbsolute(relative)) continue;
    const claim = pod.volumes?.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName;
    if (claim !== undefined) return `${claim}:/${relative}`;
  }
  return undefined;
}

/** Problems of one pod: volumes mounted but not declared, claims the example does not create, `$(VAR)`s with no VAR. */
function podProblems(where: string, pod: PodSpec, claims: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
  for (const v of pod.volumes ?? []) {
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim !== undefined && !claims.has(claim)) out.push(`${where}: volume "${v.name}" claims "${claim}", which no PersistentVolumeClaim of the example creates`);
  }
  for (const c of pod.containers ?? []) {
    for (const mount of c.volumeMounts ?? []) {
      if (!volumes.has(mount.name)) out.push(`${where}: container "${c.name}" mounts volume "${mount.name}", which the pod does not declare`);
    }
    if (c.workingDir !== undefined && workingPlace(pod, c) === undefined) out.push(`${where}: container "${c.name}" works in ${c.workingDir}, which is on no claimed volume`);
    const declared = new Set((c.env ?? []).map((e) => e.name));
    for (const arg of [...(c.command ?? []), ...(c.args ?? [])].map(String)) {
      for (const [, name] of arg.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
        if (!declared.has(name)) out.push(`${where}: container "${c.name}" refers to $(${name}) but declares no env var ${name}`);
      }
    }
  }
  return out;
}

/** Problems of one Job under the Job API's rules for Indexed Jobs, per-index retries and pod failure policies. */
function jobProblems(where: string, job: JobSpec): string[] {
  const out: string[] = [];
  const pod = job.template?.spec ?? {};
  const restart = pod.restartPolicy;
  if (restart !== 'Never' && restart !== 'OnFailure') out.push(`${where}: a Job's pods must have restartPolicy Never or OnFailure, not ${restart}`);
  if (job.completionMode === 'Indexed' && job.completions === undefined) out.push(`${where}: an Indexed Job needs completions`);
  if (job.parallelism !== undefined && job.completions !== undefined && job.parallelism > job.completions) {
    out.push(`${where}: parallelism ${job.parallelism} is more than completions ${job.completions}`);
  }
  if (job.backoffLimitPerIndex !== undefined) {
    if (job.completionMode !== 'Indexed') out.push(`${where}: backoffLimitPerIndex needs completionMode Indexed`);
    if (restart !== 'Never') out.push(`${where}: backoffLimitPerIndex needs restartPolicy Never`);
  }
  if (job.maxFailedIndexes !== undefined) {
    if (job.backoffLimitPerIndex === undefined) out.push(`${where}: maxFailedIndexes needs backoffLimitPerIndex`);
    if (job.maxFailedIndexes < 0 || (job.completions !== undefined && job.maxFailedIndexes > job.completions)) {
      out.push(`${where}: maxFailedIndexes ${job.maxFailedIndexes} is not between 0 and completions`);
    }
  }
  if (job.podFailurePolicy !== undefined) {
    if (restart !== 'Never') out.push(`${where}: podFailurePolicy needs restartPolicy Never`);
    const containers = new Set((pod.containers ?? []).map((c) => c.name));
    for (const rule of job.podFailurePolicy.rules ?? []) {
      const name = rule.onExitCodes?.containerName;
      if (name !== undefined && !containers.has(name)) out.push(`${where}: a podFailurePolicy rule names container "${name}", which the pod does not have`);
      if (rule.action === 'FailIndex' && job.backoffLimitPerIndex === undefined) out.push(`${where}: the FailIndex action needs backoffLimitPerIndex`);
      // The field defaults to "True", but some API server versions still refuse a pattern without it.
      for (const pattern of rule.onPodConditions ?? []) {
        if (pattern.status === undefined) out.push(`${where}: the podFailurePolicy pattern for ${pattern.type} states no status, which some API servers require`);
      }
    }
  }
  return out;
}

/** Problems of the study's wiring: the shard Job, its `--shard auto/N`, its folders, and the merge that reads them. */
function studyProblems(manifests: readonly Manifest[]): string[] {
  const out: string[] = [];
  const placed = (m: Manifest): PlacedContainer[] => {
    const pod = podSpecOf(m);
    return (pod?.containers ?? []).map((container) => ({ where: label(m), pod: pod ?? {}, container }));
  };
  const jobs = manifests.filter((m) => m.object.kind === 'Job');
  const shardJobs = jobs.filter((m) => placed(m).some((p) => argsOf(p.container).includes('--shard')));
  const mergeJobs = jobs.filter((m) => placed(m).some((p) => argsOf(p.container)[0] === 'merge'));
  if (shardJobs.length !== 1 || mergeJobs.length !== 1) {
    return [`the example needs one Job running shards (--shard) and one running merge; it has ${shardJobs.length} and ${mergeJobs.length}`];
  }
  const shardJob = shardJobs[0];
  const spec = (shardJob.object.spec ?? {}) as JobSpec;
  const shard = placed(shardJob).find((p) => argsOf(p.container).includes('--shard')) as PlacedContainer;
  const merge = placed(mergeJobs[0]).find((p) => argsOf(p.container)[0] === 'merge') as PlacedContainer;
  if (spec.completionMode !== 'Indexed') out.push(`${shard.where}: the shards must run as an Indexed Job (completionMode: Indexed), which gives each pod its shard index`);

  const shardFlag = flagValue(shard.container, '--shard') ?? '';
  const n = /^auto\/(\d+)$/.exec(shardFlag)?.[1];
  if (n === undefined) out.push(`${shard.where}: --shard is "${shardFlag}", not auto/N (the index comes from ${INDEX_VAR})`);
  else if (Number(n) !== spec.completions) out.push(`${shard.where}: --shard auto/${n} runs ${n} shards, but the Job has completions ${JSON.stringify(spec.completions)}`);

  const outFolder = flagValue(shard.container, '--out') ?? '';
  if (!outFolder.includes(`$(${INDEX_VAR})`)) out.push(`${shard.where}: --out "${outFolder}" does not hold $(${INDEX_VAR}), so every shard would write the same folder`);
  const indexVar = (shard.container.env ?? []).find((e) => e.name === INDEX_VAR);
  if (indexVar?.valueFrom?.fieldRef?.fieldPath !== INDEX_FIELD) out.push(`${shard.where}: the shard container must declare ${INDEX_VAR} from ${INDEX_FIELD}`);

  const mergeArgs = argsOf(merge.container);
  const firstFlag = mergeArgs.findIndex((a) => a.startsWith('-'));
  const listed = mergeArgs.slice(1, firstFlag < 0 ? undefined : firstFlag);
  const expected = Array.from({ length: spec.completions ?? 0 }, (_, i) => outFolder.replace(`$(${INDEX_VAR})`, String(i)));
  const sorted = (xs: string[]) => JSON.stringify([...xs].sort());
  if (sorted(listed) !== sorted(expected)) out.push(`${merge.where}: merges ${listed.join(' ')}, not the Job's ${expected.length} shard folders ${expected.join(' ')}`);
  if (flagValue(merge.container, '--out') === undefined) out.push(`${merge.where}: the merge has no --out`);

  const shardPlace = workingPlace(shard.pod, shard.container);
  const mergePlace = workingPlace(merge.pod, merge.container);
  const placeText = (place: string | undefined) => place ?? 'no claimed volume';
  if (shardPlace !== mergePlace) out.push(`${merge.where}: the merge works in ${placeText(mergePlace)}, the shards in ${placeText(shardPlace)}: it would not find their folders`);
  if (shard.container.image !== merge.container.image) out.push(`${merge.where}: the merge runs ${merge.container.image}, the shards ${shard.container.image}`);

  const claim = shardPlace?.split(':')[0];
  const pvc = manifests.find((m) => m.object.kind === 'PersistentVolumeClaim' && m.object.metadata?.name === claim);
  const modes = (pvc?.object.spec as { accessModes?: string[] } | undefined)?.accessModes ?? [];
  if (pvc !== undefined && !modes.includes('ReadWriteMany')) out.push(`${label(pvc)}: shards on several nodes write to it at once, so it must be ReadWriteMany, not ${modes.join(', ')}`);
  return out;
}

/** Every problem the schema cannot state; none when the example is sound. */
function ruleProblems(manifests: readonly Manifest[]): string[] {
  const claims = new Set(manifests.flatMap((m) => (m.object.kind === 'PersistentVolumeClaim' && m.object.metadata?.name !== undefined ? [m.object.metadata.name] : [])));
  const out: string[] = [];
  for (const m of manifests) {
    const pod = podSpecOf(m);
    if (pod !== undefined) out.push(...podProblems(label(m), pod, claims));
    if (m.object.kind === 'Job') out.push(...jobProblems(label(m), (m.object.spec ?? {}) as JobSpec));
  }
  return [...out, ...studyProblems(manifests)];
}

describe('the Kubernetes example (examples/kubernetes/)', () => {
  let schema: KubernetesSchema;
  let checker: SchemaChecker;
  let manifests: Manifest[];
  const problems = (ms: readonly Manifest[]) => [...checker.problems(ms), ...ruleProblems(ms)];

  beforeAll(() => {
    schema = JSON.parse(readFileSync(new URL('./kubernetes-schema.json', import.meta.url), 'utf8')) as KubernetesSchema;
    checker = new SchemaChecker(schema);
    manifests = exampleManifests();
  });

  it('holds the volume, the shards Job, the merge Job and the copy pod', () => {
    expect(manifests.map((m) => `${m.file} ${m.object.apiVersion} ${m.object.kind}`)).toEqual([
      'copy.yaml v1 Pod',
      'merge.yaml batch/v1 Job',
      'shards.yaml batch/v1 Job',
      'volume.yaml v1 PersistentVolumeClaim',
    ]);
  });

  it('reads the same as YAML 1.1 (Kubernetes) and YAML 1.2: no scalar that one reads as a string and the other as a number or boolean', () => {
    for (const [file, text] of Object.entries(exampleTexts())) {
      expect(documentsOf(file, text, '1.2'), file).toEqual(documentsOf(file, text, '1.1'));
    }
  });

  it('is valid under the Kubernetes 1.36 API definitions, unknown fields refused', () => {
    expect(schema.source.kubernetes).toContain('release-1.36');
    expect(checker.problems(manifests)).toEqual([]);
  });

  it('follows the Job API rules the schema cannot state, and wires shards, merge and volume together', () => {
    expect(ruleProblems(manifests)).toEqual([]);
  });

  it('runs the study the project documents: 4 shards, at most 2 at once, each retried twice on its own', () => {
    const job = manifests.find((m) => m.file === 'shards.yaml')?.object.spec as JobSpec;
    expect([job.completionMode, job.completions, job.parallelism, job.backoffLimitPerIndex]).toEqual(['Indexed', 4, 2, 2]);
    const args = argsOf(job.template?.spec?.containers?.[0] ?? {});
    expect(args.slice(0, 2)).toEqual(['sweep', 'amazon-2026']);
    expect(args.join(' ')).toContain('--shard auto/4 --workers 1 --out shards/$(JOB_COMPLETION_INDEX)');
  });

  /** A broken copy of the example, and the problem each break must raise. */
  const BREAKS: { name: string; file: string; breakIt: (o: Record<string, any>) => void; expected: RegExp }[] = [
    {
      name: 'a misspelled field (volumeMount for volumeMounts)',
      file: 'shards.yaml',
      breakIt: (o) => {
        const c = o.spec.template.spec.containers[0];
        c.volumeMount = c.volumeMounts;
        delete c.volumeMounts;
      },
      expected: /spec\.template\.spec\.containers\[0\]: unknown field "volumeMount"/,
    },
    { name: 'a misspelled Job field (completion)', file: 'shards.yaml', breakIt: (o) => (o.spec.completion = 4), expected: /spec: unknown field "completion"/ },
    { name: 'a field of the wrong type (completions: "4")', file: 'shards.yaml', breakIt: (o) => (o.spec.completions = '4'), expected: /spec\.completions: "4" must be of type integer/ },
    { name: 'an int32 out of range', file: 'shards.yaml', breakIt: (o) => (o.spec.ttlSecondsAfterFinished = 2 ** 31), expected: /spec\.ttlSecondsAfterFinished: 2147483648 must be <= 2147483647/ },
    { name: 'a number among the args', file: 'shards.yaml', breakIt: (o) => (o.spec.template.spec.containers[0].args[5] = 3), expected: /args\[5\]: 3 must be of type string/ },
    { name: 'a value outside an enum (restartPolicy: never)', file: 'merge.yaml', breakIt: (o) => (o.spec.template.spec.restartPolicy = 'never'), expected: /restartPolicy: "never" is not one of Always, OnFailure, Never/ },
    { name: 'an access mode that does not exist', file: 'volume.yaml', breakIt: (o) => (o.spec.accessModes = ['ReadWriteAll']), expected: /spec\.accessModes\[0\]: "ReadWriteAll" is not one of ReadWriteOnce/ },
    { name: 'a malformed quantity (1GB)', file: 'shards.yaml', breakIt: (o) => (o.spec.template.spec.containers[0].resources.limits.memory = '1GB'), expected: /limits\.memory: "1GB" must match pattern/ },
    { name: 'a missing required field (a container with no name)', file: 'copy.yaml', breakIt: (o) => delete o.spec.containers[0].name, expected: /spec\.containers\[0\]: missing required field "name"/ },
    { name: 'an apiVersion that does not serve the kind', file: 'merge.yaml', breakIt: (o) => (o.apiVersion = 'batch/v2'), expected: /batch\/v2 Job is not one of the kinds checked/ },
    { name: 'completions that differ from --shard auto/N', file: 'shards.yaml', breakIt: (o) => (o.spec.completions = 5), expected: /--shard auto\/4 runs 4 shards, but the Job has completions 5/ },
    {
      name: '--shard auto/N that differs from completions',
      file: 'shards.yaml',
      breakIt: (o) => {
        const args: string[] = o.spec.template.spec.containers[0].args;
        args[args.indexOf('auto/4')] = 'auto/3';
        o.spec.template.spec.containers[0].args = args;
      },
      expected: /--shard auto\/3 runs 3 shards, but the Job has completions 4/,
    },
    {
      name: 'a fixed shard index instead of auto',
      file: 'shards.yaml',
      breakIt: (o) => {
        const args: string[] = o.spec.template.spec.containers[0].args;
        args[args.indexOf('auto/4')] = '0/4';
      },
      expected: /--shard is "0\/4", not auto\/N/,
    },
    {
      name: 'a merge that leaves out a shard',
      file: 'merge.yaml',
      breakIt: (o) => {
        const args: string[] = o.spec.template.spec.containers[0].args;
        args.splice(args.indexOf('shards/3'), 1);
      },
      expected: /merges shards\/0 shards\/1 shards\/2, not the Job's 4 shard folders/,
    },
    {
      name: 'a merge that names a shard twice',
      file: 'merge.yaml',
      breakIt: (o) => {
        const args: string[] = o.spec.template.spec.containers[0].args;
        args[args.indexOf('shards/3')] = 'shards/2';
      },
      expected: /merges shards\/0 shards\/1 shards\/2 shards\/2, not/,
    },
    { name: 'a missing volume', file: 'shards.yaml', breakIt: (o) => delete o.spec.template.spec.volumes, expected: /mounts volume "study", which the pod does not declare/ },
    {
      name: 'a claim the example does not create',
      file: 'merge.yaml',
      breakIt: (o) => (o.spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 'tokenmaxx-results'),
      expected: /claims "tokenmaxx-results", which no PersistentVolumeClaim of the example creates/,
    },
    { name: 'a merge working elsewhere than the shards', file: 'merge.yaml', breakIt: (o) => (o.spec.template.spec.containers[0].volumeMounts[0].mountPath = '/data'), expected: /works in \/study, which is on no claimed volume/ },
    { name: 'a merge running another image', file: 'merge.yaml', breakIt: (o) => (o.spec.template.spec.containers[0].image = 'registry.example.com/tokenmaxx:0.2.0'), expected: /the merge runs registry\.example\.com\/tokenmaxx:0\.2\.0, the shards/ },
    { name: 'a claim that is not ReadWriteMany', file: 'volume.yaml', breakIt: (o) => (o.spec.accessModes = ['ReadWriteOnce']), expected: /must be ReadWriteMany, not ReadWriteOnce/ },
    { name: 'backoffLimitPerIndex without Indexed', file: 'shards.yaml', breakIt: (o) => (o.spec.completionMode = 'NonIndexed'), expected: /backoffLimitPerIndex needs completionMode Indexed/ },
    { name: 'restartPolicy OnFailure with per-index retries and a pod failure policy', file: 'shards.yaml', breakIt: (o) => (o.spec.template.spec.restartPolicy = 'OnFailure'), expected: /backoffLimitPerIndex needs restartPolicy Never[^]*podFailurePolicy needs restartPolicy Never/ },
    { name: 'parallelism above completions', file: 'shards.yaml', breakIt: (o) => (o.spec.parallelism = 8), expected: /parallelism 8 is more than completions 4/ },
    { name: 'maxFailedIndexes above completions', file: 'shards.yaml', breakIt: (o) => (o.spec.maxFailedIndexes = 5), expected: /maxFailedIndexes 5 is not between 0 and completions/ },
    { name: 'maxFailedIndexes without backoffLimitPerIndex', file: 'shards.yaml', breakIt: (o) => delete o.spec.backoffLimitPerIndex, expected: /maxFailedIndexes needs backoffLimitPerIndex/ },
    { name: 'a pod condition pattern with no status', file: 'shards.yaml', breakIt: (o) => delete o.spec.podFailurePolicy.rules[1].onPodConditions[0].status, expected: /pattern for DisruptionTarget states no status/ },
    { name: 'a pod failure rule naming another container', file: 'shards.yaml', breakIt: (o) => (o.spec.podFailurePolicy.rules[0].onExitCodes.containerName = 'main'), expected: /names container "main", which the pod does not have/ },
    { name: 'shard folders without the index', file: 'shards.yaml', breakIt: (o) => (o.spec.template.spec.containers[0].args.splice(-1, 1, 'shards/all')), expected: /--out "shards\/all" does not hold \$\(JOB_COMPLETION_INDEX\)/ },
    {
      name: 'no JOB_COMPLETION_INDEX env var',
      file: 'shards.yaml',
      breakIt: (o) => delete o.spec.template.spec.containers[0].env,
      expected: /refers to \$\(JOB_COMPLETION_INDEX\) but declares no env var JOB_COMPLETION_INDEX[^]*must declare JOB_COMPLETION_INDEX/,
    },
  ];

  it.each(BREAKS)('reports $name', ({ file, breakIt, expected }) => {
    const copy = structuredClone(manifests);
    const target = copy.find((m) => m.file === file);
    if (target === undefined) throw new Error(`no manifest in ${file}`);
    breakIt(target.object as Record<string, any>);
    expect(problems(copy).join('\n')).toMatch(expected);
  });

  it('accepts what Kubernetes accepts: a quantity written as a number, an empty document', () => {
    const copy = structuredClone(manifests);
    const shards = copy.find((m) => m.file === 'shards.yaml')?.object as Record<string, any>;
    shards.spec.template.spec.containers[0].resources.requests.cpu = 1;
    expect(problems(copy)).toEqual([]);
    expect(documentsOf('empty.yaml', '---\n# nothing\n---\n', '1.1')).toEqual([]);
  });
});

describe('the image of the Kubernetes example (examples/kubernetes/Dockerfile)', () => {
  const dockerfile = readFileSync(join(folder, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => line.trim());
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { bin: Record<string, string>; engines: { node: string } };

  it('starts the command line the package installs as `tokenmaxx`, on the Node.js major the package requires', () => {
    const entrypoints = instructions.filter((i) => i.startsWith('ENTRYPOINT ')).map((i) => JSON.parse(i.slice('ENTRYPOINT '.length)) as unknown);
    expect(entrypoints).toEqual([['node', `/app/${pkg.bin.tokenmaxx}`]]);
    const major = /(\d+)/.exec(pkg.engines.node)?.[1];
    const bases = instructions.filter((i) => i.startsWith('FROM ')).map((i) => i.split(/\s+/)[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(new RegExp(`^node:${major}-bookworm-slim$`));
  });

  it('copies only files the repository has and its ignore file keeps in the build context', () => {
    const ignored = readFileSync(join(folder, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const sources = instructions
      .filter((i) => i.startsWith('COPY ') && !i.includes('--from='))
      .flatMap((i) => i.split(/\s+/).slice(1, -1));
    expect(sources).toContain('package-lock.json');
    expect(sources).toContain('scenarios.json');
    for (const source of sources.filter((s) => s !== '.')) {
      expect(existsSync(join(repo, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source.split('/')[0]);
    }
  });
});
