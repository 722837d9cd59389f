#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying the examples in examples/slurm/ and for the
# check in scripts/slurm/check.sh. Debian's slurm-wlm and munge, started by hand (no systemd).
#
#   bash scripts/slurm/cluster.sh up       install if missing, start, wait until the node is idle
#   bash scripts/slurm/cluster.sh status   say whether munged, slurmctld and slurmd run; sinfo
#   bash scripts/slurm/cluster.sh down     cancel every job on this cluster, stop the three daemons
#
# Needs root and apt-get (Debian 12). It writes /etc/slurm/slurm.conf, and refuses to replace one it
# did not write, so it cannot clobber a real cluster's configuration.
#
# Exit codes: 0 done; 2 usage; 3 Slurm cannot be installed or started here (no root, no apt-get, the
# install failed, a daemon died or the node never became idle), with a one-line reason as the last
# line on stderr, so that a caller can report "skipped: <reason>".
#
# Environment: CLUSTER_TIMEOUT seconds to wait for the node to come up (default 60).
set -uo pipefail

CONF_DIR=/etc/slurm
CONF="$CONF_DIR/slurm.conf"
# The first line of every slurm.conf this script writes; a slurm.conf without it is someone else's.
MARKER="# Written by tokenmaxx scripts/slurm/cluster.sh: a one-node test cluster."
LOG_DIR=/var/log/slurm
RUN_DIR=/run/slurm
STATE_DIR=/var/lib/slurm/slurmctld
SPOOL_DIR=/var/lib/slurm/slurmd
MUNGE_PID=/run/munge/munged.pid
CTLD_PID="$RUN_DIR/slurmctld.pid"
SLURMD_PID="$RUN_DIR/slurmd.pid"
TIMEOUT="${CLUSTER_TIMEOUT:-60}"
NODE="$(hostname -s)"

say() { echo "cluster: $*" >&2; }
# Slurm cannot be brought up here: print the reason as one line and exit 3.
cannot() { echo "cluster: cannot start Slurm: $*" >&2; exit 3; }

# Whether the process whose id is in file $1 is running (seen in /proc, so that a user other than
# root can ask about root's daemons).
alive() { [ -s "$1" ] && [ -d "/proc/$(cat "$1")" ]; }

# Lines of each daemon's log before this start, so that a reason is looked for in this start's lines.
declare -A LOG_START=()
mark_logs() {
  local f
  for f in "$LOG_DIR/slurmctld.log" "$LOG_DIR/slurmd.log"; do
    LOG_START[$f]="$( [ -f "$f" ] && wc -l <"$f" || echo 0)"
  done
}
# Why a daemon stopped: the last fatal line this start wrote to log $1, else its last error (the
# slurmd's harmless complaints about pmix aside), without the timestamp.
why() {
  [ -f "$1" ] || return 0
  local new line
  new="$(tail -n +"$((${LOG_START[$1]:-0} + 1))" "$1")"
  line="$(grep 'fatal' <<<"$new" | tail -n 1)"
  [ -n "$line" ] || line="$(grep 'error' <<<"$new" | grep -v -i -E 'pmix|MPI' | tail -n 1)"
  sed 's/^\[[^]]*\] *//' <<<"${line:-no reason in $1}"
}

print_logs() {
  local f
  for f in /var/log/munge/munged.log "$LOG_DIR/slurmctld.log" "$LOG_DIR/slurmd.log"; do
    [ -f "$f" ] || continue
    echo "----- last lines of $f -----" >&2
    tail -n 25 "$f" >&2
  done
}

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
    && [ -x /usr/sbin/munged ]; then
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || cannot "slurm-wlm and munge are not installed and installing them needs root"
  command -v apt-get >/dev/null || cannot "slurm-wlm and munge are not installed and there is no apt-get"
  say "installing slurm-wlm and munge with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d stops the packages' scripts from trying to start the daemons themselves (there is no
  # init system to start them with); this script starts them below. Only added if absent, and removed.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=1
  fi
  local ok=1
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge; } \
    >/tmp/tokenmaxx-slurm-apt.log 2>&1 || ok=0
  [ "$added_policy" -eq 1 ] && rm -f "$policy"
  if [ "$ok" -eq 0 ]; then
    tail -n 15 /tmp/tokenmaxx-slurm-apt.log >&2
    cannot "apt-get install slurm-wlm munge failed (log: /tmp/tokenmaxx-slurm-apt.log)"
  fi
}

start_munge() {
  if alive "$MUNGE_PID"; then return 0; fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge /etc/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 0755 /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    # munge 0.5.14+ has mungekey; older packages ship create-munge-key.
    if command -v mungekey >/dev/null; then
      mungekey --create --keyfile=/etc/munge/munge.key >/dev/null 2>&1 || cannot "mungekey could not create a key"
    elif command -v create-munge-key >/dev/null; then
      create-munge-key -f >/dev/null 2>&1 || cannot "create-munge-key could not create a key"
    else
      cannot "no munge key and neither mungekey nor create-munge-key"
    fi
  fi
  chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged >/dev/null 2>&1 || { print_logs; cannot "munged did not start"; }
  for _ in $(seq 1 20); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  print_logs
  cannot "munged started but does not answer"
}

write_conf() {
  if [ -f "$CONF" ] && ! head -n 1 "$CONF" | grep -qxF "$MARKER"; then
    cannot "$CONF exists and was not written by this script; not replacing it"
  fi
  local cpus mem_total margin mem
  cpus="$(nproc)"
  # RealMemory must not exceed what slurmd finds, or the node is drained: total memory in MB less a
  # margin (a tenth, at least 512 MB) for the daemons and the system.
  mem_total="$(free -m | awk '/^Mem:/ {print $2}')"
  margin=$((mem_total / 10)); [ "$margin" -lt 512 ] && margin=512
  mem=$((mem_total - margin)); [ "$mem" -lt 256 ] && mem=256
  mkdir -p "$CONF_DIR"
  cat >"$CONF.tmp" <<EOF
$MARKER
# Rewritten by every "cluster.sh up"; do not edit by hand.
ClusterName=tokenmaxx-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
# No cgroups in a container without systemd: track job processes through /proc and bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# One job per core: an array task asking --cpus-per-task=1 leaves the other cores to its siblings.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# Trust this file's node description over what slurmd detects (containers report host CPUs).
SlurmdParameters=config_overrides
ReturnToService=2
# No accounting database; a line per finished job goes to a text file instead.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG_DIR/jobcomp.log
# Keep finished jobs visible to scontrol for an hour (sacct needs a database this cluster lacks).
MinJobAge=3600
StateSaveLocation=$STATE_DIR
SlurmdSpoolDir=$SPOOL_DIR
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
SchedulerType=sched/backfill
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

make_dirs() {
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$STATE_DIR" "$SPOOL_DIR"
  chown slurm:slurm "$LOG_DIR" "$STATE_DIR" "$RUN_DIR"
  chmod 0755 "$LOG_DIR" "$STATE_DIR" "$RUN_DIR"
  touch "$LOG_DIR/jobcomp.log" && chown slurm:slurm "$LOG_DIR/jobcomp.log"
}

node_state() { sinfo -h -N -n "$NODE" -o '%T' 2>/dev/null | head -n 1; }

up() {
  if alive "$CTLD_PID" && alive "$SLURMD_PID" && alive "$MUNGE_PID"; then
    say "already running"
  else
    install_packages
    [ "$(id -u)" -eq 0 ] || cannot "starting munged, slurmctld and slurmd needs root"
    id slurm >/dev/null 2>&1 || cannot "the package did not create the slurm user"
    write_conf
    make_dirs
    mark_logs
    start_munge
    if ! alive "$CTLD_PID"; then
      slurmctld || { print_logs; cannot "slurmctld did not start"; }
    fi
    if ! alive "$SLURMD_PID"; then
      slurmd -N "$NODE" || { print_logs; cannot "slurmd did not start"; }
    fi
  fi
  # Wait for the node to be schedulable. A node left down by an earlier run is resumed once.
  local deadline=$((SECONDS + TIMEOUT)) state resumed=0
  while :; do
    state="$(node_state)"
    case "$state" in
      idle|mixed|allocated|mix|alloc) break ;;
      down*|drain*|fail*)
        if [ "$resumed" -eq 0 ]; then
          scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1
          resumed=1
        fi ;;
    esac
    alive "$CTLD_PID" || { print_logs; cannot "slurmctld exited: $(why "$LOG_DIR/slurmctld.log")"; }
    alive "$SLURMD_PID" || { print_logs; cannot "slurmd exited: $(why "$LOG_DIR/slurmd.log")"; }
    if [ "$SECONDS" -ge "$deadline" ]; then
      print_logs
      cannot "node $NODE not idle after ${TIMEOUT}s (state: ${state:-no answer from slurmctld})"
    fi
    sleep 1
  done
  say "up: node $NODE is $state ($(nproc) CPUs), partition debug"
}

down() {
  if alive "$CTLD_PID"; then
    # Every job on this throw-away cluster goes with it, so none is left running without slurmd.
    scancel --partition=debug --quiet 2>/dev/null
    for _ in $(seq 1 20); do
      [ -z "$(squeue -h -t running,completing -o '%i' 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  local name file pid
  for name in slurmd slurmctld munged; do
    case "$name" in
      slurmd) file="$SLURMD_PID" ;; slurmctld) file="$CTLD_PID" ;; munged) file="$MUNGE_PID" ;;
    esac
    alive "$file" || continue
    pid="$(cat "$file")"
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
    say "stopped $name ($pid)"
  done
  return 0
}

status() {
  local name file rc=0
  for name in munged slurmctld slurmd; do
    case "$name" in
      slurmd) file="$SLURMD_PID" ;; slurmctld) file="$CTLD_PID" ;; munged) file="$MUNGE_PID" ;;
    esac
    if alive "$file"; then echo "$name: running ($(cat "$file"))"; else echo "$name: not running"; rc=1; fi
  done
  [ "$rc" -eq 0 ] && sinfo
  return "$rc"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
