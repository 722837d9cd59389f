import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/experiment/summarize.js';
import { METRIC_NAMES } from '../../src/model/metrics.js';
import { toolVersion } from '../../src/paths.js';
import { chartNumber, MEASURES, weeklyMeans } from '../../src/plots/data.js';
import { buildReport } from '../../src/report/build.js';
import { splitCsvLine } from '../../src/report/lines.js';
import { loadRun, manifestForDisplay, readRunTexts } from '../../src/report/readRun.js';
import { MAX_CSV_PROBLEMS } from '../../src/report/timeseries.js';
import { InputError, type Problem } from '../../src/scenarios/problems.js';
import { linesOf, SMALL_REPLICATES, SMALL_SCENARIOS, SMALL_WEEKS, smallRun, writeRun } from './runFolder.js';

/** The problems loadRun throws for a run folder holding `files`. */
function problemsOf(files: Record<string, string | Uint8Array>): { dir: string; problems: readonly Problem[] } {
  const dir = writeRun(files);
  try {
    loadRun(dir);
  } catch (e) {
    if (e instanceof InputError) return { dir, problems: e.problems };
    throw e;
  }
  throw new Error('loadRun accepted the folder');
}

/** One problem, located in `file` of `dir`. */
function located(files: Record<string, string | Uint8Array>, file: string): Problem[] {
  const { dir, problems } = problemsOf(files);
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.source).toBe(join(dir, file));
    expect(p.line, JSON.stringify(p)).toBeGreaterThanOrEqual(1);
    expect(p.column, JSON.stringify(p)).toBeGreaterThanOrEqual(1);
  }
  return [...problems];
}

function edit(name: string, f: (text: string) => string): Record<string, string> {
  const files = smallRun();
  files[name] = f(files[name]);
  return files;
}

function editJson(name: string, f: (value: Record<string, any>) => void): Record<string, string> {
  return edit(name, (text) => {
    const value = JSON.parse(text) as Record<string, any>;
    f(value);
    return `${JSON.stringify(value, null, 2)}\n`;
  });
}

const editCsv = (f: (lines: string[]) => string[]) => edit('timeseries.csv', (text) => `${f(linesOf(text)).join('\n')}\n`);

describe('loadRun: a valid run', () => {
  it('reads a run folder as readRunTexts reads its texts, and checks the version', () => {
    const files = smallRun();
    const run = loadRun(writeRun(files));
    expect(run).toEqual(readRunTexts(files));
    expect(run.scenarios).toEqual(SMALL_SCENARIOS);
    expect(run.weeks).toBe(SMALL_WEEKS);
    expect(run.employees).toBe(200);
    expect(run.replicates).toHaveLength(SMALL_SCENARIOS.length * SMALL_REPLICATES);
    expect(Object.keys(run.weekly)).toEqual(SMALL_SCENARIOS);
  });

  it('reduces rows to the same weekly means and 95% CIs as estimate() over the rows, up to chart rounding', () => {
    const files = smallRun();
    const run = readRunTexts(files);
    const [header, ...rows] = linesOf(files['timeseries.csv']).map((l) => splitCsvLine(l)!);
    const col = (name: string) => header.indexOf(name);
    for (const point of weeklyMeans(run, MEASURES)) {
      const xs = rows.filter((r) => r[0] === point.scenario && Number(r[col('week')]) === point.week).map((r) => Number(r[col(point.measure)]));
      expect(xs).toHaveLength(SMALL_REPLICATES);
      const e = estimate(xs);
      for (const [ours, theirs] of [[point.value, e.mean], [point.lo, e.ci95[0]], [point.hi, e.ci95[1]]]) {
        expect(Math.abs(ours - chartNumber(theirs)), `${point.scenario} ${point.measure} week ${point.week}`).toBeLessThanOrEqual(Math.abs(theirs) * 1e-4 + 1e-12);
      }
    }
  });

  it('shows the manifest with only the data files listed, keys sorted, whatever report files it also lists', () => {
    const files = editJson('manifest.json', (m) => {
      m.files['report.html'] = { sha256: 'a'.repeat(64), bytes: 10 };
      m.files['charts/frontier.svg'] = { sha256: 'b'.repeat(64) };
    });
    const shown = readRunTexts(files).manifestText;
    expect(shown).toBe(readRunTexts(smallRun()).manifestText);
    expect(shown).not.toContain('report.html');
    expect(shown).not.toContain('charts/');
    expect(JSON.parse(shown).files).toEqual(JSON.parse(smallRun()['manifest.json']).files);
    expect(shown).toBe(manifestForDisplay(JSON.parse(files['manifest.json'])));
    expect(shown.split('\n')[1]).toBe('  "command": "tokenmaxx run --report",');
  });

  it('gives the same report bytes from a folder (loadRun) as from the same texts', async () => {
    const files = smallRun();
    const fromFolder = await buildReport(loadRun(writeRun(files)));
    const fromTexts = await buildReport(readRunTexts(files));
    expect(Object.keys(fromFolder)).toEqual(Object.keys(fromTexts));
    for (const [name, content] of Object.entries(fromFolder)) expect(content, name).toEqual(fromTexts[name]);
  });

  it('accepts CRLF line ends and a missing final newline in timeseries.csv', () => {
    const crlf = edit('timeseries.csv', (t) => t.replace(/\n/g, '\r\n').replace(/\r\n$/, ''));
    expect(loadRun(writeRun(crlf)).weekly).toEqual(readRunTexts(smallRun()).weekly);
  });
});

describe('loadRun: a corrupted run folder gives located problems, never a crash', () => {
  it('an empty timeseries.csv', () => {
    const [p] = located(edit('timeseries.csv', () => ''), 'timeseries.csv');
    expect(p).toMatchObject({ line: 1, column: 1 });
    expect(p.message).toMatch(/is empty; expected the header line scenario,replicate,seed,week,/);
  });

  it('a garbage timeseries.csv', () => {
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, k) => (k * 7919) % 256));
    const problems = located({ ...smallRun(), 'timeseries.csv': garbage }, 'timeseries.csv');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/the header is .*; expected exactly scenario,replicate/);
  });

  it('a header changed', () => {
    const [p] = located(editCsv(([h, ...rest]) => [h.replace('tokens,', 'tokenz,'), ...rest]), 'timeseries.csv');
    expect(p).toMatchObject({ line: 1, column: linesOf(smallRun()['timeseries.csv'])[0].indexOf('tokens,') + 6 });
  });

  it('a text in a number cell', () => {
    const files = editCsv((lines) => lines.map((l, k) => (k === 2 ? l.replace(/,([^,]*)$/, ',abc') : l)));
    const [p] = located(files, 'timeseries.csv');
    expect(p.line).toBe(3);
    expect(p.column).toBe(linesOf(files['timeseries.csv'])[2].lastIndexOf(',') + 2);
    expect(p.message).toMatch(new RegExp(`^${METRIC_NAMES[METRIC_NAMES.length - 1]} "abc" is not a number as tokenmaxx writes them`));
  });

  it('numbers not written as JavaScript writes them: NaN, Infinity, 1.50, empty', () => {
    for (const bad of ['NaN', 'Infinity', '1.50', '', ' 1', '0x10']) {
      const [p] = located(editCsv((lines) => lines.map((l, k) => (k === 1 ? l.replace(/,([^,]*)$/, `,${bad}`) : l))), 'timeseries.csv');
      expect(p.line, bad).toBe(2);
    }
  });

  it('a missing row', () => {
    const [p, ...more] = located(editCsv((lines) => lines.filter((_, k) => k !== 5)), 'timeseries.csv');
    expect(more).toEqual([]);
    expect(p.line).toBe(6);
    expect(p.message).toMatch(/expected scenario "amazon-2026" replicate 0 week 4 here, found scenario "amazon-2026" replicate 0 week 5/);
  });

  it('rows missing at the end', () => {
    const [p] = located(editCsv((lines) => lines.slice(0, -3)), 'timeseries.csv');
    expect(p.message).toMatch(/ends early; expected next scenario "mandate-only" replicate 2 week 5/);
  });

  it('an extra replicate', () => {
    const files = editCsv((lines) => [...lines, ...lines.slice(-SMALL_WEEKS).map((l) => l.replace(/^mandate-only,2,/, `mandate-only,${SMALL_REPLICATES},`))]);
    const [p, ...more] = located(files, 'timeseries.csv');
    expect(more).toEqual([]);
    expect(p.line).toBe(2 + SMALL_SCENARIOS.length * SMALL_REPLICATES * SMALL_WEEKS);
    expect(p.message).toMatch(/replicate 3 is not in the run; expected 0 to 2 \(manifest.json: 3 replicates\)/);
  });

  it('a scenario that is not in the manifest, and a wrong seed', () => {
    const files = editCsv((lines) => lines.map((l, k) => (k === 3 ? l.replace(/^amazon-2026,/, 'amazon-2027,') : k === 4 ? l.replace(/^(amazon-2026,0,)[^,]*/, '$1x') : l)));
    const problems = located(files, 'timeseries.csv');
    expect(problems.map((p) => p.line)).toEqual([4, 5]);
    expect(problems[0].message).toMatch(/scenario "amazon-2027" is not in manifest.json/);
    expect(problems[1].message).toMatch(/seed "x" is not replicate 0's/);
  });

  it('stops after a cap of problems and says how many lines it did not check', () => {
    const files = editCsv((lines) => lines.map((l, k) => (k === 0 ? l : 'junk')));
    const problems = located(files, 'timeseries.csv');
    expect(problems).toHaveLength(MAX_CSV_PROBLEMS + 1);
    const total = linesOf(files['timeseries.csv']).length;
    expect(problems.at(-1)!.message).toBe(`stopped checking after ${MAX_CSV_PROBLEMS} problems; ${total - 1 - MAX_CSV_PROBLEMS} more lines were not checked`);
  });

  it('a line far too long is cut, not read into memory whole', () => {
    const [p] = located(editCsv((lines) => [lines[0], 'x'.repeat(200_000), ...lines.slice(1)]), 'timeseries.csv');
    expect(p).toMatchObject({ line: 2, column: 1 });
    expect(p.message).toMatch(/is longer than 65536 characters/);
  });

  const required = ['tool', 'toolVersion', 'nodeVersion', 'gitCommit', 'command', 'seed', 'replicates', 'replicateSeeds', 'scenarios', 'files'];
  it.each(required)('manifest.json without %s', (field) => {
    const problems = located(editJson('manifest.json', (m) => delete m[field]), 'manifest.json');
    expect(problems.some((p) => p.path.length === 0 || p.path[0] === field), JSON.stringify(problems)).toBe(true);
    const p = problems.find((q) => q.path[0] === field)!;
    expect(p.message).toMatch(field === 'tool' ? /"tool" is nothing; expected "tokenmaxx"/ : field === 'toolVersion' ? /written by tokenmaxx nothing/ : /is missing; expected/);
  });

  it('a scenario of the manifest without its parameters, or with a week out of range', () => {
    const problems = located(editJson('manifest.json', (m) => {
      delete m.scenarios[0].parameters.weeks;
      m.scenarios[1].parameters.weeks = 0;
    }), 'manifest.json');
    expect(problems.map((p) => p.path)).toEqual([['scenarios', 1, 'parameters', 'weeks']]);
    expect(problems[0].message).toMatch(/0 is not allowed; expected an integer in \[1, 520\]/);
  });

  it('manifest replicates as an HTML string', () => {
    const [p, ...more] = located(editJson('manifest.json', (m) => (m.replicates = '<img src=x onerror=alert(1)>')), 'manifest.json');
    expect(more).toEqual([]);
    expect(p.path).toEqual(['replicates']);
    expect(p.message).toBe('"<img src=x onerror=alert(1)>" is not allowed; expected an integer from 1 to 100000 (the number of replicates)');
    const [q] = located(editJson('manifest.json', (m) => (m.replicates = 1e9)), 'manifest.json');
    expect(q.message).toMatch(/1000000000 is not allowed; expected an integer from 1 to 100000/);
  });

  it('replicate seeds that do not match the replicates', () => {
    const [p] = located(editJson('manifest.json', (m) => m.replicateSeeds.pop()), 'manifest.json');
    expect(p.message).toMatch(/lists 2 replicate seeds for 3 replicates/);
  });

  it('summary.json missing a metric, or with one not a finite number', () => {
    const problems = located(editJson('summary.json', (s) => {
      delete s.scenarios['mandate-only'].wasteShare;
      s.scenarios['amazon-2026'].tokens.final.mean = null;
    }), 'summary.json');
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining([['scenarios', 'mandate-only', 'wasteShare'], ['scenarios', 'amazon-2026', 'tokens', 'final', 'mean']]));
    expect(problems.find((p) => p.path.at(-1) === 'wasteShare')!.message).toMatch(/is missing; expected an object with keys final, weeklyMean/);
  });

  it('distributions.json for a different scenario set', () => {
    const problems = located(editJson('distributions.json', (d) => {
      d.scenarios.baseline = d.scenarios['mandate-only'];
      delete d.scenarios['mandate-only'];
    }), 'distributions.json');
    expect(problems.map((p) => p.message)).toEqual(['has no scenario "mandate-only", which manifest.json lists', 'scenario "baseline" is not in manifest.json; expected its scenarios: "amazon-2026", "mandate-only"']);
  });

  it('summary.json for a different scenario set', () => {
    const problems = located(editJson('summary.json', (s) => delete s.scenarios['amazon-2026']), 'summary.json');
    expect(problems.map((p) => p.message)).toEqual(['has no scenario "amazon-2026", which manifest.json lists']);
  });

  it.each(['manifest.json', 'summary.json', 'distributions.json'])('%s that is not JSON', (name) => {
    const [p] = located(edit(name, (t) => t.replace(/\n\s*"/, '\n  oops "')), name);
    expect(p.line).toBe(2);
    expect(p.message).toMatch(/is not valid JSON/);
  });

  it('JSON nested far too deep, and keys named __proto__', () => {
    const deep = located(edit('summary.json', () => `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`), 'summary.json');
    expect(deep).toEqual([expect.objectContaining({ line: 1, column: 65, message: expect.stringMatching(/nests objects and lists more than 64 deep/) })]);
    // A key named __proto__ stays a plain key: it neither sets fields nor hides them.
    const run = readRunTexts(edit('manifest.json', (t) => t.replace('{', '{"__proto__": {"replicates": 1, "x": 1},')));
    expect(run.manifest.replicates).toBe(SMALL_REPLICATES);
    expect(Object.hasOwn(JSON.parse(run.manifestText), '__proto__')).toBe(true);
  });

  it('a file missing, or a folder where a file should be', () => {
    const files = smallRun();
    delete files['summary.json'];
    const { dir, problems } = problemsOf(files);
    expect(problems).toEqual([{ source: join(dir, 'summary.json'), path: [], message: 'cannot be read: a part of the path does not exist (ENOENT)' }]);
  });

  it('a different toolVersion, or another tool: refused with what was found and what is expected', () => {
    const [p, ...more] = located(editJson('manifest.json', (m) => (m.toolVersion = '0.0.1-other')), 'manifest.json');
    expect(more).toEqual([]);
    expect(p.path).toEqual(['toolVersion']);
    expect(p.message).toContain('"0.0.1-other"');
    expect(p.message).toContain(`"${toolVersion()}"`);
    const [q] = located(editJson('manifest.json', (m) => (m.tool = 'othertool')), 'manifest.json');
    expect(q.message).toBe('"tool" is "othertool"; expected "tokenmaxx": this folder was not written by tokenmaxx');
  });

  it('a manifest that is JSON but not an object, and JSON files far too large', () => {
    expect(located(edit('manifest.json', () => '[1, 2]\n'), 'manifest.json')[0].message).toMatch(/\[1,2\] is not allowed; expected an object with keys tool/);
    const { problems } = problemsOf({ ...smallRun(), 'summary.json': Buffer.alloc((64 << 20) + 1, 0x20) });
    expect(problems[0].message).toMatch(/is 67108865 bytes; a file tokenmaxx writes here is at most 67108864 bytes/);
  });
});

describe('report of a hostile run folder', () => {
  const ATTACK = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';

  /** Every string of the manifest (but tool and version) and every scenario name and description made hostile. */
  function hostileRun(): Record<string, string> {
    const files = smallRun();
    const names = SMALL_SCENARIOS.map((n, k) => `${ATTACK} ${k}, "q" ${n}`);
    const rename = (n: string) => names[SMALL_SCENARIOS.indexOf(n)];
    const m = JSON.parse(files['manifest.json']);
    Object.assign(m, { nodeVersion: ATTACK, gitCommit: ATTACK, command: ATTACK, seed: ATTACK, replicateSeeds: m.replicateSeeds.map((s: string) => `${ATTACK}${s}`) });
    m.files[ATTACK] = { sha256: 'c'.repeat(64), bytes: 1 };
    for (const s of m.scenarios) {
      s.name = rename(s.name);
      s.description = ATTACK;
      s.parameters.mandate.targetShare = ATTACK;
      s.schedule = [{ week: 1, set: { [ATTACK]: ATTACK } }];
    }
    const renameKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [rename(k), v]));
    const s = JSON.parse(files['summary.json']);
    const d = JSON.parse(files['distributions.json']);
    const seeds = JSON.parse(files['manifest.json']).replicateSeeds as string[];
    const csv = linesOf(files['timeseries.csv']).map((line, k) => {
      if (k === 0) return line;
      const [name, rep, seed, ...rest] = line.split(',');
      expect(seed).toBe(seeds[Number(rep)]);
      return [`"${rename(name).replace(/"/g, '""')}"`, rep, `${ATTACK}${seed}`, ...rest].join(',');
    });
    return {
      'manifest.json': `${JSON.stringify(m, null, 2)}\n`,
      'summary.json': `${JSON.stringify({ scenarios: renameKeys(s.scenarios) }, null, 2)}\n`,
      'distributions.json': `${JSON.stringify({ ...d, scenarios: renameKeys(d.scenarios) }, null, 2)}\n`,
      'timeseries.csv': `${csv.join('\n')}\n`,
    };
  }

  it('puts none of it in report.html or the SVGs unescaped; in the JSON script element only as \\u003c', async () => {
    const run = loadRun(writeRun(hostileRun()));
    expect(run.scenarios[0]).toContain(ATTACK);
    const report = await buildReport(run);
    // The page without the three inlined libraries (vega-embed's own code holds '<img').
    const page = String(report['report.html']).replace(/<script>!function[\s\S]*?<\/script>\n/g, '');
    expect(page.match(/<script/g)).toHaveLength(2);
    const html = page;
    expect(html.includes('<img')).toBe(false);
    expect(html.includes('</script><script>alert')).toBe(false);
    expect(String(report['report.html']).match(/<script/g)).toHaveLength(5);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    const specs = html.slice(html.indexOf('<script type="application/json" id="specs">') + 43, html.indexOf('</script>'));
    expect(specs).not.toContain('<');
    expect(specs).toContain('\\u003cimg src=x onerror=alert(1)>\\u003c/script>');
    // Every place the attack shows up is an escaped one.
    const at = [...html.matchAll(/onerror=alert\(1\)/g)].map((x) => html.slice(x.index - 16, x.index));
    expect(at.length).toBeGreaterThan(10);
    for (const before of at) expect(before.endsWith('&lt;img src=x ') || before.endsWith('\\u003cimg src=x '), before).toBe(true);
    for (const [name, content] of Object.entries(report)) if (name.endsWith('.svg')) expect(String(content), name).not.toContain('<img');
    expect(readFileSync(new URL('../../src/report/html.ts', import.meta.url), 'utf8')).not.toMatch(/escapeHtml\(/);
  });
});
