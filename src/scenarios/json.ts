/**
 * Reading JSON input strictly and safely: bytes → UTF-8 text (a BOM accepted, any invalid byte
 * refused with its offset) → depth checked on the text, without recursion → parsed into plain values
 * whose keys are all own properties (`__proto__` included), refusing duplicate keys at any depth and
 * numbers out of range. Every problem is located; the offsets of every value are kept, so that
 * problems found later (schema, expressions, weeks) are located too.
 */
import { isUtf8 } from 'node:buffer';
import { printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import { messages } from '../messages.js';
import { INPUT_LIMITS } from './limits.js';
import type { PathSegment, Problem } from './problems.js';

/** Where each value of a parsed document starts: the key of a property, the value of an element. */
export interface JsonOffsets {
  /** Offset of the property's key (or the element's value) at a path. */
  entry: Map<string, number>;
  /** Offset of the value at a path. */
  value: Map<string, number>;
}

/** A parsed document, or the problems that kept it from being parsed (value undefined). */
export interface ParsedJson {
  value: unknown;
  problems: Problem[];
  offsets: JsonOffsets;
  /** Paths (as {@link pathKey}) of values already reported as wrong (numbers out of range). */
  reported: Set<string>;
}

/** The key of a JSON path in {@link JsonOffsets}. */
export function pathKey(path: readonly PathSegment[]): string {
  return JSON.stringify(path);
}

/** 1-based line and column of each offset of `text` (columns count UTF-16 code units, as editors do). */
export function lineColumnOf(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

/** Offset of the first byte that is not part of valid UTF-8, or -1 when all are. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
      const lo = k > 1 ? 0x80 : b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = k > 1 ? 0xbf : b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      if (c === undefined || c < lo || c > hi) return i + k;
    }
    i += n;
  }
  return -1;
}

/** Decodes UTF-8 bytes (a leading BOM dropped, so columns are as editors show them), or a located problem. */
export function decodeUtf8(bytes: Uint8Array, source: string): { text: string } | { problem: Problem } {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    const before = Buffer.from(bytes.buffer, bytes.byteOffset, bad).toString('utf8').replace(/^\uFEFF/, '');
    return { problem: { source, path: [], ...lineColumnOf(before)(before.length), message: messages.notUtf8(bad) } };
  }
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8').replace(/^\uFEFF/, '') };
}

/** Offset of the first bracket that opens more than `max` levels deep, or -1; a linear scan, no recursion. */
export function tooDeepOffset(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) depth = Math.max(0, depth - 1);
  }
  return -1;
}

function describeParseError(e: ParseError): string {
  return printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Parses strict JSON (no comments, no trailing commas). Returns the value — undefined when the text
 * is not JSON or nests too deep — and every problem, each with line and column.
 */
export function parseJsonText(text: string, source: string): ParsedJson {
  const at = lineColumnOf(text);
  const offsets: JsonOffsets = { entry: new Map(), value: new Map() };
  const reported = new Set<string>();
  const deep = tooDeepOffset(text, INPUT_LIMITS.jsonDepth);
  if (deep >= 0) return { value: undefined, offsets, reported, problems: [{ source, path: [], ...at(deep), message: messages.jsonTooDeep(INPUT_LIMITS.jsonDepth) }] };

  const problems: Problem[] = [];
  const errors: ParseError[] = [];
  // Containers being built, with the path of each and, for objects, the offsets of keys seen.
  const open: { value: Record<string, unknown> | unknown[]; path: PathSegment[]; keys?: Map<string, number> }[] = [];
  let pendingKey: { name: string; offset: number } | undefined;
  let root: unknown;

  const place = (value: unknown, offset: number): PathSegment[] => {
    const parent = open.at(-1);
    if (!parent) {
      root = value;
      offsets.entry.set(pathKey([]), offset);
      offsets.value.set(pathKey([]), offset);
      return [];
    }
    let path: PathSegment[];
    if (Array.isArray(parent.value)) {
      path = [...parent.path, parent.value.length];
      parent.value.push(value);
      offsets.entry.set(pathKey(path), offset);
    } else {
      const key = pendingKey ?? { name: '', offset };
      path = [...parent.path, key.name];
      // An own property even for "__proto__", which plain assignment would turn into the prototype.
      Object.defineProperty(parent.value, key.name, { value, enumerable: true, writable: true, configurable: true });
      offsets.entry.set(pathKey(path), key.offset);
      pendingKey = undefined;
    }
    offsets.value.set(pathKey(path), offset);
    return path;
  };

  visit(
    text,
    {
      onObjectBegin: (offset) => {
        const value: Record<string, unknown> = {};
        const path = place(value, offset);
        open.push({ value, path, keys: new Map() });
      },
      onObjectProperty: (name, offset) => {
        const parent = open.at(-1)!;
        const first = parent.keys!.get(name);
        if (first !== undefined) {
          const { line, column } = at(first);
          problems.push({ source, path: [...parent.path, name], ...at(offset), message: messages.duplicateKey(name, line, column) });
        } else parent.keys!.set(name, offset);
        pendingKey = { name, offset };
      },
      onObjectEnd: () => void open.pop(),
      onArrayBegin: (offset) => {
        const value: unknown[] = [];
        const path = place(value, offset);
        open.push({ value, path });
      },
      onArrayEnd: () => void open.pop(),
      onLiteralValue: (value: unknown, offset, length) => {
        const path = place(value, offset);
        if (typeof value === 'number' && !Number.isFinite(value)) {
          problems.push({ source, path, ...at(offset), message: messages.numberOutOfRange(text.slice(offset, offset + length)) });
          reported.add(pathKey(path));
        }
      },
      onError: (error, offset, length) => errors.push({ error, offset, length }),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  // The parser can report several errors at one offset (a trailing comma gives "property name
  // expected" and "value expected"); one line per place is enough.
  const first = errors.filter((e, i) => errors.findIndex((f) => f.offset === e.offset) === i);
  problems.push(...first.map((e) => ({ source, path: [], ...at(e.offset), message: messages.invalidJson(describeParseError(e)) })));
  return { value: first.length > 0 ? undefined : root, problems, offsets, reported };
}
