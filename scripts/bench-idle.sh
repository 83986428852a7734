#!/usr/bin/env bash
# What the suite costs while nobody uses it: the CPU each process takes over a quiet window, after the
# services have settled. Starts the suite on the simulator (its own run dir, bench/target/idle) when the
# gateway is not up, and takes it down again at the end; infrastructure already running is left running.
#
#   scripts/bench-idle.sh [--settle 120] [--seconds 120]
#
# Prints, per process, the CPU seconds (user + system, from /proc/<pid>/stat) over the window and the share
# of one core. Linux only. Nothing may use the suite meanwhile: the window is the point.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SETTLE=120
SECONDS_MEASURED=120
while [ $# -gt 0 ]; do
    case "$1" in
        --settle) [ $# -ge 2 ] || die "--settle needs seconds"; SETTLE="$2"; shift 2 ;;
        --seconds) [ $# -ge 2 ] || die "--seconds needs seconds"; SECONDS_MEASURED="$2"; shift 2 ;;
        *) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
[ -r /proc/self/stat ] || die "needs /proc (Linux)"

RUN_DIR="${SWITCHBOARD_RUN_DIR:-$SWITCHBOARD_ROOT/.run}"
if ! curl -fsS -o /dev/null http://127.0.0.1:4000/q/health/ready 2>/dev/null; then
    RUN_DIR="$SWITCHBOARD_ROOT/bench/target/idle"
    trap 'SWITCHBOARD_RUN_DIR="$RUN_DIR" "$SWITCHBOARD_ROOT/scripts/suite.sh" down --keep-infra >/dev/null 2>&1 || true' EXIT
    SWITCHBOARD_RUN_DIR="$RUN_DIR" "$SWITCHBOARD_ROOT/scripts/suite.sh" up --simulator >&2
fi

# name pid, for every service of the suite that runs, Kafka and Redis.
processes() {
    local file pid
    for file in "$RUN_DIR"/pids/*.pid; do
        [ -f "$file" ] || continue
        pid="$(cat "$file")"
        kill -0 "$pid" 2>/dev/null && echo "$(basename "$file" .pid) $pid"
    done
    pid="$(pgrep -f 'kafka\.Kafka' | head -1 || true)"
    [ -n "$pid" ] && echo "kafka $pid"
    pid="$(pgrep -x redis-server | head -1 || true)"
    [ -n "$pid" ] && echo "redis $pid"
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

log "letting the suite settle for $SETTLE s, then measuring $SECONDS_MEASURED s of quiet"
sleep "$SETTLE"
mapfile -t listed < <(processes)
declare -A before
for entry in "${listed[@]}"; do before[$entry]="$(ticks "${entry#* }")"; done
sleep "$SECONDS_MEASURED"
hz="$(getconf CLK_TCK)"
printf '| process | CPU s over %s s | %% of one core |\n|---|---:|---:|\n' "$SECONDS_MEASURED"
for entry in "${listed[@]}"; do
    used=$(( $(ticks "${entry#* }") - ${before[$entry]} ))
    awk -v name="${entry% *}" -v t="$used" -v hz="$hz" -v s="$SECONDS_MEASURED" \
        'BEGIN { printf "| %s | %.2f | %.1f |\n", name, t / hz, 100 * t / hz / s }'
done
