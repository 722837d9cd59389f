/**
 * `npm run notebooks`: executes every notebook in notebooks/ headlessly, with the real Deno kernel
 * (the project-local kernelspec in .jupyter/), into out-notebooks/NAME.ipynb and NAME.html, and checks
 * each one:
 *
 *   - no cell has an error output;
 *   - every `headline: {…}` line it prints equals, number for number, what the command line gives for
 *     the command on the `reproduce: …` line before it (run again here into a temporary folder and
 *     read from its summary.json or best.json, as the headline's `source` says). Every string and
 *     every count must be equal; a number may differ in its last bits only (relative 1e-12): the
 *     kernel runs the engine on Deno's V8, the command line on Node's, and the two may round the
 *     last bit of a sum or a variance differently. The simulations themselves are the same — a
 *     single changed decision would move a share by 1/20,000, not 1e-16.
 *
 * Exits 1 if any check fails, 2 if Jupyter or the kernel cannot be started. The executed notebooks
 * go to out-notebooks/, not out/: out/ is the main job's output set, which holds only its own files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const NOTEBOOKS = join(ROOT, 'notebooks');
const OUT = join(ROOT, 'out-notebooks');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
/** Debian's Jupyter (the `jupyter` first on PATH may be another Python's, without nbconvert). */
const JUPYTER = process.env.JUPYTER ?? (existsSync('/usr/bin/jupyter') ? '/usr/bin/jupyter' : 'jupyter');

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
interface Notebook {
  cells: { outputs?: Output[] }[];
}

/**
 * A notebook's printed and displayed plain-text lines, in order. The lines checked are displayed
 * (`Deno.jupyter.display`); printed output is read too. A long printed line may arrive in several
 * stream outputs: they are joined first.
 */
function printedLines(nb: Notebook): string[] {
  const joined = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join('') : (t ?? ''));
  return nb.cells.flatMap((c) => {
    const outputs = c.outputs ?? [];
    const printed = outputs.filter((o) => o.output_type === 'stream' && o.name !== 'stderr').map((o) => joined(o.text)).join('');
    const shown = outputs.filter((o) => o.output_type === 'display_data' || o.output_type === 'execute_result').map((o) => joined(o.data?.['text/plain']));
    return [...printed.split('\n'), ...shown.flatMap((t) => t.split('\n'))];
  });
}

/** What the command line gives for `args`, as the headline's `source` reads it. */
function cliFigures(args: string[], headline: Record<string, unknown>): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-notebook-'));
  try {
    const out = join(dir, 'out');
    const run = spawnSync(process.execPath, [CLI, ...args, '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`tokenmaxx ${args.join(' ')} failed: ${run.stderr}`);
    const source = headline.source;
    if (source === 'best.json') return JSON.parse(readFileSync(join(out, 'best.json'), 'utf8'));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    if (source === 'headline') return summary.headline;
    const figures = headline.figures as Record<string, Record<string, unknown>>;
    return Object.fromEntries(
      Object.entries(figures).map(([scenario, fs]) => [scenario, Object.fromEntries(Object.keys(fs).map((f) => [f, summary.scenarios[scenario][f].weeklyMean.mean]))]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Are `a` and `b` the same, numbers to a relative 1e-12? Returns the path of the first difference, or null. */
function difference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? null : path;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    if (JSON.stringify(ka) !== JSON.stringify(Object.keys(b))) return path;
    for (const k of ka) {
      const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : path;
}

/** The problem of a notebook whose headline line is missing. */
const NO_HEADLINE = 'prints no headline to check';

/** The problems of one executed notebook: errors in cells, and headlines that differ from the command line's. */
function check(nb: Notebook): { problems: string[]; checked: number } {
  const problems: string[] = [];
  for (const c of nb.cells) for (const o of c.outputs ?? []) if (o.output_type === 'error') problems.push(`a cell failed: ${o.ename}: ${o.evalue}`);
  let reproduce: string[] | undefined;
  let checked = 0;
  for (const line of printedLines(nb)) {
    if (line.startsWith('reproduce: ')) reproduce = line.slice('reproduce: '.length).trim().split(/\s+/);
    if (!line.startsWith('headline: ')) continue;
    if (!reproduce) {
      problems.push('a headline with no reproduce: line before it');
      continue;
    }
    const headline = JSON.parse(line.slice('headline: '.length)) as Record<string, unknown>;
    const expected = headline.source === undefined ? headline.figures : headline.value;
    const got = cliFigures(reproduce, headline);
    const at = difference(got, expected);
    if (at) problems.push(`tokenmaxx ${reproduce.join(' ')} and the notebook differ at ${at}`);
    checked += 1;
  }
  if (checked === 0) problems.push(NO_HEADLINE);
  return { problems, checked };
}

function jupyter(args: string[]): { ok: boolean; stderr: string } {
  const r = spawnSync(JUPYTER, ['nbconvert', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JUPYTER_PATH: join(ROOT, '.jupyter'), NO_COLOR: '1' } });
  return { ok: r.status === 0, stderr: `${r.error?.message ?? ''}${r.stderr ?? ''}` };
}

mkdirSync(OUT, { recursive: true });
const names = readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb')).sort();
let failed = 0;
/**
 * Deno's kernel can tell Jupyter a cell is done before it has sent the cell's last output, and
 * nbconvert, gone on to the next cell, drops it; so the notebooks wait a moment after their headline.
 * Should the headline still be missing from a notebook that ran without an error, it is executed once
 * more, and says so; one that fails twice fails.
 */
const ATTEMPTS = 2;

for (const name of names) {
  const started = performance.now();
  const result = join(OUT, name);
  let executed: { ok: boolean; stderr: string } = { ok: false, stderr: '' };
  let outcome: { problems: string[]; checked: number } = { problems: [], checked: 0 };
  let attempts = 0;
  while (attempts < ATTEMPTS) {
    attempts += 1;
    executed = jupyter(['--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=600', '--ExecutePreprocessor.kernel_name=deno', '--output-dir', OUT, join(NOTEBOOKS, name)]);
    if (!executed.ok) break;
    outcome = check(JSON.parse(readFileSync(result, 'utf8')) as Notebook);
    if (!(outcome.problems.length === 1 && outcome.problems[0] === NO_HEADLINE)) break;
  }
  if (!executed.ok && !existsSync(result)) {
    process.stderr.write(`${name}: could not be executed: ${executed.stderr.trim().split('\n').slice(-3).join(' ')}\n`);
    process.exitCode = 2;
    continue;
  }
  jupyter(['--to', 'html', '--output-dir', OUT, result]);
  const { problems, checked } = executed.ok ? outcome : { problems: [executed.stderr.trim().split('\n').slice(-1)[0]], checked: 0 };
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const again = attempts > 1 ? ` (executed twice: the first run's headline output was lost by the kernel)` : '';
  if (problems.length === 0) process.stdout.write(`${name}: executed in ${seconds} s; ${checked} headline(s) equal the command line's${again}\n`);
  else {
    failed += 1;
    for (const p of problems) process.stdout.write(`${name}: ${p}\n`);
  }
}
process.stdout.write(`${names.length - failed} of ${names.length} notebooks pass; executed copies in ${OUT}\n`);
if (failed > 0 && !process.exitCode) process.exitCode = 1;
