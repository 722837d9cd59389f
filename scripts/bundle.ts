/**
 * Bundles the report's explorer with esbuild (run by `npm run build`, after tsc): the page script,
 * and the worker that carries the model itself — simulation, metrics and summaries, not the scenario
 * loader or mathjs. Both are minified IIFEs written to dist/explorer/, which the report inlines
 * (src/report/assets.ts). The same esbuild version gives the same bytes on every machine.
 *
 * src/model/jit.ts raises V8's inlining budget through `node:v8`; a browser has no such module and
 * its own V8 settings, so the bundle replaces it with nothing. It never changes a result.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'dist', 'explorer');

const withoutJit: Plugin = {
  name: 'without-jit',
  setup(b) {
    b.onResolve({ filter: /\/jit\.js$/ }, () => ({ path: 'jit', namespace: 'without-jit' }));
    b.onLoad({ filter: /.*/, namespace: 'without-jit' }, () => ({ contents: '', loader: 'js' }));
  },
};

mkdirSync(OUT, { recursive: true });
for (const name of ['worker', 'page']) {
  const outfile = join(OUT, `${name}.js`);
  await build({
    entryPoints: [join(ROOT, 'src', 'explorer', 'browser', `${name}.ts`)],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    plugins: [withoutJit],
  });
  // The report inlines the bundles in script elements, escaping only `</script`. Inside one, `<!--`
  // followed by `<script` would change where the element ends: refuse a bundle that holds either.
  const code = readFileSync(outfile, 'utf8');
  if (/<!--|<script/i.test(code)) throw new Error(`${outfile} holds <!-- or <script, which cannot be inlined safely in report.html`);
}
