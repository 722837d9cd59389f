/** Where tokenmaxx's own files are: the package root, its presets and its version. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the folder holding package.json (works from src/ under tsx and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of tokenmaxx not found');
    dir = parent;
  }
  return dir;
}

/** The presets shipped with tokenmaxx. */
export function presetsPath(): string {
  return join(packageRoot(), 'scenarios.json');
}

/** `scenarios.json` in the working directory if there is one, else the shipped presets. */
export function defaultScenariosPath(): string {
  const local = resolve('scenarios.json');
  return existsSync(local) ? 'scenarios.json' : presetsPath();
}

/** tokenmaxx's version from package.json. */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The git commit of tokenmaxx's own checkout, or null when it is not one: an installed package
 * (node_modules/tokenmaxx) inside someone's repository is not, so the checkout must start at the
 * package root.
 */
export function gitCommit(): string | null {
  try {
    const root = packageRoot();
    const [top, head] = execFileSync('git', ['rev-parse', '--show-toplevel', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n');
    return top && head && realpathSync(top) === realpathSync(root) ? head : null;
  } catch {
    return null;
  }
}
