/**
 * What an output folder holds, seen without following any link: its entries, its manifest's table of
 * files, and how the two disagree. The writer uses this to decide whether a folder is tokenmaxx's to
 * replace; readers use it to refuse a folder that was edited, truncated or mixed with another run.
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, constants } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';

/** A file of an output set, as manifest.json records it. */
export interface FileRecord {
  sha256: string;
  bytes: number;
}

/** Relative path → record: the `files` table of manifest.json. */
export type FileTable = Record<string, FileRecord>;

/** The commit record's name: written last, it lists every other file of the set. */
export const MANIFEST = 'manifest.json';

/** A relative path tokenmaxx could have written: plain names, no `..`, no leading dot. */
const SAFE_PATH = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

const fileTableSchema = z.record(
  z.string().regex(SAFE_PATH),
  z.looseObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative().optional() }),
);

/** The part of a manifest the folder checks read; the report validates the rest. */
const manifestCoreSchema = z.looseObject({ tool: z.literal('tokenmaxx'), files: fileTableSchema });

/** One entry below a folder. `kind` is what lstat says: a link is never followed. */
export interface Entry {
  path: string;
  kind: 'file' | 'dir' | 'link' | 'other';
}

/** Every entry below `dir`, depth first, names sorted. */
export function listEntries(dir: string, rel = ''): Entry[] {
  const out: Entry[] = [];
  for (const d of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = rel ? `${rel}/${d.name}` : d.name;
    const kind = d.isSymbolicLink() ? 'link' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other';
    out.push({ path, kind });
    if (kind === 'dir') out.push(...listEntries(dir, path));
  }
  return out;
}

/** SHA-256 and size of a regular file, read in 1 MiB chunks (no link followed). */
export function hashFile(path: string): FileRecord {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EINVAL' });
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) {
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}

/** The manifest of a folder, if it is a manifest tokenmaxx wrote (its `files` table well formed). */
export function readManifest(dir: string): { text: string; files: FileTable } | undefined {
  let text: string;
  try {
    const fd = openSync(join(dir, MANIFEST), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      // A manifest is a few kB per scenario; anything far larger is not one of ours.
      if (!fstatSync(fd).isFile() || fstatSync(fd).size > 64 << 20) return undefined;
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    const parsed = manifestCoreSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    const files: FileTable = Object.create(null) as FileTable;
    for (const [name, r] of Object.entries(parsed.data.files)) files[name] = { sha256: r.sha256, bytes: r.bytes ?? -1 };
    return { text, files };
  } catch {
    return undefined;
  }
}

/** How a folder's entries compare with its manifest. */
export interface Audit {
  /** The folder holds nothing. */
  empty: boolean;
  /** The manifest, when the folder has one tokenmaxx wrote. */
  manifest?: { text: string; files: FileTable };
  /** Entries neither listed in the manifest nor a folder of listed files (all entries when there is no manifest). */
  foreign: string[];
  /** Links and special files: tokenmaxx writes neither. */
  links: string[];
  /** Listed files whose bytes differ from their record. */
  changed: string[];
  /** Listed files that are not there. */
  missing: string[];
}

/** Does the folder hold nothing but its manifest's files, unchanged (some may be missing)? */
export function isClean(audit: Audit): boolean {
  return audit.foreign.length === 0 && audit.links.length === 0 && audit.changed.length === 0;
}

/** Compares a folder (which must exist and be a directory) with its manifest. */
export function auditFolder(dir: string): Audit {
  const entries = listEntries(dir);
  const manifest = readManifest(dir);
  const audit: Audit = { empty: entries.length === 0, manifest, foreign: [], links: [], changed: [], missing: [] };
  if (!manifest) {
    const top = entries.filter((e) => !e.path.includes('/'));
    audit.links = top.filter((e) => e.kind === 'link' || e.kind === 'other').map((e) => e.path);
    // A manifest that is a link is the problem to name; the files beside it may well be tokenmaxx's.
    audit.foreign = audit.links.includes(MANIFEST) ? [] : top.filter((e) => e.kind === 'file' || e.kind === 'dir').map((e) => e.path);
    return audit;
  }
  const listed = manifest.files;
  const listedDirs = new Set(Object.keys(listed).flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const present = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'link' || e.kind === 'other') audit.links.push(e.path);
    else if (e.kind === 'dir') {
      if (!listedDirs.has(e.path)) audit.foreign.push(e.path);
    } else if (e.path === MANIFEST) continue;
    else if (!Object.hasOwn(listed, e.path)) audit.foreign.push(e.path);
    else {
      present.add(e.path);
      const actual = hashFile(join(dir, e.path));
      const record = listed[e.path];
      if (actual.sha256 !== record.sha256 || (record.bytes >= 0 && actual.bytes !== record.bytes)) audit.changed.push(e.path);
    }
  }
  audit.missing = Object.keys(listed).filter((f) => !present.has(f) && !audit.links.includes(f)).sort();
  // Below a foreign folder, name only the folder.
  audit.foreign = audit.foreign.filter((f) => !audit.foreign.some((g) => f.startsWith(`${g}/`)));
  return audit;
}
