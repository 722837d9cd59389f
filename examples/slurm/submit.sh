#!/usr/bin/env bash
# Submits the study described in study.env to Slurm: an array job of SHARDS tasks (study.sbatch, at
# most THROTTLE at once), then a merge job (merge.sbatch) that starts only when every task succeeded.
#
#   bash submit.sh               every shard, then the merge
#   bash submit.sh --array 2     shard 2 only (one that failed or was lost), then a new merge
#   bash submit.sh --array 1,3   shards 1 and 3 only, then a new merge
#
# Run it on a login node, from anywhere; it prints the job ids and how to follow them. sbatch reads
# site options from the environment too, e.g. SBATCH_PARTITION=compute SBATCH_ACCOUNT=myproject.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STUDY_ENV="${STUDY_ENV:-$HERE/study.env}"
# shellcheck source=study.env
source "$STUDY_ENV"

usage() { echo "usage: bash submit.sh [--array INDEXES]   (INDEXES as sbatch takes them: 2, 1,3 or 0-7%4)" >&2; exit 2; }
array=""
while [ $# -gt 0 ]; do
  case "$1" in
    --array) [ $# -ge 2 ] || usage; array="$2"; shift 2 ;;
    --array=*) array="${1#--array=}"; shift ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage ;;
  esac
done

command -v sbatch >/dev/null || { echo "submit.sh: sbatch is not on PATH: run this on a Slurm login node" >&2; exit 1; }
case "$SHARDS" in ''|*[!0-9]*|0) echo "submit.sh: SHARDS must be a whole number above 0, not '$SHARDS'" >&2; exit 2 ;; esac
# The whole array by default: indexes 0 to SHARDS − 1, THROTTLE of them at once.
[ -n "$array" ] || array="0-$((SHARDS - 1))%${THROTTLE:-$SHARDS}"
# tokenmaxx usually sits at the same path on the login node as on the compute nodes: a missing one is
# worth a warning before the jobs wait in the queue, not an error (the nodes may differ).
$TOKENMAXX --version >/dev/null 2>&1 \
  || echo "submit.sh: warning: '$TOKENMAXX --version' fails here; the jobs need it to work on the compute nodes" >&2

# The study's folder holds a copy of the study as resolved now, which the jobs read: a later edit of
# study.env cannot make the shards of one study disagree. A folder that holds another study is refused.
mkdir -p "$STUDY/shards" "$STUDY/logs"
STUDY="$(cd "$STUDY" && pwd)"
frozen="$STUDY/study.env"
resolved="$(printf 'TOKENMAXX=%q\nSTUDY=%q\nCOMMAND=%q\nSHARDS=%q\nARGS=(' "$TOKENMAXX" "$STUDY" "$COMMAND" "$SHARDS"
  printf ' %q' "${ARGS[@]}"; printf ' )\n')"
if [ -f "$frozen" ]; then
  if [ "$(grep -v '^#' "$frozen")" != "$resolved" ]; then
    echo "submit.sh: $STUDY already holds another study (its study.env differs from this one):" >&2
    diff <(grep -v '^#' "$frozen") <(echo "$resolved") >&2 || true
    echo "submit.sh: set STUDY to a new folder, or remove $STUDY" >&2
    exit 2
  fi
else
  { echo "# The study submitted by submit.sh on $(date '+%F %T'); read by study.sbatch and merge.sbatch."
    echo "$resolved"; } >"$frozen"
fi

# Jobs are submitted from the study's folder: their logs (logs/…) and study.env are found there.
cd "$STUDY"
array_id="$(sbatch --parsable --array="$array" --export="ALL,STUDY_ENV=$frozen" "$HERE/study.sbatch")"
array_id="${array_id%%;*}"
# --kill-on-invalid-dep: if a shard fails, the merge can never start; Slurm then cancels it rather
# than leaving it pending for ever (reason DependencyNeverSatisfied).
merge_id="$(sbatch --parsable --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  --export="ALL,STUDY_ENV=$frozen" "$HERE/merge.sbatch")"
merge_id="${merge_id%%;*}"

echo "study:  tokenmaxx $COMMAND ${ARGS[*]}"
echo "        in $STUDY, $SHARDS shards"
echo "array job $array_id: shards $array; logs $STUDY/logs/shard-${array_id}_<index>.out"
echo "merge job $merge_id: once every shard above has succeeded; log $STUDY/logs/merge-$merge_id.out"
echo "result: $STUDY/result (open report.html when the merge job has finished)"
echo
echo "Watch:  squeue -j $array_id,$merge_id          (waiting and running; empty when all is done)"
echo "        sacct -X -j $array_id,$merge_id        (each task's state and exit code, also afterwards)"
echo
echo "If a shard fails or is lost (FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY or NODE_FAIL in sacct),"
echo "Slurm cancels the merge. Run that shard again (it resumes from the runs it finished), and merge"
echo "again; for shard 2:"
echo "        STUDY_ENV=$frozen bash $HERE/submit.sh --array 2"
echo "which is the same as:"
echo "        cd $STUDY && sbatch --array=2 $HERE/study.sbatch"
echo "        cd $STUDY && sbatch --dependency=afterok:<the job id it printed> $HERE/merge.sbatch"
