/**
 * `../shared/reference/floor.c` ported line for line to JavaScript, to separate the language's cost
 * from the model's: the same draws, logarithms, table lookups and logit, the same checksum. Run by
 * `npm run bench` in its own process (`node dist/bench/floorPort.js EMPLOYEES`): a 10,000-employee
 * run first warms the JIT up, as the simulator's bench does, then a fresh run at EMPLOYEES is timed
 * in CPU (`process.cpuUsage`). Prints one JSON line: ns of CPU per agent-week and the checksum,
 * which equals the one floor.c prints for the same size.
 */
import { cpuUsage } from 'node:process';

const WEEKS = 52;

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function u01(s: number, i: number, t: number, k: number): number {
  return (mix(s ^ mix(Math.imul(i, 0x9e3779b9) ^ mix(t * 64 + k))) >>> 0) * (1 / 4294967296);
}

const binOf = (logTokens: number) => (logTokens > 0 ? ((logTokens * 6) | 0) & 255 : 0);

function utilityOf(output: number, p: number, rankWeight: number, integrity: number, waste: number, k: number): number {
  return output + rankWeight * (p - (p < 0.1 ? 0.1 - p : 0)) - integrity * waste - (k ? 0.04 : 0) - (k === 0 ? 0.3 : 0);
}

/** One run of floor.c's main at `n` employees: returns its checksum and the CPU time of its weeks. */
function floor(n: number): { checksum: number; cpuNs: number } {
  const fit = new Float64Array(n);
  const skill = new Float64Array(n);
  const integ = new Float64Array(n);
  const belief = new Float64Array(n);
  const logTok = new Float64Array(n);
  const logScale = new Float64Array(n);
  let strat = new Uint8Array(n);
  let next = new Uint8Array(n);
  const hist = new Float64Array(256);
  const cdf = new Float64Array(256);
  for (let i = 0; i < n; i++) {
    fit[i] = u01(1, i, 0, 1);
    skill[i] = u01(1, i, 0, 2);
    integ[i] = u01(1, i, 0, 3);
    belief[i] = 0.1;
    logScale[i] = u01(1, i, 0, 4);
  }
  const L32 = Math.log(32e6);
  const LP = Math.log(5);
  const LM = Math.log(12);
  const start = cpuUsage();
  let acc = 0;
  for (let t = 0; t < WEEKS; t++) {
    let c = 0;
    for (let k = 0; k < 256; k++) {
      c += hist[k];
      cdf[k] = c / (n + 1e-9);
      hist[k] = 0;
    }
    for (let i = 0; i < n; i++) {
      const r0 = u01(7, i, t, 0), r2 = u01(7, i, t, 2), r3 = u01(7, i, t, 3), r4 = u01(7, i, t, 4), r5 = u01(7, i, t, 5);
      const z = (r0 + u01(7, i, t, 1) + u01(7, i, t, 6) - 1.5) * 2.0;
      const g = 0.8 * fit[i] * skill[i] - 0.1;
      const lg = L32 + Math.log1p(fit[i]) + logScale[i] + 0.3 * z;
      const lt0 = -1, lt1 = lg, lt2 = lg + LP, lt3 = L32 + LM + logScale[i];
      const o0 = 1, o1 = 1 + g, o2 = 1 + g - 0.02, o3 = 1 + 0.3 * g - 0.06;
      const rw = belief[i] * 0.6 + 0.15;
      const ig = integ[i];
      const u0 = utilityOf(o0, cdf[binOf(lt0)], rw, ig, 0, 0);
      const u1 = utilityOf(o1, cdf[binOf(lt1)], rw, ig, 0, 1);
      const u2 = utilityOf(o2, cdf[binOf(lt2)], rw, ig, 0.8, 2);
      const u3 = utilityOf(o3, cdf[binOf(lt3)], rw, ig, 0.9, 3);
      const mx = Math.max(-1e9, u0, u1, u2, u3);
      let s = strat[i];
      if (r2 < 0.3) {
        const e0 = Math.exp((u0 - mx) * 20), e1 = Math.exp((u1 - mx) * 20), e2 = Math.exp((u2 - mx) * 20), e3 = Math.exp((u3 - mx) * 20);
        let r = r3 * (e0 + e1 + e2 + e3);
        s = (r -= e0) <= 0 ? 0 : (r -= e1) <= 0 ? 1 : (r -= e2) <= 0 ? 2 : 3;
      }
      if (r4 < 0.3) belief[i] += 0.08 * (1 - belief[i]);
      else belief[i] *= 0.98;
      const lts = s === 0 ? lt0 : s === 1 ? lt1 : s === 2 ? lt2 : lt3;
      next[i] = s;
      logTok[i] = lts;
      skill[i] += s === 1 || s === 2 ? 0.04 * (1 - skill[i]) : -0.005 * skill[i];
      hist[binOf(lts)] += 1;
      acc += (s === 0 ? o0 : s === 1 ? o1 : s === 2 ? o2 : o3) + r5 * 1e-9;
    }
    const x = strat;
    strat = next;
    next = x;
  }
  const used = cpuUsage(start);
  return { checksum: acc / n / WEEKS, cpuNs: (used.user + used.system) * 1000 };
}

const employees = Number(process.argv[2] ?? 100_000);
floor(10_000);
const { checksum, cpuNs } = floor(employees);
console.log(JSON.stringify({ employees, cpuNsPerAgentWeek: cpuNs / (employees * WEEKS), checksum }));
