#!/usr/bin/env bash
# Runs the calibration described in calibrate.env on Slurm, round by round, until it is finished. A
# calibration cannot be split up front (each generation's points come from the last one's results),
# so each round is an array job of SHARDS tasks (calibrate.sbatch, at most THROTTLE at once), each
# simulating its share of the one batch of points the calibration needs next, then a merge job
# (calibrate-merge.sbatch) that starts only when every task succeeded. The merge either asks for
# another round, which this script then submits, or writes the calibration.
#
#   bash calibrate.sh            start the calibration, or carry on from the last round merged
#
# Run it on a login node, from anywhere, and leave it running (in tmux or screen, or under nohup): it
# waits for each round's jobs and prints a line per round. Where the calibration stands is on disk
# (the rounds merged in $CAL/merged, the jobs submitted in $CAL/jobs), so run again after a failure,
# a Ctrl-C or a logout, it carries on from the last round merged. A round's jobs still queued or running from an earlier start are waited for, not
# submitted twice; of a round that failed, only the shards that did not finish are submitted again
# (one that was stopped part-way resumes from its checkpoint). sbatch reads site options from the
# environment, e.g. SBATCH_PARTITION=compute SBATCH_ACCOUNT=myproject; POLL is the seconds between
# two looks at the queue (default 15).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CAL_ENV="${CAL_ENV:-$HERE/calibrate.env}"
# shellcheck source=calibrate.env
source "$CAL_ENV"
POLL="${POLL:-15}"

case "${1:-}" in
  '') ;;
  -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: bash calibrate.sh   (the calibration is described in calibrate.env; see --help)" >&2; exit 2 ;;
esac

command -v sbatch >/dev/null || { echo "calibrate.sh: sbatch is not on PATH: run this on a Slurm login node" >&2; exit 1; }
case "$SHARDS" in ''|*[!0-9]*|0) echo "calibrate.sh: SHARDS must be a whole number above 0, not '$SHARDS'" >&2; exit 2 ;; esac
case "$POLL" in ''|*[!0-9]*|0) echo "calibrate.sh: POLL must be a whole number of seconds above 0, not '$POLL'" >&2; exit 2 ;; esac
$TOKENMAXX --version >/dev/null 2>&1 \
  || echo "calibrate.sh: warning: '$TOKENMAXX --version' fails here; the jobs need it to work on the compute nodes" >&2

# The calibration's folder holds a copy of the calibration as resolved now, which the jobs read: a
# later edit of calibrate.env cannot make two rounds, or two shards of a round, disagree. A folder that
# holds another calibration is refused.
mkdir -p "$CAL/rounds" "$CAL/merged" "$CAL/logs"
CAL="$(cd "$CAL" && pwd)"
frozen="$CAL/calibrate.env"
resolved="$(printf 'TOKENMAXX=%q\nCAL=%q\nSHARDS=%q\nARGS=(' "$TOKENMAXX" "$CAL" "$SHARDS"
  printf ' %q' "${ARGS[@]}"; printf ' )\n')"
# THROTTLE is not part of it (the jobs do not read it), but is kept there as a default for a later
# start from that copy (CAL_ENV=$CAL/calibrate.env), which THROTTLE in the environment still overrides.
calibration() { grep -v -e '^#' -e '^THROTTLE=' "$1"; }
if [ -f "$frozen" ]; then
  if [ "$(calibration "$frozen")" != "$resolved" ]; then
    echo "calibrate.sh: $CAL already holds another calibration (its calibrate.env differs from this one):" >&2
    diff <(calibration "$frozen") <(echo "$resolved") >&2 || true
    echo "calibrate.sh: set CAL to a new folder, or remove $CAL; to carry on with the calibration in it:" >&2
    echo "        CAL_ENV=$frozen bash ${BASH_SOURCE[0]}" >&2
    exit 2
  fi
else
  { echo "# The calibration started by calibrate.sh on $(date '+%F %T'); read by calibrate.sbatch and calibrate-merge.sbatch."
    echo "$resolved"
    # shellcheck disable=SC2016  # ${THROTTLE:-…} is written as such, for the file to expand when read
    printf 'THROTTLE="${THROTTLE:-%s}"\n' "${THROTTLE:-$SHARDS}"; } >"$frozen"
fi
# The job ids of every round submitted, a line each: "round R array A merge M" (A is - when only the
# merge was submitted, M while it is not yet); a round's last line counts. Read by a later start, to
# wait for jobs still queued rather than submit them again.
JOBS_FILE="$CAL/jobs"
touch "$JOBS_FILE"
resume="CAL_ENV=$frozen bash $HERE/calibrate.sh"

# One calibrate.sh at a time for a calibration: two would submit every round twice.
if command -v flock >/dev/null; then
  exec 9>"$CAL/.calibrate.sh.lock"
  flock -n 9 || { echo "calibrate.sh: another calibrate.sh is running for $CAL" >&2; exit 1; }
fi

# The last round merged: the highest r with a finished merged/r (a merge writes its folder all or
# nothing); 0 before the first.
last_merged() {
  local d r last=0
  for d in "$CAL"/merged/*/; do
    r="$(basename "$d")"
    case "$r" in ''|*[!0-9]*) continue ;; esac
    [ -f "$d/manifest.json" ] && [ "$r" -gt "$last" ] && last="$r"
  done
  echo "$last"
}

# Shard I of round R is finished when rounds/R/I holds its shard.json (also written all or nothing).
unfinished_shards() {
  local i
  for ((i = 0; i < SHARDS; i++)); do
    [ -f "$CAL/rounds/$1/$i/shard.json" ] || echo "$i"
  done
}

# The job ids still pending, running or completing among $1 (comma-separated). Fails when squeue cannot
# answer (slurmctld busy or unreachable); ids Slurm has forgotten are no longer queued.
queued() {
  local out
  if out="$(squeue -h -j "$1" -o '%i' 2>&1)"; then echo "$out"; return 0; fi
  grep -q -i 'invalid job id' <<<"$out" && return 0
  return 1
}

# Job ids $@ as squeue -j takes them, comma-separated, without the - of a job not submitted.
job_ids() {
  local id out=""
  for id in "$@"; do
    case "$id" in ''|-) ;; *) out="${out:+$out,}$id" ;; esac
  done
  echo "$out"
}

# Waits until none of the jobs $1 (comma-separated) is queued.
wait_for() {
  local left warned=0
  while :; do
    if left="$(queued "$1")"; then
      [ -z "$left" ] && return 0
    elif [ "$warned" -eq 0 ]; then
      echo "calibrate.sh: squeue does not answer; trying again every ${POLL}s" >&2
      warned=1
    fi
    sleep "$POLL"
  done
}

# The state Slurm gives job or task $1, as far as it still knows it (sacct where there is accounting,
# else scontrol for the few minutes a finished job stays in memory).
state_of() {
  local s
  s="$(sacct -n -X -P -j "$1" -o State 2>/dev/null | head -n 1)"
  [ -n "$s" ] || s="$(scontrol -o show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1)"
  echo "${s:-no longer known to Slurm}"
}

# The last lines of log $1 (a failure's), without the progress lines.
tail_log() {
  [ -f "$1" ] || { echo "        (no log: the job never started)"; return 0; }
  grep -v -E '^(Simulating|\[)' "$1" | tail -n 6 | sed 's/^/        /' || true
}

# The files of the finished calibration in merged/$1, how to make them on one machine, and its table
# from merge log $2 if there is one.
finished() {
  local out="$CAL/merged/$1" command
  command="$(sed -n 's/^ *"command": "\(.*\)",$/\1/p' "$out/manifest.json" | head -n 1)"
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    echo
    sed -n '/^Posterior:/,/^A held-out fact/p' "$2"
    echo
  fi
  echo "The calibration is finished: $out"
  echo "        $(cd "$out" && find . -type f | sed 's|^\./||' | sort | paste -sd ' ')"
  echo "The same files, byte for byte, on one machine (in a folder of its own: --out is relative):"
  echo "        ${command:-tokenmaxx calibrate … --out merged/$1}"
  echo "Use it with: tokenmaxx run --posterior $out/posterior.json --draws 20 …"
}

stopped() {
  echo
  echo "calibrate.sh: stopped; the jobs it submitted carry on. To wait for them and carry on:"
  echo "        $resume"
  exit 130
}
trap stopped INT TERM

echo "calibration: tokenmaxx calibrate ${ARGS[*]}"
echo "        in $CAL, $SHARDS shards a round, ${THROTTLE:-$SHARDS} at once"
while :; do
  last="$(last_merged)"
  if [ -f "$CAL/merged/$last/posterior.json" ]; then
    merge_log=""
    merge_id="$(awk -v r="$last" '$1 == "round" && $2 == r {m = $6} END {print m}' "$JOBS_FILE")"
    [ -z "$merge_id" ] || merge_log="$CAL/logs/calibrate-merge-$merge_id.out"
    finished "$last" "$merge_log"
    exit 0
  fi
  round=$((last + 1))
  start=$SECONDS

  # Jobs of this round submitted by an earlier start and still queued: wait for them.
  array_id="" merge_id=""
  read -r array_id merge_id < <(awk -v r="$round" '$1 == "round" && $2 == r {a = $4; m = $6} END {print a, m}' "$JOBS_FILE")
  ids="$(job_ids "$array_id" "$merge_id")"
  if [ -n "$ids" ] && left="$(queued "$ids")" && [ -n "$left" ]; then
    echo "round $round: waiting for its jobs of an earlier start (job ids $ids)"
  else
    # Of a round submitted before, only the shards that did not finish; none if they all did (the merge
    # failed or was cancelled alone). A Ctrl-C waits until the round's jobs are submitted and recorded.
    trap '' INT TERM
    mapfile -t todo < <(unfinished_shards "$round")
    after=()
    array_id="-"
    if [ ${#todo[@]} -gt 0 ]; then
      if [ ${#todo[@]} -eq "$SHARDS" ]; then array="0-$((SHARDS - 1))"; else array="$(IFS=,; echo "${todo[*]}")"; fi
      array="$array%${THROTTLE:-$SHARDS}"
      # Jobs are submitted from the calibration's folder: their logs (logs/…) and calibrate.env are there.
      array_id="$(cd "$CAL" && sbatch --parsable --array="$array" --export="ALL,CAL_ENV=$frozen,ROUND=$round" "$HERE/calibrate.sbatch")"
      array_id="${array_id%%;*}"
      echo "round $round array $array_id merge -" >>"$JOBS_FILE"
      # --kill-on-invalid-dep: if a shard fails, the merge can never start; Slurm then cancels it
      # rather than leaving it pending for ever (reason DependencyNeverSatisfied).
      after=(--dependency="afterok:$array_id" --kill-on-invalid-dep=yes)
    fi
    merge_id="$(cd "$CAL" && sbatch --parsable "${after[@]}" --export="ALL,CAL_ENV=$frozen,ROUND=$round" "$HERE/calibrate-merge.sbatch")"
    merge_id="${merge_id%%;*}"
    echo "round $round array $array_id merge $merge_id" >>"$JOBS_FILE"
    if [ "$array_id" = - ]; then
      echo "round $round: its shards are finished; merge job $merge_id"
    else
      echo "round $round: array job $array_id (shards $array), then merge job $merge_id"
    fi
    ids="$(job_ids "$array_id" "$merge_id")"
    trap stopped INT TERM
  fi
  wait_for "$ids"

  merge_log="$CAL/logs/calibrate-merge-$merge_id.out"
  if [ -f "$CAL/merged/$round/manifest.json" ]; then
    # What the round simulated, and which shards took points from the checkpoint of an earlier
    # attempt, from the shards' logs; what the next round needs, from the merge's.
    logs="$(cat "$CAL/logs/calibrate-${array_id}_"*.out 2>/dev/null)" || true
    batch="$(sed -n 's/^\(.*\): a batch of \([0-9]*\) points; shard .*/\1, \2 points/p' <<<"$logs" | head -n 1)" || true
    resumed="$(sed -n 's/.*; shard \([0-9]*\)\/[0-9]* simulated [0-9]* of them, \([0-9]*\) taken from the checkpoint.*/shard \1 resumed with \2 from its checkpoint/p' <<<"$logs" \
      | paste -sd ',' | sed 's/,/, /g')" || true
    [ -z "$resumed" ] || batch="$batch ($resumed)"
    if [ -f "$CAL/merged/$round/posterior.json" ]; then
      echo "round $round: ${batch:+$batch, }merged in $((SECONDS - start))s; the calibration is finished"
    else
      next="$(sed -n 's/.*The calibration needs another round: \(.*\), \([0-9]*\) points\..*/\1, \2 points/p' "$merge_log" 2>/dev/null)" || true
      echo "round $round: ${batch:+$batch, }merged in $((SECONDS - start))s into merged/$round; next: ${next:-another round}"
    fi
    continue
  fi

  # The round did not finish: say which job failed, and how to carry on.
  mapfile -t lost < <(unfinished_shards "$round")
  if [ ${#lost[@]} -gt 0 ]; then
    echo "round $round FAILED: shard(s) $(IFS=,; echo "${lost[*]}") of $SHARDS did not finish; merge job $merge_id: $(state_of "$merge_id")"
    for i in "${lost[@]}"; do
      log="$CAL/logs/calibrate-${array_id}_$i.out"
      echo "    shard $i, job ${array_id}_$i: $(state_of "${array_id}_$i"); its log $log ends:"
      tail_log "$log"
    done
    echo "Fix the cause if there is one (a --time or --mem too small in calibrate.sbatch; a lost node needs"
    echo "nothing), then run calibrate.sh again: it submits the shards of round $round that did not finish"
    echo "(one stopped part-way resumes from its checkpoint), then the merge, and carries on:"
  else
    echo "round $round FAILED: every shard finished, but merge job $merge_id did not write merged/$round"
    echo "    merge job $merge_id: $(state_of "$merge_id"); its log $merge_log ends:"
    tail_log "$merge_log"
    echo "Fix the cause if there is one, then run calibrate.sh again: it submits the merge of round $round"
    echo "again, and carries on:"
  fi
  echo "        $resume"
  exit 1
done
