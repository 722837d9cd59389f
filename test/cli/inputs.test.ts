/**
 * Bad input of every kind through the command line (runCli, in-process): exit 2, one located line
 * per problem, the summary, never a stack trace or "internal error", nothing written — including
 * input meant to break the parser (arities, huge sums, deep nesting, devices, bytes that are not
 * UTF-8, names of Object.prototype properties, control characters). A piped stderr read slowly is
 * in cli.test.ts, through the built program.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PRESETS, SMALL, cli, expectRefused, expectUsageError, removeTempDirs, snapshot, tempDir, writeText } from './helpers.js';

afterAll(removeTempDirs);

const FILE = 'bad.json';
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** `validate FILE` on a file holding `content`: the refusal's problem lines. */
async function validateLines(content: string | Uint8Array): Promise<string[]> {
  const cwd = tempDir();
  writeFileSync(join(cwd, FILE), content);
  const before = snapshot(cwd);
  return expectRefused(await cli(cwd, ['validate', FILE]), cwd, before).lines;
}

/** `run baseline --scenarios <presets> ...args --out out`: the refusal's problem lines. */
async function refuseRun(args: readonly string[], file?: string): Promise<string[]> {
  const cwd = tempDir();
  if (file !== undefined) writeText(cwd, FILE, file);
  const before = snapshot(cwd);
  const scenarios = file !== undefined ? FILE : PRESETS;
  return expectRefused(await cli(cwd, ['run', ...args, '--scenarios', scenarios, ...SMALL, '--out', 'out']), cwd, before, 'out').lines;
}

describe.concurrent('1. input that used to end in "internal error" is a located problem', () => {
  test('wrong arities: max(), sqrt(t,1), round(0.5,t) (which mathjs refuses only from week 16)', async () => {
    const lines = await validateLines(json({ scenarios: { x: { mandate: { pressure: 'max()', targetShare: 'sqrt(t,1)', escalation: 'round(0.5,t)' } } } }));
    expect(lines).toEqual([
      'bad.json:5:9: $.scenarios.x.mandate.pressure: "max()" calls max with 0 arguments; max takes one or more arguments',
      'bad.json:6:9: $.scenarios.x.mandate.targetShare: "sqrt(t,1)" calls sqrt with 2 arguments; sqrt takes exactly 1 argument',
      expect.stringMatching(/^bad\.json:7:9: \$\.scenarios\.x\.mandate\.escalation: "round\(0\.5,t\)" calls round with a second argument that is not a whole number from 0 to 15/),
    ]);
  });

  test('an expression mathjs cannot evaluate from some week on (a complex number compared)', async () => {
    const lines = await validateLines(json({ scenarios: { x: { mandate: { pressure: 'max(sqrt(-t), 1)' } } } }));
    expect(lines).toEqual([
      expect.stringMatching(/^bad\.json:5:9: \$\.scenarios\.x\.mandate\.pressure: expression "max\(sqrt\(-t\), 1\)" cannot be evaluated in week 1 \(Cannot calculate max, /),
    ]);
  });

  test('a 5,000-term sum', async () => {
    const lines = await validateLines(json({ scenarios: { x: { mandate: { pressure: `${'t+'.repeat(5000)}t` } } } }));
    expect(lines).toEqual([expect.stringMatching(/^bad\.json:5:9: \$\.scenarios\.x\.mandate\.pressure: "t\+t\+.*\.\.\. is 10001 characters long; an expression may be at most 1000 characters$/)]);
  });

  test('JSON nested 3,000 deep', async () => {
    expect(await validateLines(`{"scenarios": ${'['.repeat(3000)}${']'.repeat(3000)}}`)).toEqual(['bad.json:1:78: nests objects and lists more than 64 deep here; a scenario file may nest at most 64 deep']);
  });

  test('a file over 10 MB, /dev/zero and a FIFO are refused without being read', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'big.json'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    execFileSync('mkfifo', [join(cwd, 'fifo.json')]);
    const before = snapshot(cwd);
    const [big, zero, fifo] = await Promise.all([cli(cwd, ['validate', 'big.json']), cli(cwd, ['validate', '/dev/zero']), cli(cwd, ['run', '--scenarios', 'fifo.json', ...SMALL])]);
    expect(expectRefused(big, cwd, before).lines).toEqual(['big.json: is 10485761 bytes; a scenario file may hold at most 10485760 bytes']);
    expect(expectRefused(zero, cwd, before).lines).toEqual(['/dev/zero: cannot be read: it is a character device, not a regular file; name a scenario file']);
    expect(expectRefused(fifo, cwd, before, 'out').lines).toEqual(['fifo.json: cannot be read: it is a pipe (FIFO), not a regular file; name a scenario file']);
  });
});

describe.concurrent('2. names that are not scenarios', () => {
  test.each(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'])('run %s', async (name) => {
    expect(await refuseRun([name])).toEqual([expect.stringMatching(new RegExp(`: no scenario "${name}"; scenarios: amazon-2026, `))]);
  });

  test('"extends": "constructor", a scenario named __proto__, --set __proto__', async () => {
    const text = '{"scenarios": {"a": {"extends": "constructor"}, "__proto__": {"weeks": 2}}}\n';
    const lines = await refuseRun(['--set', '__proto__={"weeks":2}'], text);
    expect(lines).toEqual([
      expect.stringMatching(/^--set __proto__=\{"weeks":2\}: \$\.__proto__: unknown key "__proto__"; allowed: weeks, population, /),
      'bad.json:1:22: $.scenarios.a.extends: extends "constructor", which is not in the file; scenarios: __proto__, a',
      `bad.json:1:49: $.scenarios.__proto__: scenario name "__proto__" must start with a letter or digit and hold only letters, digits, '.', '_' and '-'`,
    ]);
  });
});

describe.concurrent('3. every problem at once', () => {
  test('schema, extends, expressions and week bounds in one pass, sorted by position', async () => {
    const text = json({
      scenarios: {
        a: { weeks: 'x', extends: 'nope', mandate: { pressure: 'import(1)' } },
        b: { weeks: 30, mandate: { targetShare: 't / 10' }, schedule: [{ week: 40, audits: { rate: 0.1 } }] },
      },
    });
    const lines = await validateLines(text);
    expect(lines).toEqual([
      'bad.json:4:7: $.scenarios.a.weeks: "x" is not allowed; expected an integer in [1, 520]',
      'bad.json:5:7: $.scenarios.a.extends: extends "nope", which is not in the file; scenarios: a, b',
      expect.stringMatching(/^bad\.json:7:9: \$\.scenarios\.a\.mandate\.pressure: "import\(1\)" calls "import", which is not allowed/),
      'bad.json:13:9: $.scenarios.b.mandate.targetShare: expression "t / 10" gives 1.1 in week 11; allowed: a number in [0, 1] or an expression of t',
      'bad.json:17:11: $.scenarios.b.schedule[0].week: week 40 is past the end of the run (weeks 0–29); the change would never apply',
    ]);
  });

  test('a bad --set and a bad flag do not hide the file problems', async () => {
    const text = json({ scenarios: { x: { weeks: 0 } } });
    expect(await refuseRun(['--set', 'mandate.targetShare=2'], text)).toEqual([
      '--set mandate.targetShare=2: $.mandate.targetShare: 2 is not allowed; expected a number in [0, 1] or an expression of t',
      'bad.json:4:7: $.scenarios.x.weeks: 0 is not allowed; expected an integer in [1, 520]',
    ]);
    expect(await refuseRun(['--report=maybe'], text)).toEqual([
      '--report: --report="maybe" is not allowed; expected --report, --report=true, --report=false or --no-report',
      'bad.json:4:7: $.scenarios.x.weeks: 0 is not allowed; expected an integer in [1, 520]',
    ]);
  });

  test('a non-boolean switch does not hide bad --reps and --set values', async () => {
    const cwd = tempDir();
    const before = snapshot(cwd);
    const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, '--report=maybe', '--reps', '0', '--set', 'mandate.x=1', '--out', 'out']);
    expect(expectRefused(res, cwd, before, 'out').lines).toEqual([
      '--report: --report="maybe" is not allowed; expected --report, --report=true, --report=false or --no-report',
      '--reps: --reps "0" is not allowed; expected an integer in [1, 10000]',
      '--set mandate.x=1: $.mandate.x: unknown key "x"; allowed: type, targetShare, quotaTokensPerWeek, pressure, pressureAtTarget, escalation',
    ]);
  });

  test('--workers takes an integer from 1: 0 and x are refused with every other problem, at once', async () => {
    for (const workers of ['0', 'x', '1.5', '257']) {
      const cwd = tempDir();
      const before = snapshot(cwd);
      const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, '--workers', workers, '--reps', '0', '--out', 'out']);
      expect(expectRefused(res, cwd, before, 'out').lines).toEqual([
        '--reps: --reps "0" is not allowed; expected an integer in [1, 10000]',
        `--workers: --workers "${workers}" is not allowed; expected an integer in [1, 256]`,
      ]);
    }
  });

  test('an unknown flag is a problem line with a usage hint and the summary', async () => {
    const cwd = tempDir();
    const before = snapshot(cwd);
    expect(expectUsageError(await cli(cwd, ['run', '--repz', '3']), cwd, before)).toBe('tokenmaxx: Unknown argument: repz');
  });
});

describe.concurrent('4. flags: missing, empty, repeated and non-boolean values', () => {
  test.each([
    [['--seed'], '--seed: --seed is given no value; expected a value after it (--seed VALUE or --seed=VALUE)'],
    [['--seed', '--reps', '2'], '--seed: --seed is given no value'],
    [['--scenarios', ''], '--scenarios: --scenarios "" is not allowed; expected a value that is not empty'],
    [['--weeks', ''], '--weeks: --weeks "" is not allowed; expected a value that is not empty'],
    [['--employees='], '--employees: --employees "" is not allowed'],
    [['--workers'], '--workers: --workers is given no value'],
    [['--workers', ''], '--workers: --workers "" is not allowed; expected a value that is not empty'],
    [['--workers', '0', '--report=maybe'], '--workers: --workers "0" is not allowed; expected an integer in [1, 256]'],
    [['--set', ''], '--set: --set "" must look like PATH=VALUE'],
    [['--out', ''], '--out: --out "" names no folder'],
    [['-o', ''], '--out: --out "" names no folder'],
    [['--out='], '--out: --out "" names no folder'],
    [['--report=maybe'], '--report: --report="maybe" is not allowed; expected --report, --report=true, --report=false or --no-report'],
    [['--png=yes'], '--png: --png="yes" is not allowed'],
    [['-q=1'], '--quiet: --quiet="1" is not allowed'],
    [['--out', 'out', '--out', 'a'], '--out: --out is given 2 times; expected it once'],
  ])('run %j', async (args, expected) => {
    const cwd = tempDir();
    const before = snapshot(cwd);
    // The flag under test goes last, so that a missing value is really missing; --out out comes
    // before it unless the case is about --out.
    const out = args.some((a) => /^(--out|-o)\b/.test(a)) ? [] : ['--out', 'out'];
    const res = await cli(cwd, ['run', 'baseline', '--scenarios', PRESETS, '--employees', '200', '--reps', '2', ...out, ...args]);
    const { lines } = expectRefused(res, cwd, before, 'out');
    expect(lines.some((l) => l.startsWith(expected)), lines.join('\n')).toBe(true);
    expect(existsSync(join(cwd, 'a'))).toBe(false);
  });

  test('report --from with no value names --from', async () => {
    const cwd = tempDir();
    const before = snapshot(cwd);
    const { lines } = expectRefused(await cli(cwd, ['report', '--from']), cwd, before);
    expect(lines).toEqual(['--from: --from is given no value; expected a value after it (--from VALUE or --from=VALUE)']);
    const empty = expectRefused(await cli(cwd, ['report', '--from', '']), cwd, before).lines;
    expect(empty.every((l) => l.startsWith('--from: ')), empty.join('\n')).toBe(true);
  });
});

describe.concurrent('5. JSON details, bytes and control characters', () => {
  test('duplicate keys and scenario names are located at the duplicate; 1e999 is shown as written', async () => {
    const text = '{\n  "scenarios": {\n    "a": { "weeks": 8, "weeks": 9 },\n    "a": { "mandate": { "targetShare": 1e999 } }\n  }\n}\n';
    expect(await validateLines(text)).toEqual([
      'bad.json:3:24: $.scenarios.a.weeks: the key "weeks" appears a second time (first at line 3, column 12); each key may appear once in an object',
      'bad.json:4:5: $.scenarios.a: the key "a" appears a second time (first at line 3, column 5); each key may appear once in an object',
      'bad.json:4:40: $.scenarios.a.mandate.targetShare: 1e999 is a number out of range; expected a finite number (at most about 1.8e308 in size)',
    ]);
  });

  test('a BOM is accepted with columns unchanged; bytes that are not UTF-8 are refused with offset, line and column', async () => {
    const text = json({ scenarios: { x: { weeks: 0 } } });
    expect(await validateLines(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(['bad.json:4:7: $.scenarios.x.weeks: 0 is not allowed; expected an integer in [1, 520]']);
    const bytes = Buffer.concat([Buffer.from('{\n  "scenarios": {"x": {"description": "caf'), Buffer.from([0xe9]), Buffer.from('"}}}\n')]);
    expect(await validateLines(bytes)).toEqual(['bad.json:2:43: is not UTF-8 text: byte 44 (counting from 0) is not valid UTF-8; save the file as UTF-8']);
  });

  test('control characters in names, descriptions, values and file names are escaped in problem lines and in list', async () => {
    const cwd = tempDir();
    const evil = 'e\u001b[2J\u202e.json';
    writeText(cwd, evil, json({ scenarios: { 'b\u001b]0;x\u0007': {}, a: { mandate: { type: '\u009b31m' } } } }));
    writeText(cwd, 'good.json', json({ scenarios: { a: { description: 'Red \u001b[31malert\u0007 \u202eevil. More.' } } }));
    const before = snapshot(cwd);
    const [bad, list, valid] = await Promise.all([cli(cwd, ['validate', evil]), cli(cwd, ['list', '--scenarios', 'good.json']), cli(cwd, ['validate', 'good.json'])]);
    const { lines } = expectRefused(bad, cwd, before);
    const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    for (const out of [bad.stderr, list.stdout, valid.stdout]) expect(out).not.toMatch(controls);
    expect(lines.every((l) => l.startsWith('e\\u001b[2J\\u202e.json:'))).toBe(true);
    expect(lines.join('\n')).toContain('$.scenarios["b\\u001b]0;x\\u0007"]');
    expect(list.stdout).toBe('a  Red \\u001b[31malert\\u0007 \\u202eevil.\n');
  });
});
