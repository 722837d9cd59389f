#!/usr/bin/env bash
# The end-to-end check of sharded studies and calibrations on Slurm, run by CI: the examples in
# examples/slurm/, on a one-node cluster on this machine (scripts/slurm/cluster.sh), against the same
# study and calibration run on one machine.
#
#   1. Bring the cluster up. If Slurm cannot be installed or started here (no root, no apt-get, a
#      daemon dies: cluster.sh exits 3), print "slurm check: SKIPPED — <reason>" and exit 0.
#   2. The example's study (examples/slurm/study.env) run on one machine, into a scratch folder.
#   3. The same study through examples/slurm/submit.sh: an array of SHARDS (≥ 4) shard jobs and the
#      merge job that waits for them. Every file of the merged result must equal the single-machine
#      one byte for byte.
#   4. Lost shards: a slightly larger study submitted the same way; once shards 1 and 2 have finished
#      runs in their checkpoints, shard 1 is killed outright (SIGKILL, as a node failure or the OOM
#      killer would) and shard 2 is cancelled the ordinary way (SIGTERM, as at a time limit). The
#      other shards must finish; the merge job must never start (Slurm cancels it: its dependency can
#      no longer be met) and `tokenmaxx merge` by hand must refuse, exit 2, name both shards and write
#      nothing. Then only shards 1 and 2 are submitted again (submit.sh --array 1,2): each log must say
#      it took runs from its checkpoint, the new merge must succeed, and its result must again equal
#      the single-machine one byte for byte.
#   5. A calibration in rounds: the example's calibration (examples/slurm/calibrate.env, SHARDS ≥ 4)
#      through examples/slurm/calibrate.sh, with a file of the user's left in the folder round 2's
#      shard 1 writes: that shard must fail and calibrate.sh stop, exit 1, name it and write no
#      merged/2. With the file gone, calibrate.sh run again must submit shard 1 alone, carry on round
#      by round to the end, and the calibration it wrote must equal the same calibration run on one
#      machine (the same arguments and relative --out) byte for byte. Run once more, it must say the
#      calibration is finished and submit nothing.
#   6. Print "slurm check: passed" or "slurm check: FAILED — <what>" (exit 1), and bring the cluster
#      down again (unless it was already running before the check).
#
# Needs root and apt-get (Debian) the first time, to install slurm-wlm and munge. About three minutes
# on 2 cores. TOKENMAXX may name the tokenmaxx command; by default the check builds this checkout and
# runs dist/src/cli/main.js. The scratch folder is removed when the check passes and kept (its path
# printed) when it fails. CHECK_TIMEOUT: seconds to wait for each set of jobs (default 240).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EXAMPLE="$ROOT/examples/slurm"
CLUSTER="$ROOT/scripts/slurm/cluster.sh"
TIMEOUT="${CHECK_TIMEOUT:-240}"

say() { echo "slurm check: $*"; }
SCRATCH=""
JOBS=()               # every job this check submitted, cancelled on the way out
CLUSTER_WAS_UP=0
finish() {
  local status=$?
  [ ${#JOBS[@]} -gt 0 ] && scancel "${JOBS[@]}" 2>/dev/null
  if [ "$CLUSTER_WAS_UP" -eq 0 ]; then bash "$CLUSTER" down >/dev/null 2>&1; fi
  exit "$status"
}
trap finish EXIT
fail() {
  echo "slurm check: FAILED — $*"
  [ -n "$SCRATCH" ] && echo "slurm check: the study folders and job logs are kept in $SCRATCH"
  exit 1
}

# --- 1. the cluster ---------------------------------------------------------------------------------
bash "$CLUSTER" status >/dev/null 2>&1 && CLUSTER_WAS_UP=1
up_log="$(mktemp)"
bash "$CLUSTER" up 2>"$up_log"
up_status=$?
if [ "$up_status" -eq 3 ]; then
  reason="$(grep 'cannot start Slurm' "$up_log" | tail -n 1 | sed 's/^cluster: cannot start Slurm: //')"
  rm -f "$up_log"
  say "SKIPPED — ${reason:-Slurm cannot be started here}"
  exit 0
elif [ "$up_status" -ne 0 ]; then
  cat "$up_log"; rm -f "$up_log"
  fail "scripts/slurm/cluster.sh up exited $up_status"
fi
cat "$up_log"; rm -f "$up_log"

if [ -z "${TOKENMAXX:-}" ]; then
  (cd "$ROOT" && npm run build --silent) || fail "npm run build failed"
  TOKENMAXX="node $ROOT/dist/src/cli/main.js"
fi
export TOKENMAXX
SCRATCH="$(mktemp -d /tmp/tokenmaxx-slurm-check.XXXXXX)"

# The shards run with --workers set to their --cpus-per-task, and the merged result records the
# study's command as the shards ran it (without --shard): so the single-machine run is given the same
# --workers, for its manifest and report to be the same bytes. (The results never depend on it.)
CPUS="$(sed -n 's/^#SBATCH --cpus-per-task=\([0-9][0-9]*\).*/\1/p' "$EXAMPLE/study.sbatch" | head -n 1)"
[ -n "$CPUS" ] || fail "no #SBATCH --cpus-per-task= line in examples/slurm/study.sbatch"

# The study's command, run on one machine from folder $2 with --out result (and no --quiet: the
# result records the command line); study file $1.
single() {
  (
    # shellcheck source=/dev/null
    source "$1"
    mkdir -p "$2" && cd "$2" || exit 1
    $TOKENMAXX "$COMMAND" "${ARGS[@]}" --workers "$CPUS" --out result >single.log 2>&1
  ) || { tail -n 20 "$2/single.log"; fail "the single-machine study in $2 failed"; }
}

# Submits through the example's submit.sh; sets ARRAY and MERGE to the job ids it printed.
submit() {
  local out
  out="$("$@" 2>&1)" || { echo "$out"; fail "submit.sh failed"; }
  ARRAY="$(sed -n 's/^array job \([0-9][0-9]*\):.*/\1/p' <<<"$out")"
  MERGE="$(sed -n 's/^merge job \([0-9][0-9]*\):.*/\1/p' <<<"$out")"
  if [ -z "$ARRAY" ] || [ -z "$MERGE" ]; then echo "$out"; fail "submit.sh printed no array and merge job ids"; fi
  JOBS+=("$ARRAY" "$MERGE")
  say "submitted array job $ARRAY and merge job $MERGE"
}

# Waits until none of the given jobs is pending or running.
wait_jobs() {
  local ids deadline=$((SECONDS + TIMEOUT))
  ids="$(IFS=,; echo "$*")"
  while [ -n "$(squeue -h -j "$ids" -o '%i' 2>/dev/null)" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      squeue -j "$ids"
      fail "jobs $ids still queued or running after ${TIMEOUT}s"
    fi
    sleep 1
  done
}

# "TASK STATE" for each task of an array job, or "- STATE" for a plain job (cluster.sh keeps finished
# jobs visible to scontrol for an hour; this cluster has no accounting database for sacct).
states() {
  scontrol -o show job "$1" 2>/dev/null | while read -r line; do
    local task state
    task="$(sed -n 's/.*ArrayTaskId=\([^ ]*\).*/\1/p' <<<"$line")"
    state="$(sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' <<<"$line")"
    echo "${task:--} $state"
  done | sort -n
}
state_of() { states "$1" | awk -v t="$2" '$1 == t {print $2}'; }

# Shows the last lines of the study's logs (for a failure).
show_logs() {
  local f
  for f in "$1"/logs/*.out; do
    [ -f "$f" ] || continue
    echo "----- $f -----"; grep -v '^Simulating' "$f" | tail -n 8
  done
}

# Every file under $1 and $2 the same bytes; lists the differences.
same_files() {
  local differences
  differences="$(diff -r -q "$1" "$2" 2>&1)"
  if [ -n "$differences" ]; then
    echo "$differences"
    fail "the merged result $2 differs from the single-machine $1"
  fi
  say "merged result = single-machine result, byte for byte ($(find "$1" -type f | wc -l) files: $(cd "$1" && find . -type f | sed 's|^\./||' | sort | paste -sd ' '))"
}

# Whether checkpoint $1 holds a finished run: anything past its header line is one (or part of one).
has_records() {
  [ -f "$1" ] || return 1
  local header size
  header="$(head -n 1 "$1" | wc -c)"
  size="$(stat -c %s "$1")"
  [ "$size" -gt "$header" ]
}

# Waits until array task $1_$2 is running and its checkpoint $3 holds a finished run.
wait_checkpoint() {
  local deadline=$((SECONDS + TIMEOUT)) state
  while :; do
    state="$(state_of "$1" "$2")"
    if [ "$state" = RUNNING ] && has_records "$3"; then return 0; fi
    case "$state" in
      COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL)
        fail "shard $2 ended ($state) before it could be stopped mid-run: make the lost-shard study larger" ;;
    esac
    [ "$SECONDS" -lt "$deadline" ] || fail "shard $2 wrote no finished run to $3 in ${TIMEOUT}s"
    sleep 0.2
  done
}

# --- 2 and 3. the example's study, single machine and sharded ---------------------------------------
(source "$EXAMPLE/study.env"; [ "$SHARDS" -ge 4 ]) || fail "examples/slurm/study.env must have SHARDS of 4 or more"
start=$SECONDS
single "$EXAMPLE/study.env" "$SCRATCH/single"
say "single-machine study in $((SECONDS - start))s"

start=$SECONDS
STUDY="$SCRATCH/sharded"
submit env STUDY="$STUDY" bash "$EXAMPLE/submit.sh"
wait_jobs "$ARRAY" "$MERGE"
tasks="$(states "$ARRAY")"
if grep -v -q ' COMPLETED$' <<<"$tasks" || [ "$(state_of "$MERGE" -)" != COMPLETED ]; then
  echo "$tasks"; echo "merge: $(state_of "$MERGE" -)"; show_logs "$STUDY"
  fail "a job of the sharded study did not complete"
fi
say "$(wc -l <<<"$tasks") shards and the merge completed in $((SECONDS - start))s"
same_files "$SCRATCH/single/result" "$STUDY/result"

# --- 4. lost shards -----------------------------------------------------------------------------
# The example's study with 8,000 employees: each shard runs for several seconds, time to stop it
# between two of its runs.
LOST_ENV="$SCRATCH/lost-study.env"
{
  cat "$EXAMPLE/study.env"
  echo 'COMMAND=sweep'
  echo 'ARGS=(amazon-2026 --vary reviews.managerLeak=0:0.4 --levels 5 --reps 8 --employees 8000 --weeks 156 --report)'
  echo 'SHARDS=4 THROTTLE=2'
} >"$LOST_ENV"
STUDY="$SCRATCH/lost"
start=$SECONDS
submit env STUDY_ENV="$LOST_ENV" STUDY="$STUDY" bash "$EXAMPLE/submit.sh"

wait_checkpoint "$ARRAY" 1 "$STUDY/shards/.1.tokenmaxx-checkpoint"
# --batch: SIGKILL to the shard's own process, now. (Without --batch, scancel --signal=KILL is an
# ordinary cancel: SIGTERM, then SIGKILL after KillWait.)
scancel --batch --signal=KILL "${ARRAY}_1" || fail "scancel --batch --signal=KILL ${ARRAY}_1 failed"
say "killed shard 1 (scancel --batch --signal=KILL ${ARRAY}_1) with $(($(stat -c %s "$STUDY/shards/.1.tokenmaxx-checkpoint") - $(head -n 1 "$STUDY/shards/.1.tokenmaxx-checkpoint" | wc -c))) bytes of finished runs in its checkpoint"
wait_checkpoint "$ARRAY" 2 "$STUDY/shards/.2.tokenmaxx-checkpoint"
scancel "${ARRAY}_2" || fail "scancel ${ARRAY}_2 failed"
say "cancelled shard 2 (scancel ${ARRAY}_2) mid-run"

wait_jobs "$ARRAY" "$MERGE"
for task in 0 3; do
  [ "$(state_of "$ARRAY" $task)" = COMPLETED ] || { show_logs "$STUDY"; fail "shard $task did not complete: $(state_of "$ARRAY" $task)"; }
  [ -f "$STUDY/shards/$task/shard.json" ] || fail "shard $task completed but $STUDY/shards/$task has no shard.json"
done
for task in 1 2; do
  case "$(state_of "$ARRAY" $task)" in
    COMPLETED|"") fail "shard $task was stopped, but Slurm has it as '$(state_of "$ARRAY" $task)'" ;;
  esac
  [ ! -e "$STUDY/shards/$task" ] || fail "shard $task was stopped mid-run, yet its folder $STUDY/shards/$task exists"
done
merge_state="$(state_of "$MERGE" -)"
if [ "$merge_state" = COMPLETED ] || [ -e "$STUDY/result" ]; then
  fail "the merge job ran ($merge_state) although shards 1 and 2 were lost"
fi
say "shards 0 and 3 completed, 1 is $(state_of "$ARRAY" 1), 2 is $(state_of "$ARRAY" 2); the merge job never started ($merge_state: $(scontrol -o show job "$MERGE" | sed -n 's/.*Reason=\([^ ]*\).*/\1/p'))"

merge_out="$(cd "$STUDY" && $TOKENMAXX merge shards/* --out result 2>&1)"
merge_status=$?
if [ "$merge_status" -ne 2 ] || ! grep -q 'missing: 1, 2' <<<"$merge_out" || [ -e "$STUDY/result" ]; then
  echo "$merge_out"
  fail "tokenmaxx merge of shards 0 and 3 exited $merge_status; expected exit 2, 'missing: 1, 2' and no $STUDY/result"
fi
say "tokenmaxx merge by hand refused, exit 2: $(grep 'missing' <<<"$merge_out" | head -n 1)"

submit env STUDY_ENV="$STUDY/study.env" bash "$EXAMPLE/submit.sh" --array 1,2
wait_jobs "$ARRAY" "$MERGE"
for task in 1 2; do
  log="$STUDY/logs/shard-${ARRAY}_$task.out"
  [ "$(state_of "$ARRAY" $task)" = COMPLETED ] || { show_logs "$STUDY"; fail "shard $task, submitted again, did not complete"; }
  line="$(grep -E "^shard $task/4: .*[1-9][0-9]* of them taken from the checkpoint" "$log")" \
    || { show_logs "$STUDY"; fail "the log of shard $task, submitted again ($log), does not say it took runs from the checkpoint"; }
  say "shard $task again: $line"
done
[ "$(state_of "$MERGE" -)" = COMPLETED ] || { show_logs "$STUDY"; fail "the new merge job did not complete"; }
say "lost shards re-run and merged in $((SECONDS - start))s"

start=$SECONDS
single "$LOST_ENV" "$SCRATCH/lost-single"
say "single-machine study in $((SECONDS - start))s"
same_files "$SCRATCH/lost-single/result" "$STUDY/result"

# --- 5. a calibration in rounds ---------------------------------------------------------------------
(source "$EXAMPLE/calibrate.env"; [ "$SHARDS" -ge 4 ]) || fail "examples/slurm/calibrate.env must have SHARDS of 4 or more"
# As for the study: the shards run with --workers set to their --cpus-per-task, which the calibration's
# manifest records.
CAL_CPUS="$(sed -n 's/^#SBATCH --cpus-per-task=\([0-9][0-9]*\).*/\1/p' "$EXAMPLE/calibrate.sbatch" | head -n 1)"
[ -n "$CAL_CPUS" ] || fail "no #SBATCH --cpus-per-task= line in examples/slurm/calibrate.sbatch"
CAL="$SCRATCH/calibration"

# Runs calibrate.sh (with the environment in "$@"), at most TIMEOUT seconds; sets CAL_OUT to what it
# printed and CAL_STATUS to its exit code. Its jobs are cancelled on the way out, as the study's are.
calibrate_sh() {
  CAL_OUT="$(timeout "$TIMEOUT" env POLL=1 "$@" bash "$EXAMPLE/calibrate.sh" 2>&1)"
  CAL_STATUS=$?
  [ -f "$CAL/jobs" ] && mapfile -t -O "${#JOBS[@]}" JOBS < <(awk '{print $4; print $6}' "$CAL/jobs" | grep -v '^-$' | sort -u)
  [ "$CAL_STATUS" -ne 124 ] || { echo "$CAL_OUT"; fail "calibrate.sh did not finish in ${TIMEOUT}s"; }
}

# A file of the user's where round 2's shard 1 writes: tokenmaxx refuses that folder, the shard fails.
mkdir -p "$CAL/rounds/2/1" && echo "not tokenmaxx's" >"$CAL/rounds/2/1/notes.txt"
start=$SECONDS
calibrate_sh CAL="$CAL"
if [ "$CAL_STATUS" -ne 1 ] || ! grep -q '^round 2 FAILED: shard(s) 1 of ' <<<"$CAL_OUT" \
  || ! grep -q 'notes.txt' <<<"$CAL_OUT" || [ -e "$CAL/merged/2" ] || [ ! -f "$CAL/merged/1/round.json" ]; then
  echo "$CAL_OUT"
  fail "calibrate.sh with round 2's shard 1 failing exited $CAL_STATUS; expected exit 1, merged/1, no merged/2, and 'round 2 FAILED: shard(s) 1 of …'"
fi
grep -E '^round [0-9]+:' <<<"$CAL_OUT" | while read -r line; do say "calibrate.sh: $line"; done
say "calibrate.sh stopped in $((SECONDS - start))s, exit 1: $(grep '^round 2 FAILED' <<<"$CAL_OUT")"

rm -r "$CAL/rounds/2/1"
start=$SECONDS
calibrate_sh CAL_ENV="$CAL/calibrate.env"
if [ "$CAL_STATUS" -ne 0 ] || ! grep -q -E '^round 2: array job [0-9]+ \(shards 1%[0-9]+\)' <<<"$CAL_OUT"; then
  echo "$CAL_OUT"; show_logs "$CAL"
  fail "calibrate.sh run again exited $CAL_STATUS; expected exit 0, and round 2's shard 1 submitted alone"
fi
grep -E '^round [0-9]+:' <<<"$CAL_OUT" | while read -r line; do say "calibrate.sh again: $line"; done
LAST="$(sed -n 's|^The calibration is finished: .*/merged/\([0-9][0-9]*\)$|\1|p' <<<"$CAL_OUT")"
if [ -z "$LAST" ] || [ ! -f "$CAL/merged/$LAST/posterior.json" ]; then
  echo "$CAL_OUT"; fail "calibrate.sh exited 0 but names no finished calibration merged/N with a posterior.json"
fi
say "calibration finished in merged/$LAST, $((SECONDS - start))s after the restart"

start=$SECONDS
(
  # shellcheck source=/dev/null
  source "$EXAMPLE/calibrate.env"
  mkdir -p "$SCRATCH/calibration-single" && cd "$SCRATCH/calibration-single" || exit 1
  $TOKENMAXX calibrate "${ARGS[@]}" --workers "$CAL_CPUS" --out "merged/$LAST" >single.log 2>&1
) || { tail -n 20 "$SCRATCH/calibration-single/single.log"; fail "the single-machine calibration failed"; }
say "single-machine calibration in $((SECONDS - start))s"
same_files "$SCRATCH/calibration-single/merged/$LAST" "$CAL/merged/$LAST"

submitted="$(wc -l <"$CAL/jobs")"
calibrate_sh CAL_ENV="$CAL/calibrate.env"
if [ "$CAL_STATUS" -ne 0 ] || ! grep -q "^The calibration is finished: $CAL/merged/$LAST\$" <<<"$CAL_OUT" \
  || grep -q -E '^round [0-9]+:' <<<"$CAL_OUT" || [ "$(wc -l <"$CAL/jobs")" -ne "$submitted" ]; then
  echo "$CAL_OUT"
  fail "calibrate.sh run after the end exited $CAL_STATUS; expected exit 0, 'The calibration is finished' and no job submitted"
fi
say "calibrate.sh run once more: the calibration is finished in merged/$LAST; nothing submitted"

rm -rf "$SCRATCH"
say "passed"
