import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachLine, forEachLineOfText, splitCsvLine } from '../../src/report/lines.js';

function fileWith(content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tokenmaxx-lines-')), 'f.csv');
  writeFileSync(path, content);
  return path;
}

function readAll(path: string, bufferBytes?: number, maxLineChars?: number): { lines: string[]; cut: number[] } {
  const lines: string[] = [];
  const cut: number[] = [];
  forEachLine(path, (line, n, wasCut) => {
    expect(n).toBe(lines.length + 1);
    lines.push(line);
    if (wasCut) cut.push(n);
  }, { bufferBytes, maxLineChars });
  return { lines, cut };
}

// Multi-byte characters of 2, 3 and 4 bytes in UTF-8, and quoted cells as the writer quotes them.
const TEXT = [
  'scenario,replicate,seed,week,x',
  'café,0,s0,0,1.5',
  '"a,b ""quoted"" — ✓",0,s0,1,1e-7',
  '😀 emoji 😀,1,"s,1",0,-0.25',
  'ünïcödé ✓✓✓,2,s2,3,12345678901234567000',
].join('\n') + '\n';

describe('line reader', () => {
  it('gives the same rows as a whole-text parse for every buffer size, lines and characters split across reads', () => {
    const whole = TEXT.replace(/\n$/, '').split('\n').map(splitCsvLine);
    const path = fileWith(TEXT);
    for (const bytes of [1, 2, 3, 4, 5, 7, 11, 64, 1 << 20]) {
      const { lines } = readAll(path, bytes);
      expect(lines.map(splitCsvLine), `buffer of ${bytes} bytes`).toEqual(whole);
    }
    expect(whole[2]).toEqual(['a,b "quoted" — ✓', '0', 's0', '1', '1e-7']);
    expect(whole[3]).toEqual(['😀 emoji 😀', '1', 's,1', '0', '-0.25']);
  });

  it('reads text held in memory the same way', () => {
    const lines: string[] = [];
    forEachLineOfText(TEXT, (line) => void lines.push(line), { bufferBytes: 3 });
    expect(lines).toEqual(TEXT.replace(/\n$/, '').split('\n'));
  });

  it('takes CRLF line ends and a last line without a newline', () => {
    expect(readAll(fileWith('a,b\r\nc,d\r\ne,f'), 2).lines).toEqual(['a,b', 'c,d', 'e,f']);
    expect(readAll(fileWith('a\r\n\r\nb\r\n'), 1).lines).toEqual(['a', '', 'b']);
    expect(readAll(fileWith(''), 4).lines).toEqual([]);
  });

  it('cuts a line longer than the limit, flags it and skips the rest of it, so memory stays bounded', () => {
    const { lines, cut } = readAll(fileWith(`ok\n${'x'.repeat(1000)}\nnext\n${'y'.repeat(50)}`), 7, 20);
    expect(lines).toEqual(['ok', 'x'.repeat(20), 'next', 'y'.repeat(20)]);
    expect(cut).toEqual([2, 4]);
  });

  it('keeps a byte-order mark and replaces bytes that are not UTF-8, instead of failing', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\n'), Buffer.from([0xff, 0xfe, 0x0a])]);
    expect(readAll(fileWith(bytes), 2).lines).toEqual(['\ufeffa', '\ufffd\ufffd']);
  });

  it('stops when told to, and counts the lines it did not read', () => {
    const text = Array.from({ length: 100 }, (_, k) => `line ${k}`).join('\n');
    for (const bytes of [3, 64, 1 << 20]) {
      const seen: number[] = [];
      const count = forEachLine(fileWith(text), (_, n) => (seen.push(n), n < 10), { bufferBytes: bytes });
      expect(seen.length).toBe(10);
      expect(count).toEqual({ lines: 10, skippedLines: 90 });
    }
  });

  it('refuses to follow a link and reports a missing file as the fs error', () => {
    expect(() => forEachLine(join(tmpdir(), 'no-such-tokenmaxx-file.csv'), () => {})).toThrow(/ENOENT/);
  });
});

describe('splitCsvLine', () => {
  it('splits cells as the writer quotes them, and refuses a quote left open', () => {
    expect(splitCsvLine('a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('"a,""b""",c')).toEqual(['a,"b"', 'c']);
    expect(splitCsvLine('"",x')).toEqual(['', 'x']);
    expect(splitCsvLine('"open,x')).toBeUndefined();
  });
});
