/**
 * Global setup: every test's temporary files go under one folder of the run (TMPDIR, which the
 * workers inherit and `os.tmpdir()` reads), removed when the run ends, so a test that leaves its
 * files behind cannot fill the machine's /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
