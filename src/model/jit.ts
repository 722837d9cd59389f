/**
 * Raises V8's inlining budget before the model's code is compiled. Each mechanism is a set of small
 * kernels, and a week's two passes call them all; with V8's default budget (920 bytes of inlined
 * bytecode per optimised function) the later kernels stay calls, whose number arguments and results
 * are boxed on the heap. At 4,000 bytes both passes are compiled whole: ~10% less CPU per
 * employee-week and ~4 bytes allocated instead of ~40–80 (docs/PERFORMANCE.md). The flag changes how
 * V8 compiles, never a result. Imported for its effect by simulate.ts.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-inlined-bytecode-size-cumulative=4000');
