/**
 * The explorer's state as a command line and as a URL fragment: the arguments kept from the report's
 * own command, quoting that a shell reads back, the command that reproduces an exploration, and a
 * fragment that reopens any state and survives any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLine, controlValue, exploredArgs, parseFragment, scenarioArgs, stateFragment, weekChoices, type ExplorerContext, type ExplorerState } from '../../src/explorer/command.js';
import { POLICY_CONTROLS, RUN_LIMITS, type PolicyControl } from '../../src/explorer/controls.js';
import type { LeafValue } from '../../src/explorer/weekly.js';
import { quoteArg, splitCommand } from '../../src/shell.js';

const CTX: ExplorerContext = { scenarios: ['amazon-2026', 'baseline', 'leaderboard-deprecated'], seed: 'report test', maxWeeks: 104, baseArgs: ['--scenarios', 'my scenarios.json', '--set', 'economics.pricePerMTokUSD=1'] };
const FALLBACK: ExplorerState = { scenario: 'amazon-2026', employees: 5000, replicates: 5, weeks: 52, fromWeek: 0, set: [] };

/** Any text, empty, with quotes, spaces and backslashes, or any Unicode (lone surrogates included). */
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', "'", "''", ' ', "a b'c", "'\\''", '\\', '-s', '--set=x', 'é ü 😀', '\t\n'));

/** A value a control can take: a step of its slider (its slider would snap any other), or one of its choices. */
function controlValues(c: PolicyControl): fc.Arbitrary<LeafValue> {
  if (c.kind === 'choice') return fc.constantFrom(...c.options);
  const steps = Math.round((c.max - c.min) / c.step);
  return fc.integer({ min: 0, max: steps }).map((k) => Number((c.min + k * c.step).toFixed(6)));
}

/** Any state the explorer can be in, with the context's scenarios and weeks. */
const states: fc.Arbitrary<ExplorerState> = fc
  .record({
    scenario: fc.constantFrom(...CTX.scenarios),
    employees: fc.integer({ min: RUN_LIMITS.employees.min / 1000, max: RUN_LIMITS.employees.max / 1000 }).map((k) => k * 1000),
    replicates: fc.integer({ min: RUN_LIMITS.replicates.min, max: RUN_LIMITS.replicates.max }),
    weeks: fc.constantFrom(...RUN_LIMITS.weeks.filter((w) => w <= CTX.maxWeeks)),
    controls: fc.subarray([...POLICY_CONTROLS]),
  })
  .chain(({ controls, ...rest }) =>
    fc.record({
      fromWeek: fc.integer({ min: 0, max: rest.weeks - 1 }),
      set: fc.tuple(...controls.map((c) => controlValues(c).map((v): [string, LeafValue] => [c.path, v]))),
    }).map((more) => ({ ...rest, ...more })),
  );

/** Is `s` a state the explorer can run with `CTX`? */
function valid(s: ExplorerState): boolean {
  const { employees, replicates } = RUN_LIMITS;
  const paths = s.set.map(([p]) => p);
  return (
    CTX.scenarios.includes(s.scenario) &&
    Number.isInteger(s.employees) && s.employees >= employees.min && s.employees <= employees.max && s.employees % employees.step === 0 &&
    Number.isInteger(s.replicates) && s.replicates >= replicates.min && s.replicates <= replicates.max &&
    RUN_LIMITS.weeks.some((w) => w === s.weeks && w <= CTX.maxWeeks) &&
    Number.isInteger(s.fromWeek) && s.fromWeek >= 0 && s.fromWeek < s.weeks &&
    new Set(paths).size === paths.length &&
    s.set.every(([p, v]) => { const c = POLICY_CONTROLS.find((x) => x.path === p); return c !== undefined && controlValue(c, String(v)) === v; })
  );
}

describe('scenarioArgs', () => {
  it('keeps --scenarios, -s and --set, in either form, with their values as written, and drops the rest', () => {
    const command = "tokenmaxx run amazon-2026 --reps 3 --scenarios 'my dir/s.json' --set 'mandate.pressure=0.1 * (t >= 12)' --seed 7 -s=other.json --report --set=reviews.managerLeak=0 --weeks 52 -o out";
    expect(scenarioArgs(command)).toEqual(['--scenarios', 'my dir/s.json', '--set', 'mandate.pressure=0.1 * (t >= 12)', '--scenarios', 'other.json', '--set', 'reviews.managerLeak=0']);
  });

  it('reads --set as the parser does: every value up to the next flag; and -s at the end of a group of short flags', () => {
    expect(scenarioArgs('tokenmaxx run amazon-2026 --set mandate.targetShare=0.55 leaderboard.visibility=none --report')).toEqual(['--set', 'mandate.targetShare=0.55', '--set', 'leaderboard.visibility=none']);
    expect(scenarioArgs('tokenmaxx run --set=a.b=1 c.d=2 -qs my.json amazon-2026')).toEqual(['--set', 'a.b=1', '--set', 'c.d=2', '--scenarios', 'my.json']);
  });

  it('keeps nothing from a command without them, and drops a flag left without its value at the end', () => {
    expect(scenarioArgs('tokenmaxx run --report')).toEqual([]);
    expect(scenarioArgs('tokenmaxx run --set a.b=1 --set')).toEqual(['--set', 'a.b=1']);
  });

  it('keeps every --scenarios/-s/--set among any other flags and positionals of a quoted command', () => {
    const value = anyText.filter((v) => !v.startsWith('-'));
    const item = fc.oneof(
      fc.record({ flag: fc.constantFrom('--scenarios', '-s', '--set'), value, joined: fc.boolean() }),
      fc.record({ flag: fc.constantFrom('--reps', '--seed', '--weeks', '-o', '--employees'), value, joined: fc.boolean() }),
      fc.record({ positional: value }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        const args = items.flatMap((i) => ('positional' in i ? [i.positional] : i.joined ? [`${i.flag}=${i.value}`] : [i.flag, i.value]));
        // As the parser reads it: positionals right after a --set are more --set values.
        const kept: string[] = [];
        let inSet = false;
        for (const i of items) {
          if ('positional' in i) {
            if (inSet) kept.push('--set', i.positional);
            continue;
          }
          inSet = i.flag === '--set';
          if (['--scenarios', '-s', '--set'].includes(i.flag)) kept.push(i.flag === '-s' ? '--scenarios' : i.flag, i.value);
        }
        expect(scenarioArgs(commandLine(['run', ...args]))).toEqual(kept);
      }),
    );
  });
});

describe('quoteArg and splitCommand', () => {
  it('split back any arguments quoted and joined, empty ones, quotes, spaces and Unicode included', () => {
    fc.assert(fc.property(fc.array(anyText, { maxLength: 6 }), (args) => {
      expect(splitCommand(args.map(quoteArg).join(' '))).toEqual(args);
    }));
  });

  it('quote only what a shell would read otherwise', () => {
    expect(['a.b=1', 'x@10=0.5', '--set', 'file/path-1.json'].map(quoteArg)).toEqual(['a.b=1', 'x@10=0.5', '--set', 'file/path-1.json']);
    expect(['', 'a b', "it's", '$HOME', 'a*'].map(quoteArg)).toEqual(["''", "'a b'", "'it'\\''s'", "'$HOME'", "'a*'"]);
  });
});

describe('exploredArgs and commandLine', () => {
  const state: ExplorerState = { scenario: 'leaderboard-deprecated', employees: 5000, replicates: 5, weeks: 52, fromWeek: 10, set: [['reviews.managerLeak', 0.1], ['leaderboard.visibility', 'team']] };

  it('give tokenmaxx run with the base arguments, the run size and seed, and each change as --set PATH@WEEK=VALUE', () => {
    expect(commandLine(exploredArgs(CTX, state))).toBe(
      "tokenmaxx run leaderboard-deprecated --scenarios 'my scenarios.json' --set economics.pricePerMTokUSD=1 --employees 5000 --weeks 52 --reps 5 --seed 'report test' --set reviews.managerLeak@10=0.1 --set leaderboard.visibility@10=team",
    );
  });

  it('without the change, give the base\'s command; a numeric seed is written as a number', () => {
    expect(commandLine(exploredArgs({ ...CTX, seed: 42, baseArgs: [] }, state, false))).toBe('tokenmaxx run leaderboard-deprecated --employees 5000 --weeks 52 --reps 5 --seed 42');
  });

  it('write each value so that --set reads back the same value (numbers in shortest form, as JSON)', () => {
    fc.assert(
      fc.property(states, (s) => {
        const args = exploredArgs(CTX, s);
        const sets = args.slice(args.length - 2 * s.set.length).filter((_, i) => i % 2 === 1);
        expect(sets.map((a) => a.split('=')[0])).toEqual(s.set.map(([p]) => `${p}@${s.fromWeek}`));
        const back = sets.map((a) => { const text = a.slice(a.indexOf('=') + 1); try { return JSON.parse(text) as LeafValue; } catch { return text; } });
        expect(back).toEqual(s.set.map(([, v]) => v));
        expect(splitCommand(commandLine(exploredArgs(CTX, s)))).toEqual(['tokenmaxx', ...exploredArgs(CTX, s)]);
      }),
    );
  });
});

describe('stateFragment and parseFragment', () => {
  it('round-trip any valid state, with or without the #, naming nothing ignored', () => {
    fc.assert(
      fc.property(states, states, (s, fallback) => {
        expect(valid(s)).toBe(true);
        expect(parseFragment(stateFragment(s), CTX, fallback)).toEqual({ state: s, ignored: [] });
        expect(parseFragment(`#${stateFragment(s)}`, CTX, fallback)).toEqual({ state: s, ignored: [] });
      }),
    );
  });

  it("ignore a number off its control's grid, which the slider could not show", () => {
    const { state, ignored } = parseFragment('audits.rate=0.0123&reviews.managerLeak=0.35', CTX, FALLBACK);
    expect(ignored).toEqual(['audits.rate']);
    expect(state.set).toEqual([['reviews.managerLeak', 0.35]]);
  });

  it('use what they can of a fragment and name every part ignored: unknown keys, out-of-range numbers, non-numbers, a wrong scenario or choice', () => {
    const fragment = 'scenario=nope&employees=1500&reps=0&weeks=156&from=x&mandate.type=sometimes&audits.rate=0.5&reviews.managerLeak=abc&guardrails.autonomy=0.25&leaderboard.windowWeeks=4&foo=1';
    const { state, ignored } = parseFragment(fragment, CTX, FALLBACK);
    expect(state).toEqual({ ...FALLBACK, set: [['leaderboard.windowWeeks', 4], ['guardrails.autonomy', 0.25]] });
    expect([...ignored].sort()).toEqual(['audits.rate', 'employees', 'foo', 'from', 'mandate.type', 'reps', 'reviews.managerLeak', 'scenario', 'weeks']);
  });

  it('check the week of the change against the weeks the fragment asks for, a fallback\'s included', () => {
    expect(parseFragment('weeks=104&from=80', CTX, FALLBACK)).toEqual({ state: { ...FALLBACK, weeks: 104, fromWeek: 80 }, ignored: [] });
    expect(parseFragment('weeks=52&from=80', CTX, FALLBACK).ignored).toEqual(['from']);
    expect(parseFragment('weeks=52', CTX, { ...FALLBACK, weeks: 104, fromWeek: 80 }).state).toEqual({ ...FALLBACK, weeks: 52, fromWeek: 51 });
    expect(parseFragment('employees=1e4&reps=2.0&weeks=-52&mandate.pressure=Infinity&audits.rate=0x1', CTX, FALLBACK).ignored.sort()).toEqual(['audits.rate', 'employees', 'mandate.pressure', 'reps', 'weeks']);
  });

  it('take the run\'s own weeks when the report\'s scenarios are shorter than every run size the explorer offers', () => {
    expect([30, 52, 104, 520].map(weekChoices)).toEqual([[30], [52], [52, 104], [52, 104, 156]]);
    const short = { ...CTX, maxWeeks: 30 };
    expect(parseFragment('weeks=30&from=29', short, FALLBACK)).toEqual({ state: { ...FALLBACK, weeks: 30, fromWeek: 29 }, ignored: [] });
    expect(parseFragment('weeks=52', short, FALLBACK).ignored).toEqual(['weeks']);
    expect(parseFragment('weeks=60', { ...CTX, maxWeeks: 60 }, FALLBACK).ignored).toEqual(['weeks']);
  });

  it('never throw on any text, and always give a valid state, keeping the fallback where the fragment says nothing', () => {
    const keys = fc.oneof(fc.constantFrom('scenario', 'employees', 'reps', 'weeks', 'from', ...POLICY_CONTROLS.map((c) => c.path)), anyText);
    const values = fc.oneof(anyText, fc.integer().map(String), fc.double().map(String), fc.constantFrom(...CTX.scenarios, '52', '104', '156', '3000', ...POLICY_CONTROLS.flatMap((c) => (c.kind === 'choice' ? c.options : [String(c.max)]))));
    const fragments = fc.oneof(anyText, fc.array(fc.tuple(keys, values), { maxLength: 12 }).map((pairs) => new URLSearchParams(pairs).toString()));
    fc.assert(
      fc.property(fragments, states, (fragment, fallback) => {
        const { state, ignored } = parseFragment(fragment, CTX, fallback);
        expect(valid(state), JSON.stringify({ fragment, state })).toBe(true);
        const given = new Set(new URLSearchParams(fragment.replace(/^#/, '')).keys());
        for (const key of ignored) expect(given.has(key), key).toBe(true);
        if (!given.has('scenario')) expect(state.scenario).toBe(fallback.scenario);
        if (!given.has('employees')) expect(state.employees).toBe(fallback.employees);
      }),
      { numRuns: 500 },
    );
  });
});
