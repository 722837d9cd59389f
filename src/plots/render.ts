/**
 * Rendering, separate from the chart specs: Vega-Lite → Vega (compile) → SVG, in Node, with no
 * native canvas (Vega's 'none' renderer measures text by estimate, which also keeps SVGs byte-stable).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Compiles a Vega-Lite spec to a Vega spec. */
export function toVega(spec: TopLevelSpec): vega.Spec {
  return compile(spec).spec;
}

/** Renders a Vega spec to an SVG document. */
export async function toSvg(vegaSpec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
