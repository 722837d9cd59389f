/**
 * The command line in-process (runCli of src/cli/main.ts), each run in a fresh temporary directory:
 * the code the built CLI runs, at a few milliseconds a run. Bad input of any kind must exit with
 * status 2, print one line per problem (source, JSON path, value, what is allowed) and a summary line,
 * never a stack trace, and write nothing. Good input must write reproducible results. What only the
 * built program shows (the bin's wiring, exit codes seen by a shell, pipes) is in cli.test.ts.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_BAD_INPUT, optionProblems, runCli } from '../../src/cli/main.js';
import {
  PRESETS,
  SMALL,
  cli,
  escapeRegExp,
  expectRefused,
  expectSuccess,
  expectUsageError,
  locationOf,
  removeTempDirs,
  reverseKeys,
  sha256File,
  snapshot,
  tempDir,
  where,
  writeText,
  type CliResult,
} from './helpers.js';

afterAll(removeTempDirs);

/** A pattern for one problem line: it starts with `prefix` and then holds each of `parts`, in order. */
function problem(prefix: string, ...parts: string[]): RegExp {
  return new RegExp(`^${escapeRegExp(prefix)}${parts.map((p) => `.*${escapeRegExp(p)}`).join('')}`);
}

/** Every pattern matches exactly one line, and every line is matched by one pattern. */
function expectLines(lines: readonly string[], patterns: readonly RegExp[]): void {
  const shown = lines.join('\n');
  expect(lines.length, shown).toBe(patterns.length);
  const used = new Set<number>();
  for (const p of patterns) {
    const hits = lines.map((l, i) => (p.test(l) ? i : -1)).filter((i) => i >= 0 && !used.has(i));
    expect(hits.length, `${p} should match one line of:\n${shown}`).toBe(1);
    used.add(hits[0]);
  }
}

/** `--employees 200 --weeks 8 --reps 2`, with some flags replaced. */
function small(replace: Partial<Record<'employees' | 'weeks' | 'reps', string>> = {}): string[] {
  const flags = { employees: '200', weeks: '8', reps: '2', ...replace };
  return ['--employees', flags.employees, '--weeks', flags.weeks, '--reps', flags.reps];
}

const FILE = 'bad.json';

/**
 * Writes a bad scenario file and checks that `run --scenarios FILE ... --out out` refuses it, writing
 * nothing, and that `validate FILE` refuses it with the same lines (unless `validate: false`, where
 * the run's flags change what the file means).
 */
async function refuseFile(text: string, o: { runFlags?: readonly string[]; validate?: boolean } = {}): Promise<string[]> {
  const cwd = tempDir();
  writeText(cwd, FILE, text);
  const before = snapshot(cwd);
  const run = expectRefused(await cli(cwd, ['run', '--scenarios', FILE, ...(o.runFlags ?? SMALL), '--out', 'out']), cwd, before, 'out').lines;
  if (o.validate !== false) expect(expectRefused(await cli(cwd, ['validate', FILE]), cwd, before).lines).toEqual(run);
  return run;
}

/** Runs `run baseline --scenarios <presets> ...args --out out` in a fresh directory and checks the refusal. */
async function refuseFlags(args: readonly string[]): Promise<string[]> {
  const cwd = tempDir();
  const before = snapshot(cwd);
  const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, ...args, '--out', 'out']);
  return expectRefused(res, cwd, before, 'out').lines;
}

/** Pretty JSON text of a scenario file. */
function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

describe.concurrent('bad input: exit 2, one line per problem, no stack trace, nothing written', () => {
  describe('1. invalid JSON', () => {
    test('a trailing comma is located at its line and column', async () => {
      const text = '{\n  "scenarios": {\n    "x": {\n      "weeks": 8,\n      "mandate": { "targetShare": 0.5, }\n    }\n  }\n}\n';
      const lines = await refuseFile(text);
      // The parser notices at the brace right after the trailing comma, on line 5.
      const column = locationOf(text, '0.5, }').column + '0.5, '.length;
      expect(locationOf(text, '0.5, }').line).toBe(5);
      expectLines(lines, [problem(`${FILE}:5:${column}: is not valid JSON: `)]);
    });

    test('a missing closing brace is reported where the text ends', async () => {
      const text = '{\n  "scenarios": {\n    "x": { "weeks": 8 }\n  }\n';
      const lines = await refuseFile(text);
      expectLines(lines, [problem(`${FILE}:5:1: is not valid JSON: `, 'close brace expected')]);
    });
  });

  test('2. unknown keys, each with a did-you-mean and the allowed keys', async () => {
    const text = json({ scenarios: { 'my-team': { weeks: 8, mandat: { type: 'weekly-use' }, mandate: { targetshare: 0.5 } } } });
    const lines = await refuseFile(text);
    expectLines(lines, [
      problem(`${where(FILE, text, '"mandat"')}: $.scenarios["my-team"].mandat: `, 'unknown key "mandat" (did you mean "mandate"?)', 'allowed: description, extends, weeks,', 'mandate'),
      problem(`${where(FILE, text, '"targetshare"')}: $.scenarios["my-team"].mandate.targetshare: `, 'unknown key "targetshare" (did you mean "targetShare"?)', 'allowed: type, targetShare,'),
    ]);
  });

  test('3. wrong types name the value and what is allowed', async () => {
    const text = json({ scenarios: { x: { leaderboard: { visibility: 3 }, population: { employees: 'many' } } } });
    const lines = await refuseFile(text);
    expectLines(lines, [
      problem(`${where(FILE, text, '"visibility"')}: $.scenarios.x.leaderboard.visibility: 3 is not allowed; expected one of "none", "self", "team", "org"`),
      problem(`${where(FILE, text, '"employees"')}: $.scenarios.x.population.employees: "many" is not allowed; expected an integer in [8, 10000000]`),
    ]);
  });

  test('4. an out-of-range value names the range', async () => {
    const text = json({ scenarios: { x: { weeks: 8, mandate: { targetShare: 1.5 } } } });
    const lines = await refuseFile(text);
    expectLines(lines, [problem(`${where(FILE, text, '"targetShare"')}: $.scenarios.x.mandate.targetShare: 1.5 is not allowed; expected a number in [0, 1]`)]);
  });

  describe('5. bad and unsafe expressions are refused before anything runs', () => {
    const cases: [expression: string, message: string][] = [
      ['1 +', 'is not a valid expression'],
      ["import('fs')", 'calls "import", which is not allowed'],
      ["evaluate('1+1')", 'calls "evaluate", which is not allowed'],
      ["parse('x')", 'calls "parse", which is not allowed'],
      ["createUnit('foo')", 'calls "createUnit", which is not allowed'],
      ['x + 1', 'uses the unknown name "x"; the only variable is t'],
      ['a = 1', 'uses assignment syntax, which is not allowed'],
    ];
    test.each(cases)('%s', async (expression, message) => {
      const text = json({ scenarios: { x: { weeks: 8, mandate: { targetShare: expression } } } });
      const lines = await refuseFile(text);
      expectLines(lines, [problem(`${where(FILE, text, '"targetShare"')}: $.scenarios.x.mandate.targetShare: ${JSON.stringify(expression)} `, message)]);
    });

    test('more constructs outside the whitelist, one line each', async () => {
      const mandate = { targetShare: '(t', pressure: 'f(x) = x^2', escalation: 't.constructor', quotaTokensPerWeek: '"abc"' };
      const text = json({ scenarios: { x: { weeks: 8, mandate, leaderboard: { topShare: 'cos(t)', statusWeight: '[t, 1]' } } } });
      const lines = await refuseFile(text);
      const at = (key: string, path: string, expression: string) => `${where(FILE, text, `"${key}"`)}: $.scenarios.x.${path}: ${JSON.stringify(expression)} `;
      expectLines(lines, [
        problem(at('targetShare', 'mandate.targetShare', '(t'), 'is not a valid expression'),
        problem(at('pressure', 'mandate.pressure', 'f(x) = x^2'), 'uses function assignment syntax, which is not allowed'),
        problem(at('escalation', 'mandate.escalation', 't.constructor'), 'uses accessor syntax, which is not allowed'),
        problem(at('quotaTokensPerWeek', 'mandate.quotaTokensPerWeek', '"abc"'), 'uses the constant abc; only numbers and true/false are allowed'),
        problem(at('topShare', 'leaderboard.topShare', 'cos(t)'), 'calls "cos", which is not allowed', 'allowed functions: min, max,'),
        problem(at('statusWeight', 'leaderboard.statusWeight', '[t, 1]'), 'uses array syntax, which is not allowed'),
      ]);
    });

    test('an unsafe expression in --set', async () => {
      const lines = await refuseFlags([...small(), '--set', 'mandate.pressure=import("fs")']);
      expectLines(lines, [problem('--set mandate.pressure=import("fs"): $.mandate.pressure: "import(\\"fs\\")" calls "import", which is not allowed')]);
    });
  });

  describe('6. an expression whose value leaves its range in some week', () => {
    test('in the file: the problem names the first bad week', async () => {
      const text = json({ scenarios: { x: { weeks: 52, population: { employees: 200 }, mandate: { targetShare: 't / 10' } } } });
      const lines = await refuseFile(text, { runFlags: ['--reps', '2'], validate: true });
      expectLines(lines, [
        problem(`${where(FILE, text, '"targetShare"')}: $.scenarios.x.mandate.targetShare: expression "t / 10" gives 1.1 in week 11; allowed: a number in [0, 1]`),
      ]);
    });

    test('inherited through extends: located where it is written', async () => {
      const text = json({ scenarios: { parent: { weeks: 8, mandate: { pressure: '2 * t' } }, child: { extends: 'parent', weeks: 52 } } });
      const lines = await refuseFile(text, { runFlags: ['--employees', '200', '--reps', '2'] });
      expectLines(lines, [
        problem(`${where(FILE, text, '"pressure"')}: $.scenarios.parent.mandate.pressure: expression "2 * t" gives 12 in week 6; allowed: a number in [0, 10]`),
      ]);
    });

    test('in --set, with --weeks', async () => {
      const lines = await refuseFlags([...small(), '--set', 'mandate.targetShare=t/4']);
      expectLines(lines, [problem('--set mandate.targetShare=t/4: $.mandate.targetShare: expression "t/4" gives 1.25 in week 5; allowed: a number in [0, 1]')]);
    });

    test('a schedule entry past the end of the run', async () => {
      const text = json({ scenarios: { x: { weeks: 8, schedule: [{ week: 9, leaderboard: { visibility: 'none' } }] } } });
      const lines = await refuseFile(text, { runFlags: ['--employees', '200', '--reps', '2'] });
      expectLines(lines, [problem(`${where(FILE, text, '"week"')}: $.scenarios.x.schedule[0].week: week 9 is past the end of the run (weeks 0–7)`)]);
    });
  });

  describe('7. extends', () => {
    test('a cycle is reported once', async () => {
      const text = json({ scenarios: { a: { extends: 'b' }, b: { extends: 'a' } } });
      const lines = await refuseFile(text);
      expectLines(lines, [problem(`${where(FILE, text, '"extends"')}: $.scenarios.a.extends: extends itself through a → b → a; remove one link of the cycle`)]);
    });

    test('a missing parent, with a did-you-mean', async () => {
      const text = json({ scenarios: { baseline: { weeks: 8 }, child: { extends: 'basline' } } });
      const lines = await refuseFile(text);
      expectLines(lines, [
        problem(`${where(FILE, text, '"extends"')}: $.scenarios.child.extends: extends "basline", which is not in the file (did you mean "baseline"?); scenarios: baseline, child`),
      ]);
    });
  });

  describe('8. an unknown scenario on the command line', () => {
    test('amazon-2027 → did you mean amazon-2026 (next to a good name: nothing runs)', async () => {
      const cwd = tempDir();
      const before = snapshot(cwd);
      const res = await cli(cwd, ['run', 'baseline', 'amazon-2027', '--scenarios', PRESETS, ...SMALL, '--out', 'out']);
      const { lines } = expectRefused(res, cwd, before, 'out');
      expectLines(lines, [problem(`${PRESETS}: no scenario "amazon-2027" (did you mean "amazon-2026"?); scenarios: amazon-2026, audited, baseline,`)]);
    });
  });

  describe('9. an unreadable file', () => {
    test.each([
      ['run', 'missing.json', 'no such file'],
      ['validate', 'folder.json', 'it is a directory'],
    ])('%s %s', async (command, file, reason) => {
      const cwd = tempDir();
      mkdirSync(join(cwd, 'folder.json'));
      const before = snapshot(cwd);
      const args = command === 'run' ? ['run', '--scenarios', file, ...SMALL, '--out', 'out'] : ['validate', file];
      const { lines } = expectRefused(await cli(cwd, args), cwd, before, 'out');
      expectLines(lines, [problem(`${file}: cannot be read: ${reason}`)]);
    });
  });

  describe('10. bad flag values', () => {
    const cases: [name: string, args: string[], expected: string[]][] = [
      ['--reps 0', small({ reps: '0' }), ['--reps: --reps "0" is not allowed; expected an integer in [1, 10000]']],
      ['--reps abc', small({ reps: 'abc' }), ['--reps: --reps "abc" is not allowed; expected an integer in [1, 10000]']],
      ['--set nonsense', [...small(), '--set', 'nonsense'], ['--set: --set "nonsense" must look like PATH=VALUE']],
      ['--set mandate.targetShare=2', [...small(), '--set', 'mandate.targetShare=2'], ['--set mandate.targetShare=2: $.mandate.targetShare: 2 is not allowed; expected a number in [0, 1]']],
      [
        '--set leaderboard.visibility=public',
        [...small(), '--set', 'leaderboard.visibility=public'],
        ['--set leaderboard.visibility=public: $.leaderboard.visibility: "public" is not allowed; expected one of "none", "self", "team", "org"'],
      ],
      ['--weeks 0', small({ weeks: '0' }), ['--weeks 0: $.weeks: 0 is not allowed; expected an integer in [1, 520]']],
      ['--employees -5', small({ employees: '-5' }), ['--employees -5: $.population.employees: -5 is not allowed; expected an integer in [8, 10000000]']],
      [
        'several at once, each named',
        [...small({ reps: '1.5', weeks: '0' }), '--seed', '', '--set', 'nonsense', '--set', 'mandate.targetshare=0.5'],
        [
          '--reps: --reps "1.5" is not allowed; expected an integer in [1, 10000]',
          '--seed: --seed "" is not allowed; expected a non-empty string or an integer',
          '--set: --set "nonsense" must look like PATH=VALUE',
          '--set mandate.targetshare=0.5: $.mandate.targetshare: unknown key "targetshare" (did you mean "targetShare"?)',
          '--weeks 0: $.weeks: 0 is not allowed; expected an integer in [1, 520]',
        ],
      ],
    ];
    test.each(cases)('%s', async (_name, args, expected) => {
      expectLines(await refuseFlags(args), expected.map((e) => problem(e)));
    });

    test('an unknown flag (--repz 3) is refused by the parser without a stack trace', async () => {
      const cwd = tempDir();
      const before = snapshot(cwd);
      const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, '--employees', '200', '--weeks', '8', '--repz', '3', '--out', 'out']);
      expect(expectUsageError(res, cwd, before)).toBe('tokenmaxx: Unknown argument: repz');
    });

  });

  test('11. all problems at once: three independent problems, three lines and the summary', async () => {
    const text = json({ scenarios: { x: { weeks: 8, mandat: { type: 'none' }, mandate: { targetShare: 1.5, pressure: "import('fs')" } } } });
    const cwd = tempDir();
    writeText(cwd, FILE, text);
    const before = snapshot(cwd);
    for (const args of [['run', '--scenarios', FILE, ...SMALL, '--out', 'out'], ['validate', FILE]]) {
      const res = await cli(cwd, args);
      const { lines } = expectRefused(res, cwd, before, 'out');
      expectLines(lines, [
        problem(`${where(FILE, text, '"mandat"')}: $.scenarios.x.mandat: unknown key "mandat" (did you mean "mandate"?)`),
        problem(`${where(FILE, text, '"targetShare"')}: $.scenarios.x.mandate.targetShare: 1.5 is not allowed; expected a number in [0, 1]`),
        problem(`${where(FILE, text, '"pressure"')}: $.scenarios.x.mandate.pressure: "import('fs')" calls "import", which is not allowed`),
      ]);
      expect(res.stderr.trimEnd().split('\n').at(-1)).toBe('3 problems; nothing was run or written.');
    }
  });

  describe('12. --out', () => {
    test('a directory holding a file the user wrote is refused and left untouched', async () => {
      const cwd = tempDir();
      mkdirSync(join(cwd, 'results'));
      writeText(cwd, 'results/notes.txt', 'my notes\n');
      const before = snapshot(cwd);
      const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, ...SMALL, '--out', 'results']);
      const { lines } = expectRefused(res, cwd, before);
      expectLines(lines, [problem('--out: results holds files tokenmaxx did not write (notes.txt); choose another --out or empty it')]);
      expect(readdirSync(join(cwd, 'results'))).toEqual(['notes.txt']);
      expect(readFileSync(join(cwd, 'results', 'notes.txt'), 'utf8')).toBe('my notes\n');
    });

    test('a directory holding a summary.json tokenmaxx did not write (no manifest of ours) is refused', async () => {
      const cwd = tempDir();
      mkdirSync(join(cwd, 'results'));
      writeText(cwd, 'results/summary.json', '{"mine": true}\n');
      const before = snapshot(cwd);
      const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, ...SMALL, '--out', 'results']);
      expectLines(expectRefused(res, cwd, before).lines, [problem('--out: results holds files tokenmaxx did not write (summary.json)')]);
    });

    test('a regular file is refused', async () => {
      const cwd = tempDir();
      writeText(cwd, 'results', 'not a directory\n');
      const before = snapshot(cwd);
      const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, ...SMALL, '--out', 'results']);
      expectLines(expectRefused(res, cwd, before).lines, [problem('--out: results exists and is not a folder; choose another --out')]);
    });
  });
});

/** A small scenario file using extends, a schedule and an expression. */
const SMALL_FILE = {
  $schema: './scenarios.schema.json',
  scenarios: {
    'small-base': {
      description: 'A weekly-use mandate whose target rises from 50% by 5 points a week.',
      weeks: 8,
      population: { employees: 200, teamSize: 8 },
      mandate: { type: 'weekly-use', targetShare: 'min(0.9, 0.5 + 0.05 * t)', pressure: 0.3 },
      leaderboard: { visibility: 'team', metric: 'tokens', windowWeeks: 2 },
    },
    'small-board': {
      description: 'The same with an org-wide board until week 4, then audits and an output board.',
      extends: 'small-base',
      leaderboard: { visibility: 'org', topShare: 0.05 },
      reviews: { managerLeak: 0.25, officialTokenWeight: 0 },
      schedule: [{ week: 4, leaderboard: { metric: 'output', visibility: 'team' }, audits: { rate: 0.05, penalty: 5 } }],
    },
  },
};

const OUTPUTS = ['distributions.json', 'manifest.json', 'summary.json', 'timeseries.csv'];

function read(dir: string, file: string): Buffer {
  return readFileSync(join(dir, file));
}


describe('good input', () => {
  let smallDir = '';
  const smallRuns: Record<string, CliResult> = {};

  beforeAll(async () => {
    smallDir = tempDir();
    writeText(smallDir, 'small.json', json(SMALL_FILE));
    writeText(smallDir, 'reversed.json', json(reverseKeys(SMALL_FILE)));
    const runSmall = (file: string, out: string) => cli(smallDir, ['run', '--scenarios', file, '--reps', '2', '--out', out, '--quiet']);
    smallRuns.a = await runSmall('small.json', 'out-a');
    smallRuns.b = await runSmall('small.json', 'out-b');
    smallRuns.reversed = await runSmall('reversed.json', 'out-reversed');
  });

  test('the same command twice, into two directories, gives byte-identical timeseries.csv and summary.json', () => {
    expectSuccess(smallRuns.a);
    expectSuccess(smallRuns.b);
    expect(smallRuns.a.stdout).toBe('');
    const a = join(smallDir, 'out-a');
    const b = join(smallDir, 'out-b');
    expect(readdirSync(a).sort()).toEqual(OUTPUTS);
    for (const f of ['timeseries.csv', 'summary.json', 'distributions.json']) expect(read(a, f).equals(read(b, f)), f).toBe(true);
    // Expressions were evaluated: every cell is a finite number.
    expect(read(a, 'timeseries.csv').toString('utf8')).not.toMatch(/NaN|Infinity|undefined/);
  });

  test('the same file with every key order reversed gives byte-identical timeseries.csv and summary.json', () => {
    expect(readFileSync(join(smallDir, 'reversed.json'), 'utf8')).not.toBe(readFileSync(join(smallDir, 'small.json'), 'utf8'));
    expect(Object.keys((JSON.parse(readFileSync(join(smallDir, 'reversed.json'), 'utf8')) as typeof SMALL_FILE).scenarios)).toEqual(['small-board', 'small-base']);
    expectSuccess(smallRuns.reversed);
    const a = join(smallDir, 'out-a');
    const r = join(smallDir, 'out-reversed');
    for (const f of ['timeseries.csv', 'summary.json', 'distributions.json']) expect(read(a, f).equals(read(r, f)), f).toBe(true);
  });

  test('rerunning into the same --out, which holds only tokenmaxx files, succeeds', async () => {
    const cwd = tempDir();
    writeText(cwd, 'small.json', json(SMALL_FILE));
    const args = ['run', 'small-board', '--scenarios', 'small.json', ...SMALL, '--out', 'results', '--quiet'];
    const first = await cli(cwd, args);
    expectSuccess(first);
    const out = join(cwd, 'results');
    const csv = read(out, 'timeseries.csv');
    const second = await cli(cwd, args);
    expectSuccess(second);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS); // no temporary files left behind
    expect(read(out, 'timeseries.csv').equals(csv)).toBe(true);
    const manifest = JSON.parse(read(out, 'manifest.json').toString('utf8')) as { files: Record<string, { sha256: string }> };
    for (const [file, { sha256 }] of Object.entries(manifest.files)) expect(sha256, file).toBe(sha256File(join(out, file)));
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });
});

describe('runCli', () => {
  /** Text written to a stream, collected. */
  const collector = () => {
    const c = { text: '', write: (t: string) => void (c.text += t) };
    return c;
  };

  test('--help and --version are written to the given stdout, exit 0, and run no command', async () => {
    for (const args of [['--help'], ['run', '--help'], ['--version']]) {
      const [stdout, stderr] = [collector(), collector()];
      expect(await runCli(args, { stdout, stderr }), args.join(' ')).toBe(0);
      expect(stderr.text).toBe('');
      expect(stdout.text.endsWith('\n')).toBe(true);
    }
    const help = collector();
    await runCli(['--help'], { stdout: help, stderr: collector() });
    for (const command of ['list', 'validate [file]', 'schema', 'run [scenario..]', 'report']) expect(help.text).toContain(`tokenmaxx ${command} `);
    const version = collector();
    await runCli(['--version'], { stdout: version, stderr: collector() });
    expect(version.text).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  test('no command, and an unknown command: exit 2, one usage line on the given stderr and the summary', async () => {
    for (const args of [[], ['simulate']]) {
      const [stdout, stderr] = [collector(), collector()];
      expect(await runCli(args, { stdout, stderr })).toBe(EXIT_BAD_INPUT);
      expect(stdout.text).toBe('');
      expect(stderr.text).toMatch(/^tokenmaxx: .*; run "tokenmaxx --help" for usage\n1 problem; nothing was run or written\.\n$/);
    }
  });

  test('a usage error is reported with the problems of the other flags', async () => {
    const stderr = collector();
    expect(await runCli(['run', '--seed', '--repz', '3'], { stdout: collector(), stderr })).toBe(EXIT_BAD_INPUT);
    expect(stderr.text.split('\n').filter(Boolean)).toEqual([
      '--seed: --seed is given no value; expected a value after it (--seed VALUE or --seed=VALUE)',
      'tokenmaxx: Unknown argument: repz; run "tokenmaxx --help" for usage',
      '2 problems; nothing was run or written.',
    ]);
  });
});

describe('optionProblems', () => {
  test('finds missing, empty, repeated and non-boolean values on the raw arguments, and nothing in good ones', () => {
    expect(optionProblems(['run', 'baseline', '--seed', '7', '-o', 'out', '--set', 'a=1', '--set', 'b=2', '--report', '--no-png', '-q=true']).problems).toEqual([]);
    const { problems, flagged } = optionProblems(['run', '--weeks', '', '--out', 'a', '-o', 'b', '--png=yes', '--seed']);
    expect(problems.map((p) => p.source)).toEqual(['--weeks', '--png', '--seed', '--out']);
    expect([...flagged].sort()).toEqual(['out', 'png', 'seed', 'weeks']);
  });

  test('a negative number is a value, and nothing after -- is an option', () => {
    expect(optionProblems(['run', '--employees', '-5']).problems).toEqual([]);
    expect(optionProblems(['run', '--', '--seed']).problems).toEqual([]);
  });

  test('an empty value of an option its command checks itself is left to the command', () => {
    expect(optionProblems(['run', '--out', '', '--seed=', '--set', '']).problems).toEqual([]);
  });
});
