/** Reads the browser builds of vega, vega-lite and vega-embed from node_modules, for inlining. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../paths.js';
import type { ReportAssets } from './html.js';

const require = createRequire(import.meta.url);

/**
 * The package's folder. `require.resolve('vega/build/vega.min.js')` is refused by the packages'
 * export maps, so resolve each package's main entry and walk up to its package.json.
 */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (packageName(join(dir, 'package.json')) !== name) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = parent;
  }
  return dir;
}

function packageName(path: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** The explorer's bundle (scripts/bundle.ts, run by `npm run build`), or undefined where it was not built. */
function explorerBundle(name: 'page' | 'worker'): string | undefined {
  try {
    return readFileSync(join(packageRoot(), 'dist', 'explorer', `${name}.js`), 'utf8');
  } catch {
    return undefined;
  }
}

/** The minified browser builds to inline. */
export function reportAssets(): ReportAssets {
  const read = (pkg: string, file: string) => readFileSync(join(packageDir(pkg), 'build', file), 'utf8');
  return {
    vega: read('vega', 'vega.min.js'),
    vegaLite: read('vega-lite', 'vega-lite.min.js'),
    vegaEmbed: read('vega-embed', 'vega-embed.min.js'),
    explorerPage: explorerBundle('page'),
    explorerWorker: explorerBundle('worker'),
  };
}
