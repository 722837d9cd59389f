/** Where tokenmaxx's own files are: the package root, its presets and its version. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/** The git commit of tokenmaxx's own checkout, or null when it is not a git checkout. */
export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}
