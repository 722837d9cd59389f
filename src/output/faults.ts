/**
 * A test seam for crash-consistency tests, read only by the output writer: every file operation the
 * writer makes on an output folder first passes a numbered fault point, where a test can stop it.
 *
 *   TOKENMAXX_FAULT=kill@N     the process kills itself (SIGKILL) before operation N (from 1)
 *   TOKENMAXX_FAULT=enospc@N   operation N fails as on a full disk (ENOSPC)
 *   TOKENMAXX_FAULT=pause@N    before operation N, print "paused" to stderr and wait until the file
 *                              named by TOKENMAXX_FAULT_RESUME exists
 *   TOKENMAXX_FAULT_LOG=FILE   append one line per operation ("N label") to FILE, to count them
 *
 * Unset, each fault point costs one comparison.
 */
import { appendFileSync, existsSync } from 'node:fs';

interface FaultPlan {
  action: 'kill' | 'enospc' | 'pause' | 'none';
  at: number;
  log?: string;
  resume?: string;
}

let plan: FaultPlan | undefined;
let count = 0;

function readPlan(): FaultPlan {
  const spec = process.env.TOKENMAXX_FAULT ?? '';
  const m = /^(kill|enospc|pause)@(\d+)$/.exec(spec);
  return {
    action: m ? (m[1] as FaultPlan['action']) : 'none',
    at: m ? Number(m[2]) : 0,
    log: process.env.TOKENMAXX_FAULT_LOG || undefined,
    resume: process.env.TOKENMAXX_FAULT_RESUME || undefined,
  };
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Marks the next file operation on an output folder; `label` says which (for the log). */
export function faultPoint(label: string): void {
  plan ??= readPlan();
  if (plan.action === 'none' && plan.log === undefined) return;
  count += 1;
  if (plan.log) appendFileSync(plan.log, `${count} ${label}\n`);
  if (count !== plan.at) return;
  if (plan.action === 'kill') process.kill(process.pid, 'SIGKILL');
  if (plan.action === 'enospc') {
    throw Object.assign(new Error(`ENOSPC: no space left on device, ${label}`), { code: 'ENOSPC', syscall: 'write' });
  }
  if (plan.action === 'pause') {
    process.stderr.write(`paused before operation ${count} (${label})\n`);
    while (!(plan.resume && existsSync(plan.resume))) sleepMs(20);
  }
}
