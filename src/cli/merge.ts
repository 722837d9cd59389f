/**
 * `tokenmaxx merge DIR.. --out OUT`: the finished shards of a study, put back together. The shards
 * are verified and checked as one set (src/experiment/shard.ts); then the study's own command line,
 * as the shards ran it but without --shard and with the merge's --out, is run again with every run
 * taken from the shards and none simulated. The files are those of the study run on one machine,
 * byte for byte: the same code writes them from the same runs.
 */
import { hasFlag, readShards, replacingFlag, withoutFlag } from '../experiment/shard.js';
import { toolVersion } from '../paths.js';
import type { MergeContext } from './flags.js';

/** The merge's own flags. */
export interface MergeFlags {
  out: string;
  quiet: boolean;
  force: boolean;
}

/**
 * Merges the shards in `dirs` into `flags.out` by running the study's command line (`run`: the CLI
 * itself) with the shards as the source of its runs. Throws InputError naming every problem of the
 * shards, or of the study's command line here, before anything is written.
 */
export async function mergeCommand(dirs: readonly string[], flags: MergeFlags, run: (argv: readonly string[], context: MergeContext) => Promise<void>): Promise<void> {
  const shards = readShards(dirs, toolVersion());
  try {
    const argv = withoutFlag(shards.argv, ['shard']);
    // A shard always has its --out (the shard refuses to run without one); a forged record may not.
    const study = hasFlag(argv, ['out', 'o']) ? replacingFlag(argv, ['out', 'o'], flags.out) : [...argv, '--out', flags.out];
    await run(study, { fromShards: shards, force: flags.force, quiet: flags.quiet });
  } finally {
    shards.close();
  }
}
