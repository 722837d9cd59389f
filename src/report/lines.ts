/**
 * Reading a text file line by line in constant memory: synchronous reads into one buffer (1 MiB by
 * default), decoded as UTF-8 by a streaming decoder, so a line or a multi-byte character split
 * across two reads comes out whole. Lines end at `\n` (a `\r` before it is dropped); a last line
 * without a newline is still a line. A line longer than `maxLineChars` is cut there, flagged, and
 * the rest of it skipped, so a file with no newline at all does not fill memory.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';

/** How the reader reads. */
export interface LineReaderOptions {
  /** Bytes per read; default 1 MiB. Tests use a few bytes to split lines and characters across reads. */
  bufferBytes?: number;
  /** Longest line kept, in UTF-16 code units; default 64 Ki (a timeseries.csv line is under 1 Ki). */
  maxLineChars?: number;
}

/**
 * Told each line with its 1-based number and whether it was cut at `maxLineChars`; returns false to
 * stop reading (the rest is then only counted).
 */
export type LineVisitor = (line: string, lineNumber: number, cut: boolean) => boolean | void;

/** What the reader saw: lines visited, and lines left unread after the visitor stopped it. */
export interface LineCount {
  lines: number;
  skippedLines: number;
}

/**
 * Reads the file at `path` (no link followed) line by line, calling `visit` for each.
 * @throws the fs error (ENOENT, EISDIR, ELOOP, …) when it cannot be opened or read
 */
export function forEachLine(path: string, visit: LineVisitor, options: LineReaderOptions = {}): LineCount {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return forEachLineOf((buffer) => readSync(fd, buffer, 0, buffer.length, null), visit, options);
  } finally {
    closeSync(fd);
  }
}

/** The same over a text held in memory (for run files given as texts), read through the same decoder. */
export function forEachLineOfText(text: string, visit: LineVisitor, options: LineReaderOptions = {}): LineCount {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  return forEachLineOf((buffer) => {
    const n = bytes.copy(buffer, 0, at, Math.min(bytes.length, at + buffer.length));
    at += n;
    return n;
  }, visit, options);
}

/** The reader proper, over any source of bytes that fills a buffer and says how much it filled. */
function forEachLineOf(read: (buffer: Buffer) => number, visit: LineVisitor, options: LineReaderOptions): LineCount {
  const buffer = Buffer.allocUnsafe(options.bufferBytes ?? 1 << 20);
  const maxLine = options.maxLineChars ?? 1 << 16;
  // ignoreBOM keeps a byte-order mark in the text: tokenmaxx never writes one, so the header shows it.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let carry = '';
  let skipping = false;
  let lines = 0;

  /** Hands one line to the visitor; false when it asks to stop. */
  const emit = (line: string): boolean => {
    lines += 1;
    const cut = line.length > maxLine;
    const kept = cut ? line.slice(0, maxLine) : line;
    return visit(kept.endsWith('\r') ? kept.slice(0, -1) : kept, lines, cut) !== false;
  };
  /** Takes decoded text; returns where the unread text starts if the visitor stopped, else -1. */
  const take = (text: string): number => {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = carry + text.slice(start, nl);
      carry = '';
      start = nl + 1;
      if (skipping) skipping = false;
      else if (!emit(line)) return start;
    }
    if (skipping) return -1;
    carry += text.slice(start);
    if (carry.length <= maxLine) return -1;
    // An over-long line: report its start now and skip the rest of it, so memory stays bounded.
    const head = carry;
    carry = '';
    skipping = true;
    return emit(head) ? -1 : text.length;
  };

  let tail = -1;
  let text = '';
  for (let n; tail < 0 && (n = read(buffer)) > 0; ) {
    text = decoder.decode(buffer.subarray(0, n), { stream: true });
    tail = take(text);
  }
  if (tail < 0) {
    text = decoder.decode();
    tail = take(text);
    if (tail < 0) {
      if (!skipping && carry !== '') emit(carry);
      return { lines, skippedLines: 0 };
    }
  }
  // Stopped early: count the lines left without decoding them.
  let newlines = 0;
  for (let i = text.indexOf('\n', tail); i >= 0; i = text.indexOf('\n', i + 1)) newlines += 1;
  let endsMidLine = text.length > tail && !text.endsWith('\n');
  for (let n; (n = read(buffer)) > 0; ) {
    for (let i = buffer.indexOf(0x0a); i >= 0 && i < n; i = buffer.indexOf(0x0a, i + 1)) newlines += 1;
    endsMidLine = buffer[n - 1] !== 0x0a;
  }
  // The rest of a line cut short is part of that line, not one more.
  return { lines, skippedLines: Math.max(0, newlines + (endsMidLine ? 1 : 0) - (skipping ? 1 : 0)) };
}

/**
 * Splits one line of CSV as tokenmaxx writes it: cells separated by commas; a cell holding `"`, `,`
 * or a line break is quoted, with `"` doubled. Returns undefined for a quoted cell left open.
 */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line.charCodeAt(i) === 34 /* " */) {
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return undefined;
        cell += line.slice(j, q);
        if (line.charCodeAt(q + 1) !== 34) {
          i = q + 1;
          break;
        }
        cell += '"';
        j = q + 2;
      }
    }
    // The rest of the cell, up to the next comma (for a quoted cell, anything glued after its quote).
    const comma = line.indexOf(',', i);
    const end = comma < 0 ? line.length : comma;
    cells.push(cell + line.slice(i, end));
    if (comma < 0) return cells;
    i = comma + 1;
  }
}
