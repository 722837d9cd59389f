/**
 * Every text a user reads from tokenmaxx — problems, progress, table headings — lives here, so the
 * wording is consistent and can be reviewed in one place.
 */

const list = (xs: readonly (string | number)[]) => xs.map((x) => JSON.stringify(x)).join(', ');

/** Renders a value found in a file for a message: JSON, shortened. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Escapes every character that could act on a terminal rather than show as text: C0 controls
 * (newlines and tabs included), DEL, C1 controls, line separators and bidirectional overrides, each
 * as a `\u` escape of its code (`\u001b`). Applied to everything tokenmaxx prints that holds text read from input.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What an errno code means for a user, in words. */
export function ioReason(code: string): string {
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exhausted',
    ENOTDIR: 'a part of the path is not a folder',
    ENOENT: 'a part of the path does not exist',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links in the path',
    EIO: 'an input/output error',
    EEXIST: 'something else appeared there meanwhile',
    EXDEV: 'it is on another file system',
    EBUSY: 'it is busy',
  };
  return Object.hasOwn(reasons, code) ? `${reasons[code]} (${code})` : code;
}

export const messages = {
  // Expressions
  expressionSyntax: (detail: string) => `is not a valid expression (${detail})`,
  conditionSymbol: (name: string, allowed: readonly string[]) => `uses the unknown name "${name}"; expected a metric name: ${allowed.join(', ')}`,
  expressionSymbol: (name: string) => `uses the unknown name "${name}"; the only variable is t (the week, from 0)`,
  expressionConstant: (value: string) => `uses the constant ${value}; only numbers and true/false are allowed`,
  expressionOperator: (op: string) => `uses the operator "${op}", which is not allowed; allowed: + - * / ^ %, comparisons, and, or, not, a ? b : c`,
  expressionFunction: (name: string, allowed: readonly string[]) =>
    `calls "${name}", which is not allowed in scenario files; allowed functions: ${allowed.join(', ')}`,
  expressionConstruct: (type: string) =>
    `uses ${type.replace(/Node$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} syntax, which is not allowed; expressions hold numbers, t, arithmetic, comparisons and a ? b : c only`,
  expressionValue: (text: string, week: number, value: number, allowed: string) =>
    `expression ${JSON.stringify(text)} gives ${Number.isFinite(value) ? value : 'no finite number'} in week ${week}; allowed: ${allowed}`,

  // Validation
  allowedNumber: (min: number, max: number, int: boolean, expr: boolean) =>
    `${int ? 'an integer' : 'a number'} in [${min}, ${max}]${expr ? ' or an expression of t' : ''}`,
  allowedChoice: (values: readonly string[]) => `one of ${list(values)}`,
  unknownKey: (key: string, suggestion: string | undefined, allowed: readonly string[]) =>
    `unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed: ${allowed.join(', ')}`,
  wrongValue: (value: string, allowed: string) => `${value} is not allowed; expected ${allowed}`,
  badName: (name: string) => `scenario name "${name}" must start with a letter or digit and hold only letters, digits, '.', '_' and '-'`,
  invalidJson: (detail: string) => `is not valid JSON: ${detail}`,
  unreadable: (detail: string) => `cannot be read: ${detail}`,
  extendsUnknown: (name: string, known: readonly string[], suggestion?: string) =>
    `extends "${name}", which is not in the file${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; scenarios: ${known.join(', ')}`,
  extendsCycle: (cycle: readonly string[]) => `extends itself through ${cycle.join(' → ')}; remove one link of the cycle`,
  unknownScenario: (name: string, known: readonly string[], suggestion?: string) =>
    `no scenario "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; scenarios: ${known.join(', ')}`,
  noScenarios: () => 'holds no scenarios; add at least one under "scenarios"',
  scheduleWeek: (week: number, weeks: number) => `week ${week} is past the end of the run (weeks 0–${weeks - 1}); the change would never apply`,
  setSyntax: (arg: string) => `--set ${shown(arg)} must look like PATH=VALUE, e.g. --set mandate.targetShare=0.9`,
  setWeek: (text: string, max: number) =>
    `the week in PATH@WEEK=VALUE is ${shown(text)}; expected a whole number from 0 to ${max} (weeks count from 0), e.g. --set reviews.managerLeak@26=0`,
  setTimedFixed: (path: string, policy: readonly string[]) =>
    `${path} is fixed for the whole run and cannot change from a week on; PATH@WEEK=VALUE may name a parameter of ${policy.join(', ')}`,

  // Limits on input (src/scenarios/limits.ts) and reading files
  notRegularFile: (kind: string) => `cannot be read: it is ${kind}, not a regular file; name a scenario file`,
  fileTooLarge: (bytes: number, max: number) => `is ${bytes} bytes; a scenario file may hold at most ${max} bytes`,
  notUtf8: (offset: number) => `is not UTF-8 text: byte ${offset} (counting from 0) is not valid UTF-8; save the file as UTF-8`,
  jsonTooDeep: (max: number) => `nests objects and lists more than ${max} deep here; a scenario file may nest at most ${max} deep`,
  duplicateKey: (key: string, line: number, column: number) =>
    `the key ${shown(key)} appears a second time (first at line ${line}, column ${column}); each key may appear once in an object`,
  numberOutOfRange: (text: string) => `${text} is a number out of range; expected a finite number (at most about 1.8e308 in size)`,
  expressionTooLong: (length: number, max: number) => `is ${length} characters long; an expression may be at most ${max} characters`,
  expressionTooDeep: (max: number) => `nests operators, parentheses and calls more than ${max} deep; an expression may nest at most ${max} deep`,
  expressionArity: (name: string, n: number, allowed: string) => `calls ${name} with ${n} argument${n === 1 ? '' : 's'}; ${name} takes ${allowed}`,
  expressionDigits: (name: string) => `calls ${name} with a second argument that is not a whole number from 0 to 15 written as a number; the number of decimals cannot be computed`,
  expressionFailed: (text: string, week: number, detail: string) => `expression ${JSON.stringify(text)} cannot be evaluated in week ${week} (${detail}); allowed: an expression that gives a number in every week`,

  // CLI
  badFlag: (flag: string, value: unknown, allowed: string) => `--${flag} ${shown(value)} is not allowed; expected ${allowed}`,
  flagNoValue: (flag: string) => `--${flag} is given no value; expected a value after it (--${flag} VALUE or --${flag}=VALUE)`,
  flagEmpty: (flag: string) => `--${flag} "" is not allowed; expected a value that is not empty`,
  flagBoolean: (flag: string, value: string) => `--${flag}=${shown(value)} is not allowed; expected --${flag}, --${flag}=true, --${flag}=false or --no-${flag}`,
  flagRepeated: (flag: string, n: number) => `--${flag} is given ${n} times; expected it once`,
  usage: (detail: string) => `${detail}; run "tokenmaxx --help" for usage`,
  fileEmpty: () => `the file name "" names no file; expected a scenario file`,
  valid: (file: string, n: number) => `${file}: valid (${n} scenario${n === 1 ? '' : 's'})`,
  problemCount: (n: number) => `${n} problem${n === 1 ? '' : 's'}; nothing was run or written.`,
  problemCountResumable: (n: number, checkpoint: string) =>
    `${n} problem${n === 1 ? '' : 's'}; nothing was written to the folder. The runs that finished are kept in ${checkpoint}: the same command, run again, resumes from them.`,
  problemCountNotKept: (n: number) => `${n} problem${n === 1 ? '' : 's'}; the results were not kept and nothing was written.`,
  wrote: (dir: string, files: readonly string[]) => `Wrote ${files.join(', ')} to ${dir}`,
  progressFormat: 'Simulating {bar} {percentage}% | {value}/{total} runs | {rate} runs/s | ETA {eta_formatted} | {scenario}',
  reproduce: (command: string) => `Reproduce with: ${command}`,

  // Posterior draws (run --posterior) and the headline as intervals (src/experiment/draws.ts, headline.ts)
  posteriorWithoutFile: (flag: string) => `--${flag} draws from a posterior; expected --posterior FILE with it (a posterior.json of tokenmaxx calibrate)`,
  posteriorSetsWeeks: () => `sets weeks, the length of the run; a posterior may calibrate behaviour and economics, not how long the run is`,
  posteriorTooManyRuns: (draws: number, reps: number, max: number) =>
    `--draws ${draws} × --reps ${reps} is ${(draws * reps).toLocaleString('en-US')} replicates per scenario; expected at most ${max.toLocaleString('en-US')} (fewer draws or replicates per draw)`,
  posteriorDrawSource: (file: string, draw: number) => `${file} (draw ${draw})`,
  headlineShortYear: (weeks: number) => `the run has ${weeks} weeks, less than a year: "year 1" is weeks 0–${weeks - 1}`,
  headlineNoSteadyState: (weeks: number, min: number, last: number) =>
    `no steady state: it is the mean over the last ${last} weeks of a run of at least ${min} weeks, and this run has ${weeks} (run with --weeks 156)`,
  headlineUndefined: (figure: string, scenario: string, reference: string) => `${figure} of ${scenario} is missing: ${reference} spent nothing in some replicate, so the ratio is undefined`,
  runHeadlineWithoutDraws: () => `holds a headline, but manifest.json records no posterior draws; expected a headline only in a run with --posterior`,
  runHeadlineMissing: () => `holds no headline, but manifest.json records posterior draws; expected the headline of a run with --posterior`,
  runHeadlineLayout: (draws: number | null, reps: number, expectedDraws: number, replicates: number) =>
    `lays the replicates out as ${draws ?? 'no'} draws × ${reps}; expected ${expectedDraws} draws × ${replicates / expectedDraws}, as manifest.json records (${replicates} replicates)`,
  runHeadlineReference: (name: string, known: readonly string[]) => `the reference ${shown(name)} is not a scenario of the run; expected one of ${list(known)}`,
  runPosteriorValues: (n: number, draws: number) => `lists the values of ${n} draws; expected ${draws}, one per draw`,
  runPosteriorLayout: (draws: number, reps: number, replicates: number) => `records ${draws} draws × ${reps} replicates per draw for ${replicates} replicates; expected draws × replicates per draw = replicates`,
  headlineHeading: (reference: string, draws: number | null, reps: number) =>
    draws === null
      ? `Headline against ${reference}: mean [95% replicate CI] over ${reps} replicates`
      : `Headline against ${reference}: mean [95% replicate CI] {95% posterior interval} over ${draws} posterior draws × ${reps} replicates; the wider interval dominates`,

  // Output folders (src/output)
  folderEmptyPath: (flag: string) => `${flag} "" names no folder; give a folder name (an empty value never means the current folder)`,
  folderHoldsCwd: (flag: string, dir: string) => `${dir} is the current folder or holds it; tokenmaxx replaces its output folder as a whole, so choose a subfolder for ${flag}`,
  folderIsLink: (flag: string, dir: string) => `${dir} is a symbolic link; tokenmaxx does not follow links for ${flag}: name the folder itself`,
  folderIsMount: (flag: string, dir: string) => `${dir} is a mount point, which tokenmaxx cannot replace as a whole; choose a folder inside it for ${flag}`,
  folderNotDirectory: (flag: string, dir: string) => `${dir} exists and is not a folder; choose another ${flag}`,
  folderNotOurs: (flag: string, dir: string, files: readonly string[]) =>
    `${dir} holds files tokenmaxx did not write (${files.slice(0, 3).join(', ')}${files.length > 3 ? `, and ${files.length - 3} more` : ''}); choose another ${flag} or empty it`,
  folderLinks: (flag: string, dir: string, files: readonly string[]) =>
    `${dir} holds links or special files (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}), which tokenmaxx never writes; choose another ${flag} or remove them`,
  folderChanged: (flag: string, dir: string, files: readonly string[]) =>
    `${dir}: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''} changed after tokenmaxx wrote ${files.length === 1 ? 'it' : 'them'} (sha256 differs from manifest.json); move your edits away or choose another ${flag}`,
  folderLocked: (dir: string, holder: { pid: number; host: string; since: string } | null) =>
    holder
      ? `another tokenmaxx (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is writing ${dir}; wait for it to finish or choose another folder`
      : `another tokenmaxx is writing ${dir}; wait for it to finish or choose another folder`,
  folderIo: (dir: string, action: string, code: string) => `cannot ${action} ${dir}: ${ioReason(code)}`,
  folderWriteFailed: (dir: string, code: string) => `cannot write to ${dir}: ${ioReason(code)}; ${dir} was left as it was`,
  leftoverNotOurs: (path: string) =>
    `${path} has a name tokenmaxx gives its own leftovers, but holds files it did not write; tokenmaxx will not move or remove it: rename it and run again`,
  lockUnusable: (path: string) => `${path} has the name of tokenmaxx's lock but is not a lock file; remove or rename it and run again`,
  folderOtherExperiment: (dir: string, _found: string | undefined) =>
    `${dir} holds the results of another experiment (other inputs, design, seed or replicates); use another --out, or add --force to replace them`,
  checkpointNotOurs: (path: string) =>
    `${path} has the name of tokenmaxx's checkpoint of finished runs but is not one tokenmaxx wrote; tokenmaxx will not overwrite or remove it: rename it and run again`,
  checkpointOtherExperiment: (path: string, found: { experiment: string; runs: number; finished: number }, expected: string) =>
    `${path} holds ${found.finished} finished run${found.finished === 1 ? '' : 's'} (of ${found.runs}) of another experiment (id ${found.experiment.slice(0, 12)}, this one is ${expected.slice(0, 12)}: the scenarios, seed, design or tokenmaxx version differ); run that experiment's command again to finish it, or add --force to discard its runs`,
  checkpointOtherFormat: (path: string) =>
    `${path} was written in another version of tokenmaxx's checkpoint format; run the command again with the tokenmaxx that wrote it to finish that experiment, or add --force to discard it`,
  folderChangedDuringRun: (problem: string) => `changed while the run was writing it: ${problem}`,
  keptAside: (files: string) => `tokenmaxx: files appeared in the output folder in the instant it was replaced; they were kept in ${files}`,
  runNotListed: () => `is not part of this run: manifest.json does not list it`,
  runFileChanged: () => `does not match the sha256 manifest.json records for it: the folder was edited, truncated or mixed with another run's files`,
  runFileMissing: () => `is listed in manifest.json but missing`,
  runNoManifest: (dir: string) => `${dir} holds no manifest.json written by tokenmaxx: it is not a finished run; make one with "tokenmaxx run --out ${dir}"`,
  runMissing: (dir: string) => `${dir} does not exist; name the folder of a finished run (its --out)`,
  runLink: () => `is a link or a special file, which tokenmaxx never writes`,

  // Reading a run folder for a report (src/report)
  runJsonTooLarge: (bytes: number, max: number) => `is ${bytes} bytes; a file tokenmaxx writes here is at most ${max} bytes, so this is not one`,
  runJsonDepth: (max: number) => `nests objects and lists more than ${max} deep here; no file tokenmaxx writes nests that deep`,
  runValueMissing: (expected: string) => `is missing; expected ${expected}`,
  runNotTokenmaxx: (found: unknown) => `"tool" is ${shown(found)}; expected "tokenmaxx": this folder was not written by tokenmaxx`,
  runVersion: (found: unknown, expected: string) =>
    `the run was written by tokenmaxx ${shown(found)}; this is tokenmaxx "${expected}", which reads only runs of its own version: rerun the command in manifest.json with this version, or report with tokenmaxx ${shown(found)}`,
  runSeedCount: (seeds: number, replicates: number) => `lists ${seeds} replicate seeds for ${replicates} replicates; expected one seed per replicate`,
  runDuplicateScenario: (name: string) => `scenario ${shown(name)} is listed twice; expected each scenario once`,
  runScenarioMissing: (name: string) => `has no scenario ${shown(name)}, which manifest.json lists`,
  runScenarioExtra: (name: string, known: readonly string[]) => `scenario ${shown(name)} is not in manifest.json; expected its scenarios: ${list(known)}`,
  runComparisonScenarios: (n: number) => `lists ${n} scenario${n === 1 ? '' : 's'} beside comparison.csv; expected 2, A then B, as tokenmaxx compare writes them`,
  runLorenzLength: (n: number, expected: number) => `holds ${n} values; expected ${expected}, one per population share`,
  csvEmpty: (header: string) => `is empty; expected the header line ${header}`,
  csvHeader: (found: string, expected: string) => `the header is ${shown(found)}; expected exactly ${expected}`,
  csvCellCount: (n: number, expected: number) => `has ${n} cell${n === 1 ? '' : 's'}; expected ${expected}, one per column of the header`,
  csvLineTooLong: (max: number) => `is longer than ${max} characters, which no line tokenmaxx writes is; the rest of the line was skipped`,
  csvQuote: () => `has a quoted cell that is not closed on its line; expected a cell quoted as tokenmaxx writes it ("a ""b""")`,
  csvScenario: (name: string, known: readonly string[]) => `scenario ${shown(name)} is not in manifest.json; expected one of ${list(known)}`,
  csvInteger: (column: string, value: string) => `${column} ${shown(value)} is not allowed; expected an integer written in digits, from 0`,
  csvNumber: (column: string, value: string) =>
    `${column} ${shown(value)} is not a number as tokenmaxx writes them; expected a finite number in JavaScript's shortest form (e.g. 0.25, 12, 1e-7)`,
  csvSeed: (value: string, replicate: number, expected: string) => `seed ${shown(value)} is not replicate ${replicate}'s; expected ${shown(expected)}, as manifest.json records`,
  csvOrder: (expected: string, found: string) =>
    `expected ${expected} here, found ${found}: rows go scenario by scenario in manifest.json's order, replicate by replicate, week 0 to the last, none missing or repeated`,
  csvReplicateRange: (replicate: number, replicates: number) => `replicate ${replicate} is not in the run; expected 0 to ${replicates - 1} (manifest.json: ${replicates} replicates)`,
  csvWeekRange: (week: number, weeks: number, scenario: string) => `week ${week} is not in the run; expected 0 to ${weeks - 1} (${shown(scenario)} runs ${weeks} weeks)`,
  csvExtraRow: (rows: number) => `is a row too many; expected exactly ${rows} rows after the header`,
  csvKey: (column: string, value: string, expected: string) => `${column} ${shown(value)} is not the row's; expected ${shown(expected)}, rows go in the order tokenmaxx writes them`,
  csvEndsEarly: (expected: string) => `ends early; expected next ${expected}`,
  csvStopped: (problems: number, lines: number) => `stopped checking after ${problems} problems; ${lines} more line${lines === 1 ? ' was' : 's were'} not checked`,

  unknownMetric: (name: string, known: readonly string[]) => `${shown(name)} is not a metric; expected one of ${known.join(', ')}`,
  bestLine: (metric: string, statistic: string, best: string, mean: string, ci: string) => `Best by ${metric} (${statistic}): ${best}, ${mean} ${ci}`,
  sweepNoDesign: () => 'varies nothing; expected --vary PATH=a,b,c (or PATH=lo:hi), repeatable, --design FILE, or two or more scenarios to compare as points',
  whereWithoutBest: () => 'applies to a question; expected --best METRIC with it (e.g. --best netValuePerEmployeeUSD --where "adoptionRate >= 0.8")',
  optionNotForMethod: (option: string, method: string, instead: string) => `--${option} is not used by --method ${method}; expected ${instead} for its size, or another method`,
  sensitivityNeedsRange: (path: string) => `${path} is given as a list of values; a sensitivity analysis needs a numeric range lo:hi`,
  sensitivityNoParameters: () => 'varies no parameter; expected --vary PATH=lo:hi, --design FILE, or the plausible ranges (the default)',
  studyIncomplete: (scenario: string, point: number) => `does not hold every metric of scenario ${shown(scenario)} point ${point}; expected each metric at both statistics, as tokenmaxx sweep writes it`,
  studySensitivityIncomplete: () => 'does not hold every index of every parameter of design.json for each metric; expected the file as tokenmaxx sensitivity writes it',
  studyBestUnknownPoint: () => 'names a point that sweep-summary.csv does not hold; expected points of this sweep, as tokenmaxx sweep writes them',
  studyNotSweep: (dir: string) => `${dir} is not a sweep or sensitivity folder (it has no sweep.csv); a study report reads the folders of tokenmaxx sweep and tokenmaxx sensitivity`,
  designTooLarge: (n: number, max: number) => `the design has ${n.toLocaleString('en-US')} points; expected at most ${max.toLocaleString('en-US')} (fewer --levels, --samples or --trajectories, or fewer parameters)`,
  needsReplicates: (what: string, reps: number) => `${what} needs at least 2 replicates for a confidence interval, got --reps ${reps}; expected --reps 2 or more`,
  reportOutOneRun: (dir: string) => `a run's report is written into its own folder (${dir}); expected no --out, or several --from (sweep and sensitivity folders) for one study report`,
  studyOutIsInput: (dir: string) => `${dir} is one of the folders read (--from); expected another folder for the study's report`,
  folderOtherKind: (dir: string, found: string, wanted: string) => `${dir} holds the results of a ${found}, not of a ${wanted}; use another --out, or add --force to replace them`,
  varySyntax: (arg: string) => `${shown(arg)} is not a varied parameter; expected PATH=a,b,c (values) or PATH=lo:hi (a numeric range), e.g. mandate.targetShare=0.3:0.9`,
  designNotParameter: (path: string) => `${shown(path)} is a section, not a parameter; expected a parameter path such as mandate.targetShare`,
  designRangeNotNumeric: (path: string) => `${path} takes choices, not numbers: a range lo:hi is not allowed; expected a list of its values`,
  designRangeOrder: (path: string, range: readonly number[]) => `the range of ${path} runs from ${range[0]} down to ${range[1]}; expected lo ≤ hi`,
  designRepeatedValue: (path: string) => `${path} lists a value twice; expected each value once`,
  designRepeatedParameter: (path: string) => `${path} is varied twice; expected each parameter once`,
  designUnreadable: (code: string) => `cannot be read: ${ioReason(code)}`,
  designEmpty: () => `varies no parameter; expected at least one, e.g. "mandate.targetShare": { "range": [0.3, 0.9] }`,
  flowsLine: (flows: readonly { from: string; to: string; share: number }[]) => {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const stay = flows.filter((f) => f.from === f.to).reduce((sum, f) => sum + f.share, 0);
    const moves = flows.filter((f) => f.from !== f.to && f.share >= 0.001).sort((x, y) => y.share - x.share);
    const shown = moves.slice(0, 5).map((f) => `${f.from} → ${f.to} ${pct(f.share)}`);
    return `Final-week flows, A → B, share of employees: ${pct(stay)} keep their strategy${shown.length > 0 ? `; ${shown.join(', ')}` : ''}${moves.length > 5 ? `, and ${moves.length - 5} smaller` : ''} (flows.csv).`;
  },
  compareSame: (name: string) => `compares ${shown(name)} with itself; expected two different scenarios (define B with "extends": ${shown(name)} and the policy to change)`,
  compareShapes: (a: string, sa: { weeks: number; employees: number }, b: string, sb: { weeks: number; employees: number }) =>
    `${shown(a)} simulates ${sa.employees} employees for ${sa.weeks} weeks and ${shown(b)} ${sb.employees} for ${sb.weeks}; expected the same employees and weeks in both, so that each employee and the final week are the same in A and B`,

  // Calibration (src/calibrate)
  calibrateUnknownParameter: (path: string, known: readonly string[]) => `${shown(path)} is not a calibrated parameter; expected some of ${known.join(', ')}`,
  calibrateUnknownFact: (name: string, known: readonly string[]) => `${shown(name)} is not a held-out fact; expected some of ${known.join(', ')}`,
  calibrateRepeatedFact: (name: string) => `names ${shown(name)} twice; expected each held-out fact once`,
  calibrateNoFacts: (known: readonly string[]) => `names no fact; expected a comma-separated list of held-out facts: ${known.join(', ')}`,
  calibrateNoParameters: (known: readonly string[]) => `names no parameter; expected a comma-separated list of calibrated parameters: ${known.join(', ')}`,
  calibrateRepeatedParameter: (path: string) => `${path} is named twice; expected each parameter once`,
  calibratePriorEnd: (end: string) => `calibration prior (every parameter at the ${end} end of its range)`,
  calibrateStart: (parameters: number, targets: number, particles: number, generations: number, runs: number) =>
    `Calibrating ${parameters} parameter${parameters === 1 ? '' : 's'} to ${targets} targets: ${particles} particles, up to ${generations} generation${generations === 1 ? '' : 's'}, ${runs} runs per point`,
  calibrateGeneration: (g: number, tolerance: string, accepted: number, proposed: number, seconds: string | undefined) =>
    `generation ${g}: tolerance ${tolerance}, accepted ${accepted} of ${proposed} points (${((100 * accepted) / proposed).toFixed(1)}%)${seconds === undefined ? ', from the checkpoint' : `, ${seconds} s`}`,
  calibrateSummary: (generations: number, tolerance: string, particles: number, stopped: string) =>
    `Posterior: ${particles} particles after ${generations} generation${generations === 1 ? '' : 's'}, final tolerance ${tolerance} (stopped: ${stopped}).`,
  calibratePassRule: (percent: number) => `A held-out fact passes when it holds in at least ${percent}% of the posterior draws; none of them was used to calibrate.`,
  calibrateWeeks: (weeks: string, min: number) =>
    `--weeks ${shown(weeks)} is too short for the held-out facts (deprecation reads week ${min - 1}, after the board is removed at week 26); expected --weeks ${min} or more`,
  calibrateGenerationsRejection: () => '--generations is not used by --method rejection (one generation of prior draws); expected no --generations, or --method smc',

  shardFormat: (text: string) =>
    `--shard ${shown(text)} is not a shard; expected I/N (shard I of N, I from 0 to N − 1), auto (a Slurm array task: I and N from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT) or auto/N (a Kubernetes Indexed Job: I from JOB_COMPLETION_INDEX)`,
  shardCount: (count: number, max: number) => `--shard asks for ${count} shards; expected 1 to ${max}`,
  shardIndex: (index: number, count: number) => `shard ${index} of ${count} does not exist: shards are numbered 0 to ${count - 1}`,
  shardEnvIndex: (name: string, value: number, count: number) => `${name} is ${value}, which is not a shard of ${count} (numbered 0 to ${count - 1}); expected an array of ${count} tasks`,
  shardAutoNoSlurm: () =>
    '--shard auto reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, which are not set: it is for the tasks of a Slurm array job (sbatch --array=0-N); elsewhere give --shard I/N, or --shard auto/N in a Kubernetes Indexed Job',
  shardAutoNoIndex: (count: number) =>
    `--shard auto/${count} reads the shard's number from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (a Slurm array task numbered 0 to ${count - 1}), and neither is set; elsewhere give --shard I/${count}`,
  shardSlurmNotRange: (min: number, max: number, count: number) =>
    `the Slurm array's tasks are not a plain range (ids ${min} to ${max}, but ${count} tasks), so their ids cannot number the shards; submit it with --array=0-${count - 1} (a throttle such as %4 is fine), or give --shard I/N`,
  shardNeedsOut: () => '--shard needs --out: each shard writes a folder of its own (for example --out shards/$SLURM_ARRAY_TASK_ID), which tokenmaxx merge then combines',
  shardNotFor: (command: string) => `--shard is for sweep, sensitivity and calibrate, not ${command}`,
  shardArrayWithout: (count: string) =>
    `note: this is a task of a Slurm array of ${count} tasks, and without --shard every task runs the whole study; add --shard auto to give each task its share`,
  shardAutoAlone: () =>
    'note: --shard auto in a Slurm array of one task is the whole study (shard 0 of 1); to run shard I of N again alone, give --shard auto/N',
  shardRan: (index: number, count: number, runs: number, total: number, resumed: number) =>
    `shard ${index}/${count}: ${runs} of the study's ${total} runs${resumed > 0 ? `, ${resumed} of them taken from the checkpoint of an earlier attempt` : ''}.`,
  shardAlreadyFinished: (index: number, count: number, dir: string) => `shard ${index}/${count} is already finished in ${dir}; nothing to run.`,
  shardMergeHint: () => 'When every shard is finished: tokenmaxx merge SHARD_FOLDER... --out DIR',
  shardsOtherStudy: (shards: string, study: string) =>
    `the shards are of another study (id ${shards.slice(0, 12)}…) than the one their command line gives here (id ${study.slice(0, 12)}…): a preset or the tool changed since they ran; run the shards again, or merge with the files they were made from`,
  shardFolderTwice: (first: string) => `the same folder as ${first}, given twice; expected each shard once`,
  shardUnfinished: () => `a shard that has not finished: its checkpoint is beside it; run its command again (it resumes), then merge`,
  notAShard: () => `not a finished shard (no manifest of a shard of tokenmaxx's); expected the --out folder of a sweep, sensitivity or calibrate run with --shard`,
  shardRecordBad: (detail: string) => `not a shard record tokenmaxx wrote: ${detail}`,
  shardRunsBad: (held: number, bytes: number) => `holds ${bytes} bytes, which is not the ${held} runs its shard.json says`,
  shardRunMissing: (index: number) => `run ${index} is not where the shard's layout puts it; the folder is damaged: run the shard again`,
  mergeNothing: () => 'merge needs the shard folders to combine; expected one or more folders',
  shardOtherVersion: (found: string, mine: string) => `made by tokenmaxx ${found}, and this is ${mine}; merge with the version that made the shards, or run them again`,
  shardOtherExperiment: (first: string, changed: readonly string[]) =>
    `a shard of another study than ${first}${changed.length > 0 ? ` (made from another ${changed.join(' and ')})` : ' (another seed, design, --set or scenario)'}; expected every shard of one study`,
  shardOtherCount: (shard: { index: number; count: number }, first: string, count: number) =>
    `shard ${shard.index} of ${shard.count}, but ${first} is a shard of ${count}: shards of different splits overlap; expected every shard of one split`,
  shardDuplicate: (shard: { index: number; count: number }, other: string) => `shard ${shard.index}/${shard.count} again (${other} is shard ${shard.index}/${shard.count} too); expected each shard once`,
  shardsMissing: (missing: readonly number[], count: number, given: number) =>
    `${missing.length} of the ${count} shards ${missing.length === 1 ? 'is' : 'are'} missing: ${missing.length > 12 ? `${missing.slice(0, 12).join(', ')}, …` : missing.join(', ')} (${given} given); give every shard's folder, and run a lost shard again with --shard I/${count}`,
  shardInputChanged: (path: string, gone: boolean) =>
    gone ? `${path}, which the shards were made from, is not here; merge where the shards' command runs (the same working folder)` : `${path} has changed since the shards were made from it; merge with the file they were made from, or run the shards again`,

  afterNotRound: (dir: string) => `${dir} is not a merged round of a sharded calibration (what tokenmaxx merge writes of a round's shards); expected the --out of the last round's merge`,
  afterOtherCalibration: (dir: string) => `${dir} is a round of another calibration (another seed, setting, parameter or scenario file); expected a round of this one`,
  afterComplete: (dir: string) => `the calibration needs no more runs after ${dir === '' ? 'its first round' : dir}; merge its last round's shards to write it`,
  afterWithoutShard: () => '--after is for the shards of a sharded calibration (with --shard), and for their merge; expected --shard too',
  roundShardsOther: () => "the shards are of another round of this calibration (their --after differs from the command line's); merge the shards of one round, with the --after they ran with",
  roundShard: (generation: number, points: number, index: number, count: number, runs: number, resumed: number) =>
    `${generation < 0 ? 'the held-out facts\' posterior draws' : `generation ${generation}`}: a batch of ${points} points; shard ${index}/${count} simulated ${runs} of them${resumed > 0 ? `, ${resumed} taken from the checkpoint of an earlier attempt` : ''}.`,
  roundFinishedAlready: (dir: string) => `the calibration is finished in ${dir}; nothing to run.`,
  roundNext: (rounds: number, generation: number, points: number, out: string) =>
    `Merged round ${rounds}. The calibration needs another round: ${generation < 0 ? "the held-out facts' posterior draws" : `generation ${generation}`}, ${points} points. Run its shards with --after ${out}, then merge them.`,

  internalError: (detail: string) => `tokenmaxx: internal error: ${detail}. Please report it with the command you ran.`,
} as const;
