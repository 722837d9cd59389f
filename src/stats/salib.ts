/**
 * A design in SALib's text formats, so a Python user can check an analysis with SALib
 * (Herman & Usher 2017, J. Open Source Softw. 2(9):97; Iwanaga, Usher & Herman 2022, Socio-Environ.
 * Syst. Model. 4:18155):
 *
 * - the problem file that `SALib.util.read_param_file` reads: one line per parameter, `name lo hi`,
 *   separated by single spaces. The reader sniffs the delimiter with Python's csv.Sniffer, which
 *   prefers a space when every line holds the same number of them, so names must not contain
 *   whitespace, commas, quotes or start with `#` (a comment line); dots are fine.
 * - samples and outputs as `np.savetxt` writes them (what `salib sample saltelli ... -o FILE` writes,
 *   delimiter " "): one run per line, values separated by single spaces, a newline after every line.
 *   Numbers are in shortest round-trip form (JavaScript's `String(x)`), which `np.loadtxt` reads
 *   back exactly; SALib's own files use `%.8e`.
 *
 * A Saltelli design written here is `salib sample saltelli -n N -p problem.txt --max-order 1` (same
 * default skip); the check is `salib analyze sobol -p problem.txt -Y outputs.txt --max-order 1`.
 * A Morris design is checked with `salib analyze morris -p problem.txt -X samples.txt -Y outputs.txt
 * -l LEVELS`.
 */
import type { Design, Parameter } from './designs.js';

/**
 * The problem file of `parameters` for SALib's `read_param_file`: `path lo hi` per line.
 *
 * @throws if a path contains whitespace, a comma or a quote, or starts with `#`.
 * @example salibProblemText([{ path: 'mandate.strength', lo: 0, hi: 1 }]) // 'mandate.strength 0 1\n'
 */
export function salibProblemText(parameters: readonly Parameter[]): string {
  return parameters
    .map((p) => {
      if (/[\s,"']/.test(p.path) || p.path.startsWith('#') || p.path === '') {
        throw new Error(`salibProblemText: SALib cannot read the parameter name "${p.path}" (no whitespace, commas, quotes or leading #)`);
      }
      return `${p.path} ${numberText(p.lo)} ${numberText(p.hi)}\n`;
    })
    .join('');
}

/** The design's parameter values as SALib's samples file (`-X`): one run per line, in run order. */
export function salibSamplesText(design: Design): string {
  return matrixText(design.points);
}

/** Model outputs as SALib's outputs file (`-Y`): one value per line, in run order. */
export function salibOutputsText(outputs: readonly number[]): string {
  return matrixText(outputs.map((y) => [y]));
}

/** Rows of numbers, space-separated, one line each, as `np.savetxt(delimiter=" ")` lays them out. */
function matrixText(rows: readonly (readonly number[])[]): string {
  return rows.map((row) => `${row.map(numberText).join(' ')}\n`).join('');
}

/** Shortest round-trip decimal of a finite number (−0 as 0). @throws on NaN and infinities, which SALib cannot analyse. */
function numberText(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`salib: cannot write the non-finite value ${x}`);
  return String(x);
}
